import { defineCheck, type Report } from '../../core/check.js';
import { pssBaseline } from '../../core/framework.js';
import type { JsonPath } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import type { SecurityContext } from '../../core/k8s.js';
import { podContextPath, podLevelSubject } from './_util.js';

/** PSS baseline "SELinux" (policy v1.31+): the types a container may run as; empty means the runtime's default. */
const ALLOWED_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

type Options = NonNullable<SecurityContext['seLinuxOptions']>;
type MessageId = 'type' | 'userOrRole';

function* problems(options: Options, subject: string, resource: Resource, at: JsonPath): Generator<Report<MessageId>> {
  if (options.type !== undefined && options.type !== null && !ALLOWED_TYPES.has(options.type))
    yield { messageId: 'type', data: { subject, type: options.type }, resource, path: [...at, 'type'] };
  for (const field of ['user', 'role'] as const) {
    const value = options[field];
    if (value !== undefined && value !== null && value !== '') yield { messageId: 'userOrRole', data: { subject, field, value }, resource, path: [...at, field] };
  }
}

export default defineCheck({
  meta: {
    id: 'KF-W-009',
    name: 'selinux-options',
    title: 'Custom SELinux options',
    area: 'workload',
    severity: 'medium',
    description:
      'On SELinux nodes the runtime labels each container `container_t` with a unique category pair, which keeps it away from host files and other containers. Setting a different `seLinuxOptions.type` (for example `spc_t`, the unconfined "super privileged container" type) or a custom `user` or `role` lifts that isolation; Pod Security Standards baseline allows only the container types and an optional `level`.',
    remediation:
      'Remove `seLinuxOptions` (the runtime picks a safe label), or keep only `level` and one of the container types:\n\n```yaml\nsecurityContext:\n  seLinuxOptions:\n    type: container_t        # or container_init_t, container_kvm_t, container_engine_t\n    level: "s0:c123,c456"\n```',
    frameworks: [pssBaseline('SELinux')],
    messages: {
      type: '{{subject}} sets seLinuxOptions.type "{{type}}"; baseline allows only container_t, container_init_t, container_kvm_t or container_engine_t',
      userOrRole: '{{subject}} sets seLinuxOptions.{{field}} "{{value}}"; baseline does not allow a custom SELinux {{field}}',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      const podOptions = pod.spec.securityContext?.seLinuxOptions;
      if (podOptions !== undefined && podOptions !== null)
        for (const r of problems(podOptions, podLevelSubject(pod, 'seLinuxOptions'), pod.resource, podContextPath(pod, 'seLinuxOptions'))) report(r);
      for (const c of pod.containers) {
        const options = c.container.securityContext?.seLinuxOptions;
        if (options === undefined || options === null) continue;
        for (const r of problems(options, c.label, pod.resource, [...c.path, 'securityContext', 'seLinuxOptions'])) report(r);
      }
    }
  },
});
