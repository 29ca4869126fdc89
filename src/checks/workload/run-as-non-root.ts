import { defineCheck } from '../../core/check.js';
import { cis, nsa, pssRestricted } from '../../core/framework.js';
import { containerContextPath, inUserNamespace, joinLabels, podContextPath, podLevelSubject } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-W-016',
    name: 'run-as-non-root',
    title: 'Container may run as root',
    area: 'workload',
    severity: 'medium',
    description:
      "Without `runAsNonRoot: true` a container runs as whatever user its image names, root by default: a compromised process then starts as root inside the container, one kernel or runtime bug away from root on the node. With it the kubelet refuses to start a container whose user is 0. Pod Security Standards restricted requires it on the pod or on every container, and a container-level `false` overrides a pod-level `true`. Pods with their own user namespace (`hostUsers: false`) are exempt (PSS policy v1.35+): their root is not root on the node.",
    remediation: 'Set it once on the pod (containers inherit it), build images with a numeric non-root USER, and remove any container-level `false`:\n\n```yaml\nspec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001      # if the image does not set a numeric USER\n```',
    frameworks: [cis('5.2.7'), pssRestricted('Running as Non-root'), nsa('Pod security: non-root and unprivileged containers')],
    messages: {
      explicitFalse: '{{subject}} sets runAsNonRoot: false{{override}}: it may run as root',
      notSet: 'runAsNonRoot is set neither on the pod nor on {{containers}}: the image decides, and it may run as root',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      if (inUserNamespace(pod)) continue;
      const podValue = pod.spec.securityContext?.runAsNonRoot;
      if (podValue === false) {
        report({ messageId: 'explicitFalse', data: { subject: podLevelSubject(pod, 'runAsNonRoot'), override: '' }, resource: pod.resource, path: podContextPath(pod, 'runAsNonRoot') });
      }
      const unset = [];
      for (const c of pod.containers) {
        const effective = c.effective('runAsNonRoot');
        if (effective === undefined) unset.push(c);
        else if (effective.value === false && c.container.securityContext?.runAsNonRoot === false) {
          const override = podValue === true ? ', overriding runAsNonRoot: true on the pod' : '';
          report({ messageId: 'explicitFalse', data: { subject: c.label, override }, resource: pod.resource, path: effective.path });
        }
      }
      if (unset.length === 0) continue;
      // Nothing set anywhere: one finding on the pod, where one line fixes it; else one per container left out.
      const noneSet = unset.length === pod.containers.length;
      if (noneSet) {
        const path = pod.spec.securityContext === undefined || pod.spec.securityContext === null ? pod.specPath : podContextPath(pod);
        report({ messageId: 'notSet', data: { containers: joinLabels(unset) }, resource: pod.resource, path });
      } else {
        for (const c of unset) report({ messageId: 'notSet', data: { containers: c.label }, resource: pod.resource, path: containerContextPath(c) });
      }
    }
  },
});
