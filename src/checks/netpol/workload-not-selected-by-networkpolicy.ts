import { defineCheck } from '../../core/check.js';
import { cis, nsa } from '../../core/framework.js';
import type { NetPod } from '../../analysis/netpol/index.js';
import { hasClusterScopedPolicies, namespacesWithCniPolicies, namespacesWithPolicies, netpolEngine, workloadLocation } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-N-012',
    name: 'workload-not-selected-by-networkpolicy',
    title: 'Workload selected by no NetworkPolicy',
    area: 'network',
    severity: 'medium',
    description:
      'A pod that no NetworkPolicy selects is isolated in neither direction: it accepts connections from every pod and address and may connect anywhere, even when its neighbours are locked down. This usually means a policy selector misses the workload\'s labels. Reported for workloads in namespaces that have NetworkPolicies (namespaces without any are reported by KF-N-002); hostNetwork workloads are skipped (policies do not apply to them), and namespaces with CNI-specific or cluster-scoped policies are not evaluated.',
    remediation:
      'Cover the workload: add a default deny to its namespace (`podSelector: {}`, policyTypes Ingress and Egress), or fix the selector of the policy meant for it so that it matches the pod template labels. `kubefort netpol reach --to <ns>/<workload>` shows what reaches it today.',
    frameworks: [cis('5.3.2'), nsa('Network separation and hardening: network policies')],
    messages: {
      unselected: '{{workload}} is selected by no NetworkPolicy of namespace "{{namespace}}" ({{policies}} policies there): it accepts connections from everywhere and may connect anywhere',
    },
    kinds: ['NetworkPolicy'],
  },
  run(inventory, { report }) {
    if (hasClusterScopedPolicies(inventory)) return;
    const engine = netpolEngine(inventory);
    const withPolicies = namespacesWithPolicies(engine);
    const cni = namespacesWithCniPolicies(inventory);
    for (const workload of engine.model.workloads) {
      const policies = withPolicies.get(workload.namespace);
      if (policies === undefined || cni.has(workload.namespace)) continue;
      // Skipped when every pod uses hostNetwork; selected when some pod-network pod is isolated either way.
      let podNetwork = false;
      let selected = false;
      for (const i of workload.pods) {
        if ((engine.model.pods[i] as NetPod).hostNetwork) continue;
        podNetwork = true;
        const c = engine.classOfPod[i] as number;
        if ((engine.isolating.ingress[c] as number[]).length > 0 || (engine.isolating.egress[c] as number[]).length > 0) {
          selected = true;
          break;
        }
      }
      if (!podNetwork || selected) continue;
      const at = workloadLocation(engine, workload);
      report({ messageId: 'unselected', data: { workload: workload.id, namespace: workload.namespace, policies: policies.length }, resource: at.resource, path: at.path });
    }
  },
});
