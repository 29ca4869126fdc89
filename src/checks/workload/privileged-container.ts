import { defineCheck } from '../../core/check.js';
import { cis, nsa, pssBaseline } from '../../core/framework.js';

export default defineCheck({
  meta: {
    id: 'KF-W-001',
    name: 'privileged-container',
    title: 'Privileged container',
    area: 'workload',
    severity: 'high',
    description:
      'A privileged container has every capability and access to all host devices: it is root on the node, and one escape away from the whole cluster.',
    remediation: 'Remove `privileged: true`, and grant only the capabilities the process needs:\n\n```yaml\nsecurityContext:\n  privileged: false\n  capabilities:\n    drop: ["ALL"]\n```',
    frameworks: [cis('5.2.2'), pssBaseline('Privileged Containers'), nsa('Pod security: non-root and unprivileged containers')],
    messages: { privileged: '{{container}} runs privileged' },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      for (const c of pod.containers) {
        if (c.container.securityContext?.privileged === true) {
          report({
            messageId: 'privileged',
            data: { container: c.label },
            resource: pod.resource,
            path: [...c.path, 'securityContext', 'privileged'],
          });
        }
      }
    }
  },
});
