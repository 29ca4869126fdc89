import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { addressEgress, METADATA_ADDRESS } from '../../analysis/netpol/index.js';
import { hasClusterScopedPolicies, hasPodNetworkPods, namespacesWithCniPolicies, namespacesWithPolicies, netpolEngine, workloadLocation } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-N-016',
    name: 'egress-to-cloud-metadata',
    title: 'Egress allowed to the cloud metadata address',
    area: 'network',
    severity: 'high',
    description:
      'The instance metadata service at 169.254.169.254 hands out the node\'s cloud credentials on many platforms (AWS IMDSv1, GCP, Azure, OpenStack): a pod that can reach it can often act as the node in the cloud account. A common cause is an egress rule to 0.0.0.0/0 without `except: [169.254.169.254/32]`. Reported for workloads whose egress policies still allow the address (high), and for workloads that no egress policy isolates in namespaces that use NetworkPolicies (medium; namespaces without any policy are reported by KF-N-002). hostNetwork workloads are skipped: NetworkPolicy does not govern them.',
    remediation:
      'Exclude the address from egress rules to the internet, and deny egress by default:\n\n```yaml\negress:\n  - to:\n      - ipBlock:\n          cidr: 0.0.0.0/0\n          except: ["169.254.169.254/32", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]\n```\n\nAlso require IMDSv2 with a hop limit of 1 (AWS) or use workload identity, so that pods cannot use node credentials.',
    frameworks: [nsa('Network separation and hardening: network policies')],
    messages: {
      allowedByRule: '{{workload}} may connect to the cloud metadata address 169.254.169.254 ({{conns}}): allowed by {{rules}}',
      notIsolated: '{{workload}} may connect to the cloud metadata address 169.254.169.254: no NetworkPolicy isolates its egress',
    },
    kinds: ['NetworkPolicy'],
  },
  run(inventory, { report }) {
    if (hasClusterScopedPolicies(inventory)) return;
    const engine = netpolEngine(inventory);
    const withPolicies = namespacesWithPolicies(engine);
    const cni = namespacesWithCniPolicies(inventory);
    for (const workload of engine.model.workloads) {
      if (cni.has(workload.namespace)) continue;
      if (!hasPodNetworkPods(engine, workload)) continue;
      const reach = addressEgress(engine, workload, METADATA_ADDRESS);
      if (reach.allowed.isEmpty) continue;
      const at = workloadLocation(engine, workload);
      if (reach.rules.length > 0 && reach.isolated) {
        report({ messageId: 'allowedByRule', data: { workload: workload.id, conns: reach.allowed.toString(), rules: reach.rules.join(', ') }, resource: at.resource, path: at.path });
      } else if (withPolicies.has(workload.namespace)) {
        report({ messageId: 'notIsolated', data: { workload: workload.id }, resource: at.resource, path: at.path, severity: 'medium' });
      }
    }
  },
});
