import { defineCheck } from '../../core/check.js';
import { pssBaseline, pssRestricted } from '../../core/framework.js';
import { podContextPath, podLevelSubject } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-W-011',
    name: 'seccomp-unconfined',
    title: 'Seccomp explicitly disabled',
    area: 'workload',
    severity: 'medium',
    description:
      "Seccomp filters the system calls a container may make; the runtime's default profile blocks around fifty rarely needed, often exploited ones (`unshare`, `keyctl`, `bpf`, `mount` …). `seccompProfile.type: Unconfined` switches the filter off, even on nodes whose kubelet applies RuntimeDefault by default (`seccompDefault`). Both Pod Security Standards levels forbid it, at pod and container level.",
    remediation: 'Set the runtime default profile on the pod (containers inherit it), or a profile loaded on the node for the container that needs more system calls:\n\n```yaml\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      securityContext:\n        seccompProfile:\n          type: Localhost\n          localhostProfile: profiles/app.json\n```',
    frameworks: [pssBaseline('Seccomp'), pssRestricted('Seccomp')],
    messages: { unconfined: '{{subject}} sets seccompProfile.type Unconfined: no system call filtering' },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      if (pod.spec.securityContext?.seccompProfile?.type === 'Unconfined') {
        report({ messageId: 'unconfined', data: { subject: podLevelSubject(pod, 'seccompProfile') }, resource: pod.resource, path: podContextPath(pod, 'seccompProfile', 'type') });
      }
      for (const c of pod.containers) {
        if (c.container.securityContext?.seccompProfile?.type !== 'Unconfined') continue;
        report({ messageId: 'unconfined', data: { subject: c.label }, resource: pod.resource, path: [...c.path, 'securityContext', 'seccompProfile', 'type'] });
      }
    }
  },
});
