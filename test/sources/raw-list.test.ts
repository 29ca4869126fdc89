import { expect, it } from 'vitest';
import { parseManifests } from '../../src/sources/manifests.js';

it('infers kind and apiVersion for the items of a raw API list (PodList from GET /api/v1/pods)', () => {
  const load = parseManifests(
    'pods.json',
    JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: {}, items: [{ metadata: { name: 'a', namespace: 'x' }, spec: { containers: [] } }] }),
  );
  expect(load.errors).toEqual([]);
  expect(load.resources.map((r) => r.ref)).toEqual([{ apiVersion: 'v1', kind: 'Pod', namespace: 'x', name: 'a' }]);
});
