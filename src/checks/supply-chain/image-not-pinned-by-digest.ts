import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { parseImage } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-S-002',
    name: 'image-not-pinned-by-digest',
    title: 'Image not pinned by digest',
    area: 'supply-chain',
    severity: 'low',
    description:
      'Every tag can be moved to another image by anyone who can push to the repository (or who compromises it); only a digest names exactly one image. Pinning by digest makes deployments reproducible and a swapped image visible in review.',
    remediation:
      'Append the digest to the reference (the tag stays for readability):\n\n```yaml\nimage: registry.example.com/app:1.4.2@sha256:<digest>\n```\n\n`crane digest registry.example.com/app:1.4.2` prints it; tools such as Renovate keep digests up to date.',
    frameworks: [nsa('Pod security: building secure container images')],
    messages: { notPinned: '{{container}} image "{{image}}" is not pinned by digest' },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      for (const c of pod.containers) {
        const image = c.container.image;
        if (image === undefined || image.trim() === '') continue;
        if (parseImage(image).digest !== undefined) continue;
        report({ messageId: 'notPinned', data: { container: c.label, image }, resource: pod.resource, path: [...c.path, 'image'] });
      }
    }
  },
});
