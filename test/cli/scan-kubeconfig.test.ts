/** `kubefort scan` with no path and no kubeconfig anywhere: say so, not "cannot reach http://localhost:8080". */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingKubeconfig } from '../../src/sources/cluster.js';
import { kubefort } from '../support/cli.js';

describe('kubefort scan without a kubeconfig', () => {
  it('is KF_ERR_NO_KUBECONFIG naming where it looked, with the hint to scan manifests, exit 2', () => {
    const home = mkdtempSync(join(tmpdir(), 'kf-home-'));
    // ~/.kube without a config file (kubectl's cache is there on many machines).
    mkdirSync(join(home, '.kube', 'cache'), { recursive: true });
    const run = kubefort(['scan'], { env: { HOME: home, KUBECONFIG: '' } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('localhost:8080');
    expect(run.stderr).not.toContain('unexpected error');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^kubefort: KF_ERR_NO_KUBECONFIG: no kubeconfig found: /);
    expect(run.stderr).toContain('$KUBECONFIG is not set');
    expect(run.stderr).toContain(`${join(home, '.kube', 'config')} does not exist`);
    expect(run.stderr).toContain('in-cluster service account (/var/run/secrets/kubernetes.io/serviceaccount/token)');
    expect(run.stderr).toContain('kubefort scan PATH');
  });

  it('other commands that read the cluster say the same, without the scan hint', () => {
    const home = mkdtempSync(join(tmpdir(), 'kf-home-'));
    const run = kubefort(['node', '--from-cluster'], { env: { HOME: home, KUBECONFIG: '' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^kubefort: KF_ERR_NO_KUBECONFIG: no kubeconfig found: /);
    expect(run.stderr).not.toContain('kubefort scan PATH');
  });

  it('missingKubeconfig finds $KUBECONFIG, ~/.kube/config or the service account token', () => {
    const home = mkdtempSync(join(tmpdir(), 'kf-home-'));
    const noToken = join(home, 'no-token');
    expect(missingKubeconfig({ HOME: home }, noToken)).toContain('no kubeconfig found');
    expect(missingKubeconfig({}, noToken)).toContain('$HOME is not set');
    expect(missingKubeconfig({ HOME: home, KUBECONFIG: '/somewhere/config' }, noToken)).toBeUndefined();
    const token = join(home, 'token');
    writeFileSync(token, 't');
    expect(missingKubeconfig({ HOME: home }, token)).toBeUndefined();
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), 'apiVersion: v1\nkind: Config\n');
    expect(missingKubeconfig({ HOME: home }, noToken)).toBeUndefined();
  });
});
