import { defineCheck } from '../../core/check.js';
import { cis, nsa, pssRestricted } from '../../core/framework.js';
import { containerContextPath, isWindowsPod } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-W-015',
    name: 'privilege-escalation-allowed',
    title: 'Privilege escalation not disabled',
    area: 'workload',
    severity: 'medium',
    description:
      "Unless `allowPrivilegeEscalation` is `false`, the kernel's no_new_privs flag stays off and a process can gain privileges through setuid or setgid binaries (su, sudo, ping on some images) or file capabilities. Unset means allowed. Pod Security Standards restricted requires an explicit `false` on every container, init container and ephemeral container of a Linux pod.",
    remediation: 'Set it on every container (it has no pod-level equivalent):\n\n```yaml\ncontainers:\n  - name: app\n    securityContext:\n      allowPrivilegeEscalation: false\n```',
    frameworks: [cis('5.2.6'), pssRestricted('Privilege Escalation'), nsa('Pod security: non-root and unprivileged containers')],
    messages: {
      explicitTrue: '{{container}} sets allowPrivilegeEscalation: true: setuid binaries can gain privileges',
      unset: '{{container}} does not set allowPrivilegeEscalation: false, so it is allowed: setuid binaries can gain privileges',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      if (isWindowsPod(pod)) continue; // a Linux-only control: PSS exempts spec.os.name windows
      for (const c of pod.containers) {
        const value = c.container.securityContext?.allowPrivilegeEscalation;
        if (value === false) continue;
        if (value === true) report({ messageId: 'explicitTrue', data: { container: c.label }, resource: pod.resource, path: [...c.path, 'securityContext', 'allowPrivilegeEscalation'] });
        else report({ messageId: 'unset', data: { container: c.label }, resource: pod.resource, path: containerContextPath(c) });
      }
    }
  },
});
