import { defineCheck } from '../../core/check.js';
import { pssBaseline } from '../../core/framework.js';
import { podContextPath, podLevelSubject } from './_util.js';

const ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);
/** The deprecated per-container annotation, still checked by Pod Security Admission. */
const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotation(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

export default defineCheck({
  meta: {
    id: 'KF-W-008',
    name: 'apparmor-unconfined',
    title: 'AppArmor confinement disabled',
    area: 'workload',
    severity: 'medium',
    description:
      "On nodes with AppArmor, the container runtime confines every container with its default profile, which blocks writes to /proc and /sys, mounts and other escape routes. `appArmorProfile.type: Unconfined` (pod or container) or the legacy annotation `container.apparmor.security.beta.kubernetes.io/<container>: unconfined` removes that layer; Pod Security Standards baseline allows only the runtime default or a profile loaded on the node.",
    remediation:
      'Remove the override, or use the runtime default or a named profile loaded on the node. Replace the deprecated annotation with the field (Kubernetes 1.30+):\n\n```yaml\nspec:\n  securityContext:\n    appArmorProfile:\n      type: RuntimeDefault      # or Localhost with localhostProfile: my-profile\n```',
    frameworks: [pssBaseline('AppArmor')],
    messages: {
      profile: '{{subject}} sets appArmorProfile.type {{type}}; baseline allows only RuntimeDefault or Localhost',
      annotation: 'annotation {{key}} runs {{container}} with AppArmor profile "{{value}}"; baseline allows only runtime/default or localhost/<profile>',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      const podProfile = pod.spec.securityContext?.appArmorProfile;
      if (podProfile !== undefined && podProfile !== null && !ALLOWED_TYPES.has(podProfile.type ?? '')) {
        report({
          messageId: 'profile',
          data: { subject: podLevelSubject(pod, 'appArmorProfile'), type: podProfile.type ?? '(unset)' },
          resource: pod.resource,
          path: podContextPath(pod, 'appArmorProfile', ...(podProfile.type === undefined ? [] : ['type'])),
        });
      }
      for (const c of pod.containers) {
        const profile = c.container.securityContext?.appArmorProfile;
        if (profile === undefined || profile === null || ALLOWED_TYPES.has(profile.type ?? '')) continue;
        report({
          messageId: 'profile',
          data: { subject: c.label, type: profile.type ?? '(unset)' },
          resource: pod.resource,
          path: [...c.path, 'securityContext', 'appArmorProfile', ...(profile.type === undefined ? [] : ['type'])],
        });
      }
      for (const [key, value] of Object.entries(pod.podMeta.annotations ?? {})) {
        if (!key.startsWith(ANNOTATION_PREFIX) || allowedAnnotation(value)) continue;
        const name = key.slice(ANNOTATION_PREFIX.length);
        const view = pod.containers.find((c) => c.container.name === name);
        report({
          messageId: 'annotation',
          data: { key, container: view?.label ?? `container "${name}" (not in this pod)`, value },
          resource: pod.resource,
          path: [...pod.podMetaPath, 'annotations', key],
        });
      }
    }
  },
});
