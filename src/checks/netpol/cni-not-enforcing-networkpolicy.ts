import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { nonEnforcingCni } from '../../analysis/netpol/index.js';

export default defineCheck({
  meta: {
    id: 'KF-N-017',
    name: 'cni-not-enforcing-networkpolicy',
    title: 'Network plugin does not enforce NetworkPolicy',
    area: 'network',
    severity: 'critical',
    description:
      'NetworkPolicy objects are enforced by the network plugin, not by Kubernetes. Flannel alone does not enforce them: the API server accepts every policy and nothing is blocked, so the policies give false confidence. The plugin is recognised from its DaemonSets and pods (live cluster, or manifests that include them): flannel without Calico (Canal), Cilium, Antrea, kube-router, Weave Net, Azure NPM or the AWS network policy agent beside it. Critical when NetworkPolicies exist; medium otherwise (any policy added later will not work). Not applicable when no plugin is recognised.',
    remediation:
      'Run a plugin that enforces NetworkPolicy: replace flannel with Calico, Cilium or Antrea, or add Calico for policy on top of flannel (Canal). Then check enforcement with a probe (e.g. a default deny and a `kubectl run` pod that must fail to connect).',
    frameworks: [nsa('Network separation and hardening: network policies')],
    messages: {
      policiesIgnored: 'the pod network is {{plugin}} alone ({{evidence}}), which does not enforce NetworkPolicy: the {{count}} NetworkPolicies in the input have no effect',
      noEnforcement: 'the pod network is {{plugin}} alone ({{evidence}}), which does not enforce NetworkPolicy: any policy added will have no effect',
    },
    kinds: ['DaemonSet', 'NetworkPolicy'],
  },
  run(inventory, { report }) {
    const found = nonEnforcingCni(inventory);
    if (found === undefined) return;
    const count = inventory.ofKind('NetworkPolicy').filter((p) => p.ref.apiVersion.startsWith('networking.k8s.io/')).length;
    const data = { plugin: found.plugin.name, evidence: found.evidence, count };
    if (count > 0) report({ messageId: 'policiesIgnored', data, resource: found.resource, path: [] });
    else report({ messageId: 'noEnforcement', data, resource: found.resource, path: [], severity: 'medium' });
  },
});
