import { expect, it } from 'vitest';
import { loadManifests } from '../../src/sources/manifests.js';
import { SCAN_TYPES } from '../../src/sources/cluster-types.js';

it('deploy/rbac.yaml grants get/list on exactly the kinds a live scan lists, and nothing else', async () => {
  const load = await loadManifests(['deploy/rbac.yaml']);
  const role = load.resources.find((r) => r.ref.kind === 'ClusterRole');
  const rules = (role?.object.rules ?? []) as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  const granted = rules.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${g}/${res}`))).sort();
  expect(granted).toEqual(SCAN_TYPES.map((t) => `${t.group}/${t.resource}`).sort());
  for (const rule of rules) expect(rule.verbs.sort()).toEqual(['get', 'list']);
});
