import { defineCheck } from '../../core/check.js';
import { cis, pssBaseline } from '../../core/framework.js';
import { allLabels } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-W-003',
    name: 'host-ipc',
    title: 'Pod shares the host IPC namespace',
    area: 'workload',
    severity: 'high',
    description:
      "With `hostIPC: true` the pod's containers share System V IPC and POSIX message queues and shared memory with every process on the node: they can read and tamper with other processes' shared memory segments.",
    remediation: 'Remove `hostIPC` from the pod spec (the default is `false`); share memory between containers of one pod with an `emptyDir` volume with `medium: Memory`:\n\n```yaml\nspec:\n  hostIPC: false\n```',
    frameworks: [cis('5.2.4'), pssBaseline('Host Namespaces')],
    messages: { hostIPC: "the pod shares the host IPC namespace: {{containers}} can reach the node's shared memory and message queues" },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      if (pod.spec.hostIPC !== true) continue;
      report({ messageId: 'hostIPC', data: { containers: allLabels(pod) }, resource: pod.resource, path: [...pod.specPath, 'hostIPC'] });
    }
  },
});
