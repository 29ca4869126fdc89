import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { defaultPullPolicy, isMutableReference, parseImage } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-S-003',
    name: 'image-pull-policy',
    title: 'Mutable image tag without imagePullPolicy Always',
    area: 'supply-chain',
    severity: 'low',
    description:
      'With `IfNotPresent` or `Never`, a node runs whatever image it already holds under a mutable reference (no tag, or `latest`): a stale build, or one planted in the node\'s image store, while other nodes run the current one. `Always` makes the kubelet resolve the reference at the registry (with the pod\'s pull credentials) on every start. Unset, Kubernetes already defaults to `Always` for `latest` or no tag, so only an explicit `IfNotPresent`/`Never` is reported; images pinned by digest or with another tag are left to KF-S-001/KF-S-002.',
    remediation:
      'Pin the image (see KF-S-001), or pull it on every start:\n\n```yaml\ncontainers:\n  - name: app\n    image: registry.example.com/app:latest\n    imagePullPolicy: Always\n```',
    frameworks: [nsa('Pod security: building secure container images')],
    messages: {
      notAlways: '{{container}} runs mutable image "{{image}}" with imagePullPolicy {{policy}}: a node may run a stale or planted copy',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      for (const c of pod.containers) {
        const image = c.container.image;
        if (image === undefined || image.trim() === '') continue;
        const ref = parseImage(image);
        if (!isMutableReference(ref)) continue;
        const policy = c.container.imagePullPolicy ?? defaultPullPolicy(ref);
        if (policy === 'Always') continue;
        report({ messageId: 'notAlways', data: { container: c.label, image, policy }, resource: pod.resource, path: [...c.path, 'imagePullPolicy'] });
      }
    }
  },
});
