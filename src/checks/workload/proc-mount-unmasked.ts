import { defineCheck } from '../../core/check.js';
import { pssBaseline } from '../../core/framework.js';
import { inUserNamespace } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-W-010',
    name: 'proc-mount-unmasked',
    title: '/proc mounted without masks',
    area: 'workload',
    severity: 'high',
    description:
      "The runtime masks and makes read-only the parts of /proc that reach the host kernel (`/proc/sys`, `/proc/sysrq-trigger`, `/proc/kcore` …). `procMount: Unmasked` removes those masks, exposing kernel settings and host information to the container. Pod Security Standards baseline allows only `Default`; since Kubernetes 1.35 baseline makes an exception for pods in their own user namespace (`hostUsers: false`), but restricted does not (reported as low).",
    remediation: 'Remove `procMount` (the default is `Default`):\n\n```yaml\nsecurityContext:\n  procMount: Default\n```\n\nNested container builds that need an unmasked /proc should run with `hostUsers: false` in a namespace whose Pod Security level is baseline.',
    frameworks: [pssBaseline('/proc Mount Type')],
    messages: {
      unmasked: '{{container}} sets procMount {{procMount}}: the host kernel parts of /proc are no longer masked',
      unmaskedUserNamespace:
        '{{container}} sets procMount {{procMount}} in a pod with its own user namespace (hostUsers: false): baseline allows it since Kubernetes 1.35, restricted does not',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      for (const c of pod.containers) {
        const procMount = c.container.securityContext?.procMount;
        if (procMount === undefined || procMount === null || procMount === 'Default') continue;
        const path = [...c.path, 'securityContext', 'procMount'];
        if (inUserNamespace(pod)) report({ messageId: 'unmaskedUserNamespace', data: { container: c.label, procMount }, resource: pod.resource, path, severity: 'low' });
        else report({ messageId: 'unmasked', data: { container: c.label, procMount }, resource: pod.resource, path });
      }
    }
  },
});
