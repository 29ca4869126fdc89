/** deploy/node-scan.yaml passes kubefort's own manifest scan; only documented host access is suppressed. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanManifests } from '../../src/engine/scan.js';

const MANIFEST = join(import.meta.dirname, '..', '..', 'deploy', 'node-scan.yaml');
/** The unavoidable host access of a node scanner (docs/node-benchmark.md). */
const ALLOWED = new Set(['host-path-volume', 'run-as-root-user', 'run-as-non-root', 'capabilities-baseline', 'capabilities-not-dropped', 'restricted-volume-types', 'namespace-pod-security-labels']);

describe('deploy/node-scan.yaml', () => {
  it('has no finding and no input error', async () => {
    const result = await scanManifests([MANIFEST]);
    expect(result.findings.map((f) => `${f.checkId} ${f.checkName} ${f.message}`)).toEqual([]);
    expect(result.errors.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('suppresses only the documented host access, each with a reason', async () => {
    const result = await scanManifests([MANIFEST]);
    for (const f of result.suppressed) {
      expect(ALLOWED.has(f.checkName), f.checkName).toBe(true);
      expect(f.suppression?.reason.length ?? 0).toBeGreaterThan(20);
    }
  });
});
