import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { kubefort } from '../support/cli.js';

it('updates version data from a file, validates it, and scans with it; offline otherwise', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kf-data-'));
  const env = { KUBEFORT_DATA_DIR: join(dir, 'store') };
  const bundled = JSON.parse(kubefort(['data', 'show', '--full'], { env }).stdout) as { asOf: string; releases: { minor: string }[] };
  expect(kubefort(['data', 'show'], { env }).stdout).toContain('version data: bundled');

  const node = join(dir, 'node.yaml');
  writeFileSync(node, 'apiVersion: v1\nkind: Node\nmetadata: {name: w1}\nstatus: {nodeInfo: {kubeletVersion: v1.39.0}}\n');
  const before = kubefort(['scan', node, '--check', 'kubernetes-end-of-life', '-o', 'json'], { env });
  expect(JSON.parse(before.stdout).findings[0].messageId).toBe('unknown');

  const newer = { ...bundled, asOf: '2027-09-01', releases: [...bundled.releases, { minor: '1.39', released: '2027-08-20', endOfStandardSupport: '2028-08-28', endOfLife: '2028-10-28', latestPatch: '1.39.0' }] };
  const file = join(dir, 'newer.json');
  writeFileSync(file, JSON.stringify(newer));
  const update = kubefort(['data', 'update', '--from', file], { env });
  expect(update.code).toBe(0);
  expect(JSON.parse(readFileSync(join(dir, 'store', 'versions.json'), 'utf8')).asOf).toBe('2027-09-01');
  const after = kubefort(['scan', node, '--check', 'kubernetes-end-of-life', '-o', 'json'], { env });
  expect(JSON.parse(after.stdout).findings).toEqual([]);

  writeFileSync(file, JSON.stringify({ ...newer, releases: [{ minor: 'one' }] }));
  const bad = kubefort(['data', 'update', '--from', file], { env });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('releases[0].minor must look like 1.34');
});
