import { defineCheck } from '../../core/check.js';
import { cis, nsa } from '../../core/framework.js';
import { namespacesWithoutDefaultDeny } from './_default-deny.js';
import { netpolEngine } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-N-010',
    name: 'namespace-without-default-deny-ingress',
    title: 'Namespace without a default-deny ingress policy',
    area: 'network',
    severity: 'medium',
    description:
      'A pod is isolated for ingress only if a policy with Ingress in its policyTypes selects it; every other pod accepts connections from every pod and address. Policies that select some workloads leave the rest, and every workload added later, open. A default deny (`podSelector: {}`, policyTypes Ingress, no allow-all rule) closes the namespace; the other policies then open what is needed. Reported for namespaces that have NetworkPolicies but no such default deny (namespaces without any policy are reported by KF-N-002). Not evaluated where CNI-specific or cluster-scoped policies (Calico, Cilium, AdminNetworkPolicy) exist.',
    remediation:
      'Add a default deny for ingress to the namespace, then allow each flow explicitly:\n\n```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\n  namespace: <namespace>\nspec:\n  podSelector: {}\n  policyTypes: ["Ingress"]\n```\n\n`kubefort netpol generate` writes it with the allow rules for the flows you list, and `kubefort netpol reach` shows what remains allowed.',
    frameworks: [cis('5.3.2'), nsa('Network separation and hardening: network policies')],
    messages: {
      missing: 'namespace "{{namespace}}" has NetworkPolicies but no default deny for ingress: {{open}} of its {{total}} workloads accept connections from every pod and address, and so will every new one',
    },
    kinds: ['NetworkPolicy', 'Namespace'],
  },
  run(inventory, { report }) {
    for (const m of namespacesWithoutDefaultDeny(inventory, netpolEngine(inventory), 'ingress')) {
      report({ messageId: 'missing', data: { namespace: m.namespace, open: m.open, total: m.total }, resource: m.resource, path: m.path });
    }
  },
});
