import { defineCheck } from '../../core/check.js';
import { formatSelector, isEmptySelector } from '../../analysis/netpol/index.js';
import { namespacesWithPods, netpolEngine } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-N-013',
    name: 'networkpolicy-selects-nothing',
    title: 'NetworkPolicy or peer that selects no pod',
    area: 'network',
    severity: 'low',
    description:
      'A policy whose podSelector matches no pod of its namespace has no effect, and a peer whose podSelector matches no pod allows nothing: both are usually a label typo or a stale policy, and they give false confidence that a workload is protected or reachable. Reported only for namespaces that have workloads in the input (a policy applied before its workloads is not flagged when they are absent).',
    remediation:
      'Make the selector match the pod template labels (`kubectl get pods -n <ns> --show-labels`), or delete the stale policy. `kubefort netpol matrix` shows the effect of the change.',
    frameworks: [],
    messages: {
      selectsNothing: 'spec.podSelector ({{selector}}) matches no pod of namespace "{{namespace}}": the policy has no effect',
      peerSelectsNothing: '{{peer}} podSelector ({{selector}}) matches no pod of namespace "{{namespace}}": the peer allows nothing',
    },
    kinds: ['NetworkPolicy'],
  },
  run(inventory, { report }) {
    const engine = netpolEngine(inventory);
    const populated = namespacesWithPods(engine);
    for (const policy of engine.model.policies) {
      if (!populated.has(policy.namespace)) continue;
      if ((engine.selected[policy.index] as Int32Array).length === 0) {
        report({ messageId: 'selectsNothing', data: { selector: formatSelector(policy.podSelector), namespace: policy.namespace }, resource: policy.resource, path: ['spec', 'podSelector'] });
      }
      for (const rule of [...policy.ingress, ...policy.egress]) {
        if (rule.peers === 'all') continue;
        for (const peer of rule.peers) {
          if (peer.namespaceSelector !== undefined || peer.ipBlock !== undefined || peer.invalid !== undefined || peer.podSelector === undefined || isEmptySelector(peer.podSelector)) continue;
          if (engine.peerClasses(policy, peer).length > 0) continue;
          const field = rule.direction === 'ingress' ? 'from' : 'to';
          report({
            messageId: 'peerSelectsNothing',
            data: { peer: `spec.${rule.direction}[${rule.index}].${field}[${peer.index}]`, selector: formatSelector(peer.podSelector), namespace: policy.namespace },
            resource: policy.resource,
            path: [...rule.path, field, peer.index, 'podSelector'],
          });
        }
      }
    }
  },
});
