import { defineCheck } from '../../core/check.js';
import { cis, pssBaseline } from '../../core/framework.js';
import { allLabels } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-W-002',
    name: 'host-pid',
    title: 'Pod shares the host PID namespace',
    area: 'workload',
    severity: 'high',
    description:
      "With `hostPID: true` the pod's containers see every process on the node: they can read other processes' environment variables and command lines (often holding secrets), and with ptrace or root attach to them or kill them, including the kubelet and the container runtime.",
    remediation: 'Remove `hostPID` from the pod spec (the default is `false`); debug node processes with an ephemeral debug pod instead:\n\n```yaml\nspec:\n  hostPID: false\n```',
    frameworks: [cis('5.2.3'), pssBaseline('Host Namespaces')],
    messages: { hostPID: 'the pod shares the host PID namespace: {{containers}} can see and signal every process on the node' },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      if (pod.spec.hostPID !== true) continue;
      report({ messageId: 'hostPID', data: { containers: allLabels(pod) }, resource: pod.resource, path: [...pod.specPath, 'hostPID'] });
    }
  },
});
