import { defineCheck } from '../../core/check.js';
import { cis, nsa } from '../../core/framework.js';
import type { PodSpecView } from '../../core/workloads.js';

/**
 * Namespaced policy kinds that isolate pods. Calico's own `NetworkPolicy` (projectcalico.org) shares
 * the kind name and counts as well; any policy counts, including one with an empty podSelector.
 */
const POLICY_KINDS: readonly string[] = ['NetworkPolicy', 'CiliumNetworkPolicy'];

export default defineCheck({
  meta: {
    id: 'KF-N-002',
    name: 'namespace-without-networkpolicy',
    title: 'Namespace without any NetworkPolicy',
    area: 'network',
    severity: 'medium',
    description:
      'Without a NetworkPolicy, every pod of a namespace accepts traffic from every pod of the cluster and may connect anywhere: one compromised pod reaches every database and internal API. A default-deny policy per namespace, then explicit allows, is the baseline. The check reports each namespace that has pod-bearing workloads in the input but no NetworkPolicy (or CiliumNetworkPolicy) at all, once, on its first workload; workloads on the host network are not counted (policies do not apply to them), and objects without a namespace are skipped (their namespace is unknown until deployed). Namespaces whose policies could not be listed (a live scan without permission) are left to KF-G-001 scan-coverage. Cluster-wide policies (AdminNetworkPolicy, CiliumClusterwideNetworkPolicy, Calico GlobalNetworkPolicy) are not evaluated, and a policy only isolates pods if the CNI enforces it.',
    remediation:
      'Start every namespace with a default deny, then allow what each workload needs:\n\n```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: <namespace>\nspec:\n  podSelector: {}\n  policyTypes: ["Ingress", "Egress"]\n```\n\nRemember to allow DNS egress (UDP and TCP 53 to kube-dns) once egress is denied.',
    frameworks: [cis('5.3.2'), nsa('Network separation and hardening: network policies')],
    messages: {
      noPolicy: 'namespace "{{namespace}}" has {{count}} {{workloads}} and no NetworkPolicy: its pods accept traffic from anywhere and may connect anywhere',
    },
    kinds: ['NetworkPolicy', 'CiliumNetworkPolicy'],
  },
  run(inventory, { report }) {
    const covered = new Set<string | undefined>();
    for (const kind of POLICY_KINDS) for (const policy of inventory.ofKind(kind)) covered.add(policy.ref.namespace);
    // A kind the scanner was not allowed to list is unknown, not absent (KF-G-001 reports the gap);
    // a kind the API server does not serve (404, e.g. no Cilium) really has no objects.
    for (const gap of inventory.gaps) {
      if (!POLICY_KINDS.includes(gap.kind) || gap.status === 404) continue;
      if (gap.namespace === undefined) return;
      covered.add(gap.namespace);
    }
    const byNamespace = new Map<string, PodSpecView[]>();
    for (const pod of inventory.podSpecs()) {
      const namespace = pod.resource.ref.namespace;
      if (namespace === undefined || covered.has(namespace) || pod.spec.hostNetwork === true) continue;
      const pods = byNamespace.get(namespace);
      if (pods === undefined) byNamespace.set(namespace, [pod]);
      else pods.push(pod);
    }
    for (const [namespace, pods] of byNamespace) {
      const first = pods[0];
      if (first === undefined) continue;
      report({
        messageId: 'noPolicy',
        data: { namespace, count: pods.length, workloads: pods.length === 1 ? 'workload' : 'workloads' },
        resource: first.resource,
        path: [],
      });
    }
  },
});
