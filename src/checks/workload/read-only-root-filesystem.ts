import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { containerContextPath, isWindowsPod } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-W-020',
    name: 'read-only-root-filesystem',
    title: 'Root filesystem is writable',
    area: 'workload',
    severity: 'low',
    description:
      "A writable root filesystem lets an attacker who gets code execution drop tools, modify binaries or configuration, and persist until the container restarts. The NSA/CISA guide recommends immutable container filesystems: `readOnlyRootFilesystem: true`, with emptyDir volumes for the paths the program must write. Not part of the Pod Security Standards; Windows pods, which cannot set it, are skipped.",
    remediation: 'Make the root filesystem read-only and mount writable scratch space where needed:\n\n```yaml\ncontainers:\n  - name: app\n    securityContext:\n      readOnlyRootFilesystem: true\n    volumeMounts:\n      - {name: tmp, mountPath: /tmp}\nvolumes:\n  - name: tmp\n    emptyDir: {}\n```',
    frameworks: [nsa('Pod security: immutable container file systems')],
    messages: {
      explicitFalse: '{{container}} sets readOnlyRootFilesystem: false: its root filesystem is writable',
      unset: '{{container}} does not set readOnlyRootFilesystem: true: its root filesystem is writable',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      if (isWindowsPod(pod)) continue;
      for (const c of pod.containers) {
        const value = c.container.securityContext?.readOnlyRootFilesystem;
        if (value === true) continue;
        if (value === false) report({ messageId: 'explicitFalse', data: { container: c.label }, resource: pod.resource, path: [...c.path, 'securityContext', 'readOnlyRootFilesystem'] });
        else report({ messageId: 'unset', data: { container: c.label }, resource: pod.resource, path: containerContextPath(c) });
      }
    }
  },
});
