import { describe, expect, it } from 'vitest';
import { defaultPullPolicy, isMutableReference, parseImage } from '../../../src/checks/supply-chain/_util.js';

describe('parseImage', () => {
  it.each([
    ['nginx', { repository: 'nginx' }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    ['library/nginx:1.27', { repository: 'library/nginx', tag: '1.27' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app' }],
    ['localhost:5000/team/app:1.0', { registry: 'localhost:5000', repository: 'team/app', tag: '1.0' }],
    ['registry.example.com:443/app@sha256:abc', { registry: 'registry.example.com:443', repository: 'app', digest: 'sha256:abc' }],
    ['ghcr.io/org/app:latest@sha256:abc', { registry: 'ghcr.io', repository: 'org/app', tag: 'latest', digest: 'sha256:abc' }],
  ])('%s', (image, expected) => {
    expect(parseImage(image)).toEqual(expected);
  });
});

describe('isMutableReference and defaultPullPolicy', () => {
  it.each([
    ['nginx', true, 'Always'],
    ['nginx:latest', true, 'Always'],
    ['nginx:1.27', false, 'IfNotPresent'],
    ['nginx@sha256:abc', false, 'IfNotPresent'],
    // Kubernetes reads the tag for the default even when a digest pins the image.
    ['nginx:latest@sha256:abc', false, 'Always'],
    ['localhost:5000/app', true, 'Always'],
  ])('%s', (image, mutable, policy) => {
    const ref = parseImage(image);
    expect(isMutableReference(ref)).toBe(mutable);
    expect(defaultPullPolicy(ref)).toBe(policy);
  });
});
