import { defineCheck } from '../../core/check.js';
import { cis, pssBaseline } from '../../core/framework.js';
import { joinLabels, podContextPath } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-W-013',
    name: 'windows-host-process',
    title: 'Windows HostProcess container',
    area: 'workload',
    severity: 'high',
    description:
      "A Windows HostProcess container runs directly on the node, outside any container isolation, with the node's network and file system and, typically, as SYSTEM or a node administrator account: it is the Windows equivalent of a privileged container. Pod Security Standards baseline forbids `windowsOptions.hostProcess: true` at pod and container level.",
    remediation: 'Remove `hostProcess: true`; run node administration through a dedicated, tightly controlled namespace labelled `pod-security.kubernetes.io/enforce: privileged` rather than in application namespaces:\n\n```yaml\nspec:\n  securityContext:\n    windowsOptions:\n      hostProcess: false\n```',
    frameworks: [cis('5.2.10'), pssBaseline('HostProcess')],
    messages: { hostProcess: '{{subject}} sets windowsOptions.hostProcess: true: it runs on the node without container isolation' },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      if (pod.spec.securityContext?.windowsOptions?.hostProcess === true) {
        // windowsOptions merges field by field: a container inherits hostProcess unless it sets that field itself.
        const heirs = pod.containers.filter((c) => {
          const own = c.container.securityContext?.windowsOptions?.hostProcess;
          return own === undefined || own === null;
        });
        const scope = heirs.length > 0 ? `inherited by ${joinLabels(heirs)}` : 'every container overrides it, but Pod Security Admission rejects the pod-level value all the same';
        report({ messageId: 'hostProcess', data: { subject: `the pod securityContext (${scope})` }, resource: pod.resource, path: podContextPath(pod, 'windowsOptions', 'hostProcess') });
      }
      for (const c of pod.containers) {
        if (c.container.securityContext?.windowsOptions?.hostProcess !== true) continue;
        report({ messageId: 'hostProcess', data: { subject: c.label }, resource: pod.resource, path: [...c.path, 'securityContext', 'windowsOptions', 'hostProcess'] });
      }
    }
  },
});
