/**
 * `kubefort scan -n NS` against a real API server: the namespace is recorded in the
 * ScanResult's target, and a namespace that does not exist, or holds nothing kubefort
 * scans, is a warning (in `errors`, and on stderr) instead of a clean-looking result.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/finding.js';
import { startCluster, type Cluster } from '../harness/cluster.js';
import { apiRequest } from '../harness/request.js';
import { kubefort } from '../support/cli.js';

const NAMESPACE_WARNINGS = ['KF_WARN_NAMESPACE_NOT_FOUND', 'KF_WARN_NAMESPACE_EMPTY'];

describe('kubefort scan -n on a live cluster', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ profile: 'hardened' });
    const admin = (path: string, body: unknown) => apiRequest(cluster.server, path, { method: 'POST', body, ca: readFileSync(cluster.caFile), cert: readFileSync(cluster.adminCertFile), key: readFileSync(cluster.adminKeyFile) });
    for (const name of ['shop', 'quiet']) expect((await admin('/api/v1/namespaces', { metadata: { name } })).status).toBe(201);
    const deployment = {
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    };
    const created = await admin('/apis/apps/v1/namespaces/shop/deployments', deployment);
    expect(created.status, created.body).toBe(201);
  }, 180_000);
  afterAll(() => cluster?.stop());

  const scan = (...args: string[]) => {
    const run = kubefort(['scan', '--kubeconfig', cluster.kubeconfig, '-o', 'json', '--fail-on', 'never', ...args]);
    return { ...run, result: JSON.parse(run.stdout) as ScanResult };
  };

  it('records the namespace in the target; a namespace with objects gives no warning', () => {
    const { code, stderr, result } = scan('-n', 'shop');
    expect(code).toBe(0);
    expect(result.target).toEqual({ type: 'cluster', context: expect.any(String), namespace: 'shop' });
    expect(result.errors.filter((e) => NAMESPACE_WARNINGS.includes(e.code))).toEqual([]);
    expect(result.findings.some((f) => f.resource.namespace === 'shop' && f.resource.name === 'web')).toBe(true);
    expect(stderr).not.toContain('KF_WARN_NAMESPACE');
  }, 60_000);

  it('a namespace that does not exist is KF_WARN_NAMESPACE_NOT_FOUND, in errors and on stderr; a warning, not an error', () => {
    const { code, stderr, result } = scan('-n', 'nope');
    expect(code).toBe(0);
    expect(result.target).toMatchObject({ type: 'cluster', namespace: 'nope' });
    expect(result.errors).toContainEqual(expect.objectContaining({ code: 'KF_WARN_NAMESPACE_NOT_FOUND', level: 'warning', message: expect.stringContaining('namespace "nope" does not exist') }));
    expect(result.summary.errors).toBe(0);
    expect(result.summary.warnings).toBeGreaterThanOrEqual(1);
    expect(result.findings.every((f) => f.resource.namespace === undefined || f.resource.namespace === '')).toBe(true);
    expect(stderr).toMatch(/^kubefort: KF_WARN_NAMESPACE_NOT_FOUND: namespace "nope" does not exist in context .+: only cluster-scoped objects were scanned$/m);
  }, 60_000);

  it('a namespace holding nothing but its default ServiceAccount is KF_WARN_NAMESPACE_EMPTY', () => {
    const { stderr, result } = scan('-n', 'quiet');
    expect(result.target).toMatchObject({ namespace: 'quiet' });
    expect(result.errors.map((e) => e.code)).toContain('KF_WARN_NAMESPACE_EMPTY');
    expect(result.errors.map((e) => e.code)).not.toContain('KF_WARN_NAMESPACE_NOT_FOUND');
    expect(stderr).toContain('KF_WARN_NAMESPACE_EMPTY: namespace "quiet"');
  }, 60_000);

  it('without -n the target has no namespace and there is no namespace warning', () => {
    const { result } = scan();
    expect(result.target).not.toHaveProperty('namespace');
    expect(result.errors.filter((e) => NAMESPACE_WARNINGS.includes(e.code))).toEqual([]);
  }, 60_000);

  it('the table lists the warning too, and it still reaches stderr when stdout is not a terminal', () => {
    const run = kubefort(['scan', '--kubeconfig', cluster.kubeconfig, '-n', 'nope', '--fail-on', 'never']);
    expect(run.stdout).toContain('KF_WARN_NAMESPACE_NOT_FOUND');
    expect(run.stderr).toContain('KF_WARN_NAMESPACE_NOT_FOUND');
  }, 60_000);
});
