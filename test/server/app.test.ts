/** The service's routes through fastify inject, on a temp SQLite store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { openDatabase } from '../../src/server/storage/db.js';
import { Store } from '../../src/server/storage/store.js';
import { hashToken, TokenVerifier } from '../../src/server/tokens.js';
import { SECURITY_HEADERS } from '../../src/server/plugins/security.js';
import { finding, scanResult } from './fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'kubefort-app-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TOKEN = 'kf_test-token-0123456789abcdefghijkl';
const auth = { authorization: `Bearer ${TOKEN}` };
let n = 0;

describe('service routes', () => {
  let app: FastifyInstance;
  let store: Store;
  beforeEach(async () => {
    const open = await openDatabase(`sqlite:${join(tmp, `app-${++n}.sqlite`)}`);
    store = new Store(open.db, open.kind);
    app = await buildApp({
      store,
      tokens: new TokenVerifier([{ name: 'ci', sha256: hashToken(TOKEN) }]),
      bodyLimit: 64 * 1024,
      webRoot: null,
      detectAudit: (_cluster, events) => events.filter((e) => (e as { verb?: string }).verb === 'create' && (e as { objectRef?: { subresource?: string } }).objectRef?.subresource === 'exec').map(() => ({ ruleId: 'KF-D-EXEC', severity: 'high', message: 'exec into a pod', eventTime: '2026-01-01T00:00:00.000Z' })),
    });
  });
  afterEach(async () => {
    await app.close();
  });

  async function seed() {
    const c = await store.upsertCluster('prod', { context: 'prod' }, '0 * * * *', new Date(), new Date());
    await store.recordScan(c.id, scanResult([finding('a', { severity: 'critical' }), finding('b', { namespace: 'payments' })], { startedAt: '2026-01-01T00:00:00.000Z', checks: ['KF-W-001', 'KF-R-001'] }), { trigger: 'scheduled' });
    const second = await store.recordScan(c.id, scanResult([finding('a', { severity: 'critical' }), finding('c', { checkId: 'KF-R-001', area: 'rbac', kind: 'ClusterRole', namespace: '' })], { startedAt: '2026-01-01T06:00:00.000Z', checks: ['KF-W-001', 'KF-R-001'] }), { trigger: 'scheduled' });
    return { cluster: c, scan: second.scan };
  }

  it('serves /healthz and /readyz without a token, with security headers', async () => {
    for (const url of ['/healthz', '/readyz']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers[name]).toBe(value);
    }
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  it('requires a valid bearer token everywhere else, with a coded 401', async () => {
    for (const url of ['/api/v1/clusters', '/metrics', '/openapi.json', '/api/v1/findings', '/no-such-route']) {
      const none = await app.inject({ url });
      expect(none.statusCode, url).toBe(401);
      expect(none.json()).toMatchObject({ error: { code: 'KF_ERR_UNAUTHORIZED' } });
      expect(none.headers['www-authenticate']).toBe('Bearer realm="kubefort"');
      expect((await app.inject({ url, headers: { authorization: `Bearer ${TOKEN}x` } })).statusCode).toBe(401);
      expect((await app.inject({ url, headers: { authorization: TOKEN } })).statusCode).toBe(401);
    }
    expect((await app.inject({ url: '/api/v1/clusters', headers: auth })).statusCode).toBe(200);
    expect((await app.inject({ url: '/no-such-route', headers: auth })).json()).toMatchObject({ error: { code: 'KF_ERR_NOT_FOUND' } });
  });

  it('lists clusters with the latest scan and its scores', async () => {
    await seed();
    const body = (await app.inject({ url: '/api/v1/clusters', headers: auth })).json() as { items: Record<string, unknown>[] };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ name: 'prod', schedule: '0 * * * *', source: { context: 'prod' }, latestScan: { findings: 2, new: 1, fixed: 1, stillOpen: 1, score: 0, scoreByArea: { rbac: 0, workload: 0 } } });
  });

  it('filters findings and returns a finding with its evidence and fix', async () => {
    await seed();
    const get = async (qs: string) => (await app.inject({ url: `/api/v1/findings${qs}`, headers: auth })).json() as { total: number; items: { fingerprint: string; status: string }[] };
    expect((await get('')).items.map((f) => f.fingerprint)).toEqual(['a', 'c']);
    expect((await get('?status=all')).total).toBe(3);
    expect((await get('?status=fixed')).items.map((f) => f.fingerprint)).toEqual(['b']);
    expect((await get('?severity=critical,low')).items.map((f) => f.fingerprint)).toEqual(['a']);
    expect((await get('?area=rbac')).items.map((f) => f.fingerprint)).toEqual(['c']);
    expect((await get('?q=POD-A')).items.map((f) => f.fingerprint)).toEqual(['a']);
    expect((await get('?status=all&namespace=payments')).items.map((f) => f.fingerprint)).toEqual(['b']);
    expect((await get('?limit=1&offset=1')).items.map((f) => f.fingerprint)).toEqual(['c']);
    const bad = await app.inject({ url: '/api/v1/findings?status=closed', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'KF_ERR_BAD_REQUEST' } });
    expect((await app.inject({ url: '/api/v1/findings?unknown=1', headers: auth })).statusCode).toBe(400);
    const id = ((await get('')).items[0] as unknown as { id: number }).id;
    const one = (await app.inject({ url: `/api/v1/findings/${id}`, headers: auth })).json();
    expect(one).toMatchObject({
      fingerprint: 'a',
      severity: 'critical',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'pod-a' },
      location: { path: 'spec.containers[0].securityContext.privileged' },
      remediation: 'set securityContext.privileged to false',
      frameworks: [{ framework: 'cis-1.12', control: '5.2.2' }],
      firstSeenAt: '2026-01-01T00:00:00.000Z',
      lastSeenAt: '2026-01-01T06:00:00.000Z',
      status: 'open',
    });
    expect((await app.inject({ url: '/api/v1/findings/99999', headers: auth })).statusCode).toBe(404);
  });

  it('shows a scan with its drift and a cluster trend with the time to fix', async () => {
    const { cluster, scan } = await seed();
    const s = (await app.inject({ url: `/api/v1/scans/${scan.id}`, headers: auth })).json() as { changes: Record<string, { fingerprint: string }[]> };
    expect(Object.fromEntries(Object.entries(s.changes).map(([k, v]) => [k, v.map((f) => f.fingerprint)]))).toEqual({ new: ['c'], stillOpen: ['a'], fixed: ['b'] });
    expect(((await app.inject({ url: `/api/v1/scans?cluster=${cluster.id}`, headers: auth })).json() as { items: unknown[] }).items).toHaveLength(2);
    const trend = (await app.inject({ url: `/api/v1/clusters/${cluster.id}/trend?days=3650`, headers: auth })).json() as { points: { findings: number }[]; timeToFix: { overall: unknown } };
    expect(trend.points.map((p) => p.findings)).toEqual([2, 2]);
    expect(trend.timeToFix.overall).toEqual({ count: 1, meanHours: 6, medianHours: 6 });
    expect((await app.inject({ url: '/api/v1/clusters/999/trend', headers: auth })).statusCode).toBe(404);
  });

  it('creates, lists and deletes exceptions; rejects unknown fields and bad dates', async () => {
    const { cluster } = await seed();
    const created = await app.inject({ method: 'POST', url: '/api/v1/exceptions', headers: auth, payload: { clusterId: cluster.id, checkId: 'KF-W-001', namespace: 'kube-system', reason: 'CNI agent needs it', expires: '2027-01-01' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ check_id: 'KF-W-001', owner: 'ci' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/exceptions', headers: auth, payload: { checkId: 'KF-W-001', reason: 'why not', extra: 1 } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/v1/exceptions', headers: auth, payload: { checkId: 'KF-W-001', reason: 'why not', expires: 'tomorrow' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/v1/exceptions', headers: auth, payload: { clusterId: 999, checkId: 'KF-W-001', reason: 'why not' } })).statusCode).toBe(404);
    const listed = (await app.inject({ url: `/api/v1/exceptions?cluster=${cluster.id}`, headers: auth })).json() as { items: { id: number }[] };
    expect(listed.items).toHaveLength(1);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/exceptions/${listed.items[0]?.id}`, headers: auth })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/exceptions/${listed.items[0]?.id}`, headers: auth })).statusCode).toBe(404);
  });

  it('takes node-scan reports: failures become findings of scope node:<name>, per cluster', async () => {
    const report = {
      apiVersion: 'kubefort.io/v1alpha1',
      kind: 'NodeReport',
      tool: { name: 'kubefort', version: 'test' },
      startedAt: '2026-01-02T00:00:00.000Z',
      durationMs: 12,
      node: { name: 'worker-1', root: '/', distribution: 'kubeadm', components: [] },
      benchmark: { id: 'cis-1.12', title: 'CIS', selectedBy: 'default' },
      sections: [],
      results: [
        { id: '4.2.1', title: 'anonymous-auth off', benchmark: 'cis-1.12', section: '4', group: '4.2', automated: true, state: 'FAIL', reason: 'authentication.anonymous.enabled is true', evidence: [{ text: 'anonymous: enabled: true' }], remediation: 'set authentication.anonymous.enabled to false', area: 'kubelet', severity: 'critical', file: '/var/lib/kubelet/config.yaml', key: 'authentication.anonymous.enabled' },
        { id: '4.2.2', title: 'authz webhook', benchmark: 'cis-1.12', section: '4', group: '4.2', automated: true, state: 'PASS', reason: 'ok', evidence: [], remediation: '', area: 'kubelet', severity: 'high' },
      ],
      totals: { pass: 1, fail: 1, warn: 0, info: 0, notApplicable: 0 },
    };
    const res = await app.inject({ method: 'POST', url: '/api/v1/clusters/edge/node-scans', headers: auth, payload: report });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ new: 1, fixed: 0 });
    const found = (await app.inject({ url: '/api/v1/findings?q=anonymous', headers: auth })).json() as { items: Record<string, unknown>[] };
    expect(found.items[0]).toMatchObject({ checkId: 'CIS-4.2.1', scope: 'node:worker-1', resource: { kind: 'Node', name: 'worker-1' }, area: 'kubelet' });
    const scan = (await app.inject({ url: '/api/v1/scans', headers: auth })).json() as { items: Record<string, unknown>[] };
    expect(scan.items[0]).toMatchObject({ trigger: 'node', scope: 'node:worker-1', scoreByArea: { kubelet: 50 } });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/clusters/edge/node-scans', headers: auth, payload: { ...report, kind: 'ScanResult' } });
    expect(bad.statusCode).toBe(400);
    // A control character is never part of a cluster name (cluster-names.test.ts has the rule).
    expect((await app.inject({ method: 'POST', url: '/api/v1/clusters/bad%0Aname/node-scans', headers: auth, payload: report })).statusCode).toBe(400);
    const metrics = (await app.inject({ url: '/metrics', headers: auth })).body;
    expect(metrics).toContain('kubefort_node_reports_received_total{cluster="edge"} 1');
  });

  it('receives audit EventList batches, counts events, stores the detector alerts', async () => {
    const events = [{ verb: 'create', objectRef: { resource: 'pods', subresource: 'exec' } }, { verb: 'get', objectRef: { resource: 'pods' } }];
    const res = await app.inject({ method: 'POST', url: '/api/v1/clusters/prod/audit', headers: auth, payload: { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: events } });
    expect(res.json()).toEqual({ received: 2, alerts: 1 });
    const alerts = (await app.inject({ url: '/api/v1/alerts', headers: auth })).json() as { items: unknown[] };
    expect(alerts.items).toEqual([expect.objectContaining({ ruleId: 'KF-D-EXEC', severity: 'high' })]);
    const metrics = (await app.inject({ url: '/metrics', headers: auth })).body;
    expect(metrics).toContain('kubefort_audit_events_received_total{cluster="prod"} 2');
    expect(metrics).toContain('kubefort_audit_alerts_total{cluster="prod",rule="KF-D-EXEC"} 1');
  });

  it('limits request bodies with a coded 413', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/clusters/prod/audit', headers: auth, payload: { kind: 'EventList', items: [{ pad: 'x'.repeat(70 * 1024) }] } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'KF_ERR_PAYLOAD_TOO_LARGE' } });
  });

  it('exports Prometheus metrics: open findings by cluster, area and severity', async () => {
    await seed();
    const res = await app.inject({ url: '/metrics', headers: auth });
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(res.body).toContain('# TYPE kubefort_findings_open gauge');
    expect(res.body).toContain('kubefort_findings_open{area="workload",cluster="prod",severity="critical"} 1');
    expect(res.body).toContain('kubefort_findings_open{area="rbac",cluster="prod",severity="high"} 1');
    for (const name of ['kubefort_scans_total', 'kubefort_scan_errors_total', 'kubefort_scan_duration_seconds', 'kubefort_audit_events_received_total', 'kubefort_audit_alerts_total']) expect(res.body).toContain(`# TYPE ${name} `);
  });

  it('describes every API route in /openapi.json, health routes without security', async () => {
    const doc = (await app.inject({ url: '/openapi.json', headers: auth })).json() as { openapi: string; paths: Record<string, Record<string, { summary: string; security?: unknown[]; parameters: { name: string; in: string }[]; requestBody?: unknown }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/alerts', '/api/v1/alerts/stream', '/api/v1/clusters', '/api/v1/clusters/{id}', '/api/v1/clusters/{id}/netpol', '/api/v1/clusters/{id}/rbac', '/api/v1/clusters/{id}/trend', '/api/v1/clusters/{name}/audit', '/api/v1/clusters/{name}/node-scans',
      '/api/v1/exceptions', '/api/v1/exceptions/{id}', '/api/v1/findings', '/api/v1/findings/{id}', '/api/v1/scans', '/api/v1/scans/{id}', '/healthz', '/metrics', '/readyz',
    ]);
    for (const [path, ops] of Object.entries(doc.paths)) for (const op of Object.values(ops)) expect(op.summary, path).not.toBe('');
    expect(doc.paths['/healthz']?.get?.security).toEqual([]);
    expect(doc.paths['/api/v1/findings']?.get?.parameters.map((p) => p.name)).toContain('severity');
    expect(doc.paths['/api/v1/clusters/{name}/node-scans']?.post?.requestBody).toBeDefined();
  });
});
