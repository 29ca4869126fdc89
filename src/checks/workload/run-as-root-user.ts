import { defineCheck } from '../../core/check.js';
import { nsa, pssRestricted } from '../../core/framework.js';
import { inUserNamespace, podContextPath, podLevelSubject } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-W-017',
    name: 'run-as-root-user',
    title: 'Container runs as UID 0',
    area: 'workload',
    severity: 'high',
    description:
      '`runAsUser: 0` runs the container as root whatever its image says: every file the process can reach and every capability it keeps are root\'s, and a container escape lands as root on the node. Pod Security Standards restricted forbids 0 at pod and container level (unset is allowed; see run-as-non-root). Pods with their own user namespace (`hostUsers: false`) are exempt (PSS policy v1.35+).',
    remediation: 'Use a non-zero UID, or remove `runAsUser` and let a non-root image USER apply, guarded by `runAsNonRoot`:\n\n```yaml\nspec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n```',
    frameworks: [pssRestricted('Running as Non-root user'), nsa('Pod security: non-root and unprivileged containers')],
    messages: { root: '{{subject}} sets runAsUser: 0 (root)' },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      if (inUserNamespace(pod)) continue;
      if (pod.spec.securityContext?.runAsUser === 0) {
        report({ messageId: 'root', data: { subject: podLevelSubject(pod, 'runAsUser') }, resource: pod.resource, path: podContextPath(pod, 'runAsUser') });
      }
      for (const c of pod.containers) {
        if (c.container.securityContext?.runAsUser !== 0) continue;
        report({ messageId: 'root', data: { subject: c.label }, resource: pod.resource, path: [...c.path, 'securityContext', 'runAsUser'] });
      }
    }
  },
});
