import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { isMutableReference, parseImage } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-S-001',
    name: 'image-tag-mutable',
    title: 'Image has no tag or uses :latest',
    area: 'supply-chain',
    severity: 'medium',
    description:
      'An image without a tag is pulled as `latest`, and `latest` moves with every push: the same manifest runs different code on different nodes and days, a rollback does not roll back, and whoever can push to the repository changes what runs. An image pinned by digest (`@sha256:…`) is immutable and passes, whatever its tag. A registry port is not a tag: `localhost:5000/app` has none.',
    remediation:
      'Use a release tag, or better a digest that cannot move:\n\n```yaml\ncontainers:\n  - name: app\n    image: registry.example.com/app:1.4.2@sha256:<digest>\n```\n\nFind the digest with `crane digest registry.example.com/app:1.4.2` or `docker buildx imagetools inspect registry.example.com/app:1.4.2`.',
    frameworks: [nsa('Pod security: building secure container images')],
    messages: {
      noTag: '{{container}} image "{{image}}" has no tag, so the runtime pulls whatever `latest` is',
      latest: '{{container}} image "{{image}}" uses the mutable `latest` tag',
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
        report({ messageId: ref.tag === undefined ? 'noTag' : 'latest', data: { container: c.label, image }, resource: pod.resource, path: [...c.path, 'image'] });
      }
    }
  },
});
