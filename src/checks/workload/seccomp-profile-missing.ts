import { defineCheck } from '../../core/check.js';
import { cis, pssRestricted } from '../../core/framework.js';
import { containerContextPath, isWindowsPod, joinLabels, podContextPath } from './_util.js';

const ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);

export default defineCheck({
  meta: {
    id: 'KF-W-018',
    name: 'seccomp-profile-missing',
    title: 'No seccomp profile',
    area: 'workload',
    severity: 'medium',
    description:
      "Without a seccomp profile a container may call every system call the kernel offers, including the rarely needed ones most kernel exploits go through, unless the kubelet happens to run with `seccompDefault: true`. Pod Security Standards restricted requires the effective `seccompProfile.type` of every container of a Linux pod to be RuntimeDefault or Localhost: set on the pod, or on each container that the pod does not cover. An explicit Unconfined is reported by seccomp-unconfined (KF-W-011).",
    remediation: 'Set the runtime default once on the pod; containers inherit it:\n\n```yaml\nspec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n```',
    frameworks: [cis('5.6.2'), pssRestricted('Seccomp')],
    messages: {
      missing: 'seccompProfile is set neither on the pod nor on {{containers}}: no system call filtering unless the kubelet enables seccompDefault',
      invalidType: '{{subject}} sets seccompProfile.type {{type}}; restricted requires RuntimeDefault or Localhost',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      if (isWindowsPod(pod)) continue; // a Linux-only control: PSS exempts spec.os.name windows
      const missing = [];
      for (const c of pod.containers) {
        const effective = c.effective('seccompProfile');
        if (effective === undefined) {
          missing.push(c);
          continue;
        }
        const type = effective.value.type;
        if (type === 'Unconfined' || (type !== undefined && ALLOWED_TYPES.has(type))) continue; // Unconfined: KF-W-011
        const fromPod = c.container.securityContext?.seccompProfile === undefined || c.container.securityContext.seccompProfile === null;
        report({
          messageId: 'invalidType',
          data: { subject: fromPod ? 'the pod securityContext' : c.label, type: type ?? '(unset)' },
          resource: pod.resource,
          path: type === undefined ? effective.path : [...effective.path, 'type'],
        });
      }
      if (missing.length === 0) continue;
      if (missing.length === pod.containers.length) {
        const path = pod.spec.securityContext === undefined || pod.spec.securityContext === null ? pod.specPath : podContextPath(pod);
        report({ messageId: 'missing', data: { containers: joinLabels(missing) }, resource: pod.resource, path });
      } else {
        for (const c of missing) report({ messageId: 'missing', data: { containers: c.label }, resource: pod.resource, path: containerContextPath(c) });
      }
    }
  },
});
