/**
 * The storage suite, run the same against SQLite (a temp file) and a real PostgreSQL
 * (a private server started by test/server/postgres.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { openDatabase } from '../../src/server/storage/db.js';
import { Store } from '../../src/server/storage/store.js';
import { hashToken, TokenVerifier } from '../../src/server/tokens.js';
import { analyseInventory, type ClusterAnalyses, type NetpolAnalysis, type RbacAnalysis } from '../../src/server/analysis/index.js';
import { estateInventory, finding, scanResult } from './fixtures.js';
import { startPostgres, type Postgres } from './postgres.js';

let pgServer: Postgres | undefined;
let counter = 0;
const tmp = mkdtempSync(join(tmpdir(), 'kubefort-storage-'));

beforeAll(async () => {
  pgServer = await startPostgres();
}, 120_000);
afterAll(async () => {
  await pgServer?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const backends: [string, () => Promise<string>][] = [
  ['sqlite', async () => `sqlite:${join(tmp, `db-${++counter}.sqlite`)}`],
  ['postgres', async () => {
    if (pgServer === undefined) throw new Error('PostgreSQL did not start');
    return pgServer.createDatabase(`storage_${++counter}`);
  }],
];

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
// The estate's analyses, and the same estate after jane's node-proxy binding was removed.
let estate: ClusterAnalyses;
let withoutJane: ClusterAnalyses;
beforeAll(async () => {
  estate = analyseInventory(await estateInventory());
  withoutJane = analyseInventory(await estateInventory(['jane-node-debugger']));
});
const at = (hours: number) => new Date(T0 + hours * 3_600_000);

// The counts of the estate's analyses (test/server/fixtures/estate.yaml): 9 paths, 7 of them critical
// (the replicaset-controller's 2 are bootstrap), 4 to cluster-admin and 5 to kube-system Secrets, from
// 5 subjects of which the storefront's pods are exposed; Calico, 3 of the 4 namespaces with workloads
// without default deny, 3 of 5 workloads open to every namespace and reachable from outside.
const ESTATE_RBAC = { paths: 9, critical: 7, toClusterAdmin: 4, toKubeSystemSecrets: 5, subjects: 5, exposedSubjects: 1, capped: false };
const ESTATE_NETPOL = { cniEnforces: true, namespaces: 4, namespacesWithWorkloads: 4, withoutDefaultDenyIngress: 3, withoutDefaultDenyEgress: 3, workloads: 5, openToAll: 3, fromOutside: 3, connections: 18, capped: false };
// Without jane's nodes/proxy binding: her 2 critical paths (one to each sink) are gone.
const WITHOUT_JANE_RBAC = { ...ESTATE_RBAC, paths: 7, critical: 5, toClusterAdmin: 3, toKubeSystemSecrets: 4, subjects: 4 };
const TOKEN = 'kf_storage-test-token-0123456789abc';

describe.each(backends)('storage on %s', (kind, makeUrl) => {
  let store: Store;
  let url: string;
  beforeEach(async () => {
    url = await makeUrl();
    const open = await openDatabase(url);
    expect(open.kind).toBe(kind);
    store = new Store(open.db, open.kind);
  });
  afterEach(async () => {
    await store.close();
  });

  async function cluster(name = 'prod') {
    return store.upsertCluster(name, { context: name }, '0 * * * *', at(0), at(0));
  }

  it('migrates once: reopening the same database applies nothing and keeps the rows', async () => {
    await cluster();
    const again = await openDatabase(url);
    const s2 = new Store(again.db, again.kind);
    expect((await s2.clusters()).map((c) => c.name)).toEqual(['prod']);
    await s2.close();
  });

  it('records drift per scan: new, still open, fixed, and a fixed finding coming back is new again', async () => {
    const c = await cluster();
    const first = await store.recordScan(c.id, scanResult([finding('a'), finding('b'), finding('c')], { startedAt: at(1).toISOString() }), { trigger: 'scheduled' });
    expect([first.added, first.stillOpen, first.fixed]).toEqual([3, 0, 0]);
    const second = await store.recordScan(c.id, scanResult([finding('a'), finding('b'), finding('d')], { startedAt: at(5).toISOString() }), { trigger: 'scheduled' });
    expect([second.added, second.stillOpen, second.fixed]).toEqual([1, 2, 1]);
    const changes = await store.scanChanges(second.scan.id);
    expect(changes.new.map((f) => f.fingerprint)).toEqual(['d']);
    expect(changes.open.map((f) => f.fingerprint).sort()).toEqual(['a', 'b']);
    expect(changes.fixed.map((f) => f.fingerprint)).toEqual(['c']);
    const fixedC = changes.fixed[0];
    expect(fixedC).toMatchObject({ first_seen_at: at(1).toISOString(), fixed_at: at(5).toISOString(), fixed_scan_id: second.scan.id });
    const a = changes.open.find((f) => f.fingerprint === 'a');
    expect(a).toMatchObject({ first_seen_at: at(1).toISOString(), last_seen_at: at(5).toISOString(), first_scan_id: first.scan.id, last_scan_id: second.scan.id, fixed_at: null });

    const third = await store.recordScan(c.id, scanResult([finding('a'), finding('b'), finding('c'), finding('d')], { startedAt: at(9).toISOString() }), { trigger: 'scheduled' });
    expect([third.added, third.stillOpen, third.fixed]).toEqual([1, 3, 0]);
    const back = (await store.findings({ cluster: c.id, q: 'pod-c' })).items[0];
    expect(back).toMatchObject({ fingerprint: 'c', fixed_at: null, reopened: 1, first_seen_at: at(1).toISOString() });
    expect((await store.findings({ cluster: c.id })).total).toBe(4);
  });

  it('decides fixed within a scope: a node scan does not fix the cluster scan findings', async () => {
    const c = await cluster();
    await store.recordScan(c.id, scanResult([finding('w1')]), { trigger: 'scheduled' });
    const node = await store.recordScan(c.id, scanResult([finding('n1', { kind: 'Node', area: 'node', namespace: '', name: 'node-1' })], { type: 'node', node: 'node-1' }), { trigger: 'node' });
    expect(node.scan.scope).toBe('node:node-1');
    expect([node.added, node.fixed]).toEqual([1, 0]);
    const again = await store.recordScan(c.id, scanResult([finding('w1')]), { trigger: 'scheduled' });
    expect([again.added, again.stillOpen, again.fixed]).toEqual([0, 1, 0]);
    expect((await store.findings({ cluster: c.id })).total).toBe(2);
  });

  it('filters findings by status, severity, area, check, namespace, kind and text, case-insensitively, with paging', async () => {
    const c = await cluster();
    await store.recordScan(c.id, scanResult([
      finding('1', { severity: 'critical', checkId: 'KF-R-001', area: 'rbac', kind: 'ClusterRole', namespace: '', name: 'admin-all', title: 'Wildcard RBAC' }),
      finding('2', { severity: 'high', namespace: 'payments', name: 'API-Server' }),
      finding('3', { severity: 'low', namespace: 'payments', name: 'worker_1' }),
    ]), { trigger: 'scheduled' });
    await store.recordScan(c.id, scanResult([finding('1', { severity: 'critical', checkId: 'KF-R-001', area: 'rbac', kind: 'ClusterRole', namespace: '', name: 'admin-all', title: 'Wildcard RBAC' }), finding('2', { severity: 'high', namespace: 'payments', name: 'API-Server' })]), { trigger: 'scheduled' });
    const names = async (f: Parameters<Store['findings']>[0]) => (await store.findings({ cluster: c.id, ...f })).items.map((r) => r.name);
    expect(await names({})).toEqual(['admin-all', 'API-Server']);
    expect(await names({ status: 'fixed' })).toEqual(['worker_1']);
    expect(await names({ status: 'all' })).toEqual(['admin-all', 'API-Server', 'worker_1']);
    expect(await names({ severity: ['high', 'low'], status: 'all' })).toEqual(['API-Server', 'worker_1']);
    expect(await names({ area: ['rbac'] })).toEqual(['admin-all']);
    expect(await names({ check: 'KF-W-001', status: 'all' })).toEqual(['API-Server', 'worker_1']);
    expect(await names({ namespace: 'payments' })).toEqual(['API-Server']);
    expect(await names({ kind: 'ClusterRole' })).toEqual(['admin-all']);
    expect(await names({ q: 'api-server' })).toEqual(['API-Server']);
    expect(await names({ q: 'wildcard' })).toEqual(['admin-all']);
    // LIKE wildcards in the search text are literal.
    expect(await names({ q: '_1', status: 'all' })).toEqual(['worker_1']);
    expect(await names({ q: '%', status: 'all' })).toEqual([]);
    const page = await store.findings({ cluster: c.id, status: 'all', limit: 1, offset: 1 });
    expect([page.total, page.items.map((r) => r.name)]).toEqual([3, ['API-Server']]);
    expect(await store.openCounts()).toEqual(expect.arrayContaining([{ cluster: 'prod', area: 'rbac', severity: 'critical', n: 1 }, { cluster: 'prod', area: 'workload', severity: 'high', n: 1 }]));
  });

  it('keeps a trend of counts and scores per area, and the time to fix', async () => {
    const c = await cluster();
    const checks = ['KF-W-001', 'KF-R-001'];
    await store.recordScan(c.id, scanResult([finding('x', { checkId: 'KF-R-001', area: 'rbac', severity: 'critical' }), finding('y', { severity: 'high' })], { startedAt: at(1).toISOString(), checks }), { trigger: 'scheduled' });
    await store.recordScan(c.id, scanResult([finding('y', { severity: 'high' })], { startedAt: at(3).toISOString(), checks }), { trigger: 'scheduled' });
    await store.recordScan(c.id, scanResult([], { startedAt: at(7).toISOString(), checks }), { trigger: 'scheduled' });
    const trend = await store.trend(c.id, at(0));
    expect(trend.map((p) => [p.findings, p.new, p.fixed, p.score])).toEqual([[2, 2, 0, 0], [1, 0, 1, 50], [0, 0, 1, 100]]);
    expect(trend[1]?.scoreByArea).toEqual({ rbac: 100, workload: 0 });
    expect(trend[0]?.bySeverity).toMatchObject({ critical: 1, high: 1 });
    expect(await store.trend(c.id, at(2))).toHaveLength(2);
    const ttf = await store.timeToFix(c.id, at(0));
    expect(ttf.overall).toEqual({ count: 2, meanHours: 4, medianHours: 4 });
    expect(ttf.bySeverity.critical).toEqual({ count: 1, meanHours: 2, medianHours: 2 });
    expect(ttf.bySeverity.high).toEqual({ count: 1, meanHours: 6, medianHours: 6 });
  });

  it('records failed scans without changing findings', async () => {
    const c = await cluster();
    await store.recordScan(c.id, scanResult([finding('a')]), { trigger: 'scheduled' });
    const failed = await store.recordFailedScan(c.id, 'connect ECONNREFUSED', { trigger: 'scheduled', startedAt: at(2), durationMs: 5 });
    expect(failed).toMatchObject({ status: 'error', error: 'connect ECONNREFUSED' });
    expect((await store.findings({ cluster: c.id })).total).toBe(1);
    expect((await store.scans({ cluster: c.id })).map((s) => s.status).sort()).toEqual(['error', 'ok']);
  });

  it('claims due work once: a held lease blocks, an expired lease or a finished claim frees it', async () => {
    const c = await cluster();
    await store.upsertCluster('later', { context: 'later' }, '0 * * * *', at(10), at(0));
    expect(await store.claimDue('i1', 60_000, at(-1))).toBeUndefined();
    const claimed = await store.claimDue('i1', 60_000, at(0));
    expect(claimed).toMatchObject({ id: c.id, lease_owner: 'i1' });
    expect(await store.claimDue('i2', 60_000, at(0))).toBeUndefined();
    // The lease expired (i1 died): i2 takes over the same slot.
    const taken = await store.claimDue('i2', 60_000, new Date(at(0).getTime() + 61_000));
    expect(taken).toMatchObject({ id: c.id, lease_owner: 'i2' });
    expect(await store.finishClaim(c.id, 'i1', at(1))).toBe(false);
    expect(await store.finishClaim(c.id, 'i2', at(1))).toBe(true);
    expect(await store.cluster(c.id)).toMatchObject({ next_run_at: at(1).toISOString(), lease_owner: null, lease_until: null });
    expect(await store.claimDue('i1', 60_000, at(0.5))).toBeUndefined();
  });

  it('changes the due time when the schedule changes, not when only restarting', async () => {
    await store.upsertCluster('prod', { context: 'prod' }, '0 * * * *', at(1), at(0));
    expect((await store.upsertCluster('prod', { context: 'prod' }, '0 * * * *', at(5), at(0))).next_run_at).toBe(at(1).toISOString());
    expect((await store.upsertCluster('prod', { context: 'prod' }, '*/5 * * * *', at(2), at(0))).next_run_at).toBe(at(2).toISOString());
  });

  it('stores exceptions and turns them into engine rules for the cluster and for every cluster', async () => {
    const c = await cluster();
    const other = await cluster('other');
    const e1 = await store.addException({ clusterId: c.id, checkId: 'KF-W-001', namespace: 'kube-system', name: 'cilium-*', reason: 'CNI needs it', owner: 'net team', expires: '2027-01-01' });
    await store.addException({ checkId: 'KF-R-001', kind: 'ClusterRole', reason: 'everywhere' });
    expect((await store.exceptionRules(c.id)).map((r) => r.checks[0])).toEqual(['KF-W-001', 'KF-R-001']);
    expect(await store.exceptionRules(other.id)).toEqual([{ checks: ['KF-R-001'], match: { kind: 'ClusterRole' }, reason: 'everywhere', source: expect.stringMatching(/^service exception #\d+$/) }]);
    expect((await store.exceptionRules(c.id))[0]).toMatchObject({ match: { namespace: 'kube-system', name: 'cilium-*' }, owner: 'net team', expires: '2027-01-01' });
    expect(await store.deleteException(e1.id)).toBe(true);
    expect(await store.deleteException(e1.id)).toBe(false);
    expect(await store.exceptions()).toHaveLength(1);
  });

  it('stores audit alerts, newest first, filtered by rule', async () => {
    const c = await cluster();
    expect(await store.addAlerts(c.id, [
      { ruleId: 'KF-D-001', severity: 'high', message: 'exec into pod', eventTime: at(1).toISOString(), detail: { user: 'alice' } },
      { ruleId: 'KF-D-002', severity: 'critical', message: 'secret read', eventTime: at(2).toISOString() },
    ])).toBe(2);
    expect((await store.alerts({ cluster: c.id })).map((a) => a.rule_id)).toEqual(['KF-D-002', 'KF-D-001']);
    expect((await store.alerts({ rule: 'KF-D-001' }))[0]).toMatchObject({ message: 'exec into pod', detail: '{"user":"alice"}' });
  });

  it('records a scan\'s analyses, one body per content, and serves the newest or one scan\'s', async () => {
    const c = await cluster();
    const first = await store.recordScan(c.id, scanResult([finding('a')], { startedAt: at(1).toISOString() }), { trigger: 'scheduled', analyses: estate });
    const second = await store.recordScan(c.id, scanResult([finding('a')], { startedAt: at(2).toISOString() }), { trigger: 'scheduled', analyses: estate });
    // A node scan has no analyses and is not "the newest analysis".
    await store.recordScan(c.id, scanResult([], { type: 'node', node: 'n1', startedAt: at(3).toISOString() }), { trigger: 'node' });
    const bodies = async () => (await store.db.selectFrom('analysis_bodies').select(['kind', 'size', 'body']).orderBy('id').execute()).map((b) => ({ ...b, json: gunzipSync(b.body).toString('utf8') }));
    // Two unchanged scans share one body per kind.
    expect((await bodies()).map((b) => b.kind)).toEqual(['rbac', 'netpol']);
    expect(await store.db.selectFrom('scan_analyses').select('scan_id').execute()).toHaveLength(4);

    const latest = await store.analysis(c.id, 'rbac');
    expect(latest).toMatchObject({ status: 'ok', error: null, scan: { id: second.scan.id }, summary: { paths: 9, critical: 7, toClusterAdmin: 4, subjects: 5, capped: false } });
    expect(latest?.body?.paths.map((p) => p.label)).toContain('User jane');
    // Read back, the analyses are what the analysis produced (the connection list is indexed in storage only).
    expect(latest?.body).toEqual(JSON.parse(JSON.stringify((estate.rbac as { body: RbacAnalysis }).body)));
    expect((await store.analysis(c.id, 'netpol'))?.body).toEqual(JSON.parse(JSON.stringify((estate.netpol as { body: NetpolAnalysis }).body)));

    const changed = await store.recordScan(c.id, scanResult([finding('a')], { startedAt: at(24 * 40).toISOString() }), { trigger: 'scheduled', analyses: withoutJane });
    // RBAC changed (a new body), reachability did not (the same one).
    expect((await bodies()).map((b) => b.kind)).toEqual(['rbac', 'netpol', 'rbac']);
    expect((await store.analysis(c.id, 'rbac'))?.body?.paths.map((p) => p.label)).not.toContain('User jane');
    expect((await store.analysis(c.id, 'rbac', first.scan.id))?.body?.paths.map((p) => p.label)).toContain('User jane');
    expect((await store.analysis(c.id, 'netpol'))?.body?.namespaces.find((n) => n.name === 'shop')?.defaultDeny).toEqual({ ingress: false, egress: false });
    expect((await store.analysisHistory(c.id, 'rbac')).map((h) => [h.scanId, h.summary.paths])).toEqual([[changed.scan.id, 7], [second.scan.id, 9], [first.scan.id, 9]]);
    // Another cluster, or a scan of another cluster, has none.
    const other = await cluster('other');
    expect(await store.analysis(other.id, 'rbac')).toBeUndefined();
    expect(await store.analysis(other.id, 'rbac', first.scan.id)).toBeUndefined();

    // No secret value is stored: the estate has a Secret, the analyses name objects only.
    for (const b of await bodies()) {
      expect(b.json).not.toContain('estate-fixture-secret-value-7f3a');
      expect(b.json).not.toContain(Buffer.from('estate-fixture-secret-value-7f3a').toString('base64'));
      expect(b.size).toBe(b.json.length);
      // Stored gzipped.
      expect(b.body.byteLength).toBeLessThan(b.json.length / 2);
    }

    // An analysis that failed is recorded as such; the scan is recorded all the same.
    const failing: ClusterAnalyses = { ...estate, rbac: { status: 'error', error: 'graph exploded', durationMs: 3 } };
    const broken = await store.recordScan(c.id, scanResult([finding('a')], { startedAt: at(24 * 41).toISOString() }), { trigger: 'scheduled', analyses: failing });
    expect(await store.analysis(c.id, 'rbac')).toMatchObject({ scan: { id: broken.scan.id }, status: 'error', error: 'graph exploded', body: null });
    expect(await store.analysis(c.id, 'netpol')).toMatchObject({ scan: { id: broken.scan.id }, status: 'ok' });

    // Retention: the first three scans go (the node scan too), with them the only reference to the first RBAC body.
    expect(await store.prune(30, at(24 * 42))).toMatchObject({ scans: 3, analyses: 1 });
    expect((await bodies()).map((b) => b.kind)).toEqual(['netpol', 'rbac']);
    expect(await store.analysis(c.id, 'rbac', first.scan.id)).toBeUndefined();
    expect((await store.analysisHistory(c.id, 'rbac')).map((h) => [h.scanId, h.status])).toEqual([[broken.scan.id, 'error'], [changed.scan.id, 'ok']]);
  });

  it('lists each cluster with the counts of its newest analyses (GET /clusters), never zeros for none or a failed one', async () => {
    const prod = await cluster();
    const legacy = await cluster('legacy');
    const broken = await cluster('broken');
    await store.recordScan(prod.id, scanResult([finding('a')], { startedAt: at(1).toISOString() }), { trigger: 'scheduled', analyses: withoutJane });
    const newest = await store.recordScan(prod.id, scanResult([finding('a')], { startedAt: at(2).toISOString() }), { trigger: 'scheduled', analyses: estate });
    // A later node scan, and a cluster scan that failed, have no analyses: the counts stay those of the newest scan with them.
    await store.recordScan(prod.id, scanResult([], { type: 'node', node: 'n1', startedAt: at(3).toISOString() }), { trigger: 'node' });
    await store.recordFailedScan(prod.id, 'connect ECONNREFUSED', { trigger: 'scheduled', startedAt: at(4), durationMs: 5 });
    // Scanned before the analyses existed.
    await store.recordScan(legacy.id, scanResult([finding('l')], { startedAt: at(1).toISOString() }), { trigger: 'scheduled' });
    // The RBAC analysis failed; the reachability did not.
    const failed = await store.recordScan(broken.id, scanResult([], { startedAt: at(1).toISOString() }), { trigger: 'scheduled', analyses: { ...estate, rbac: { status: 'error', error: 'graph exploded', durationMs: 3 } } });
    const never = await cluster('unscanned');

    const app = await buildApp({ store, ownsStore: false, tokens: new TokenVerifier([{ name: 'ci', sha256: hashToken(TOKEN) }]), webRoot: null });
    try {
      const res = await app.inject({ url: '/api/v1/clusters', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode).toBe(200);
      const items = (res.json() as { items: { id: number; name: string; latestScan: { status: string } | null; analysis: unknown }[] }).items;
      const byName = Object.fromEntries(items.map((c) => [c.name, c]));
      const scanAt = at(2).toISOString();
      expect(byName.prod?.analysis).toEqual({
        rbac: { scanId: newest.scan.id, at: scanAt, status: 'ok', error: null, summary: ESTATE_RBAC },
        netpol: { scanId: newest.scan.id, at: scanAt, status: 'ok', error: null, summary: ESTATE_NETPOL },
      });
      expect(byName.prod?.latestScan?.status).toBe('error');
      expect(byName.legacy?.analysis).toEqual({ rbac: null, netpol: null });
      expect(byName.unscanned?.analysis).toEqual({ rbac: null, netpol: null });
      expect(byName.broken?.analysis).toEqual({
        rbac: { scanId: failed.scan.id, at: at(1).toISOString(), status: 'error', error: 'graph exploded', summary: null },
        netpol: { scanId: failed.scan.id, at: at(1).toISOString(), status: 'ok', error: null, summary: ESTATE_NETPOL },
      });
      // Counts only: the list is small whatever the analyses hold.
      expect(res.body).not.toContain('storefront');
      expect(res.body.length).toBeLessThan(4000);
      // One cluster, the same.
      const one = await app.inject({ url: `/api/v1/clusters/${prod.id}`, headers: { authorization: `Bearer ${TOKEN}` } });
      expect((one.json() as { analysis: unknown }).analysis).toEqual(byName.prod?.analysis);
      expect(((await app.inject({ url: `/api/v1/clusters/${never.id}`, headers: { authorization: `Bearer ${TOKEN}` } })).json() as { latestScan: unknown; analysis: unknown })).toMatchObject({ latestScan: null, analysis: { rbac: null, netpol: null } });
    } finally {
      await app.close();
    }
  });

  it('migration 0003 fills in the counts of analyses recorded before them, from the stored bodies', async () => {
    const c = await cluster();
    const older = await store.recordScan(c.id, scanResult([finding('a')], { startedAt: at(1).toISOString() }), { trigger: 'scheduled', analyses: withoutJane });
    const newer = await store.recordScan(c.id, scanResult([finding('a')], { startedAt: at(2).toISOString() }), { trigger: 'scheduled', analyses: { ...estate, netpol: { status: 'error', error: 'engine failed', durationMs: 1 } } });
    // The summaries as migration 0002's version wrote them, and the database before 0003.
    const v2 = (s: Record<string, unknown>) => JSON.stringify(s);
    await store.db.updateTable('scan_analyses').set({ summary: v2({ paths: 7, critical: 5, toClusterAdmin: 3, subjects: 4, capped: false }) }).where('scan_id', '=', older.scan.id).where('kind', '=', 'rbac').execute();
    await store.db.updateTable('scan_analyses').set({ summary: v2({ namespaces: 4, withoutDefaultDenyIngress: 3, openToAll: 3, fromOutside: 3, connections: 18, capped: false, cniEnforces: true }) }).where('scan_id', '=', older.scan.id).where('kind', '=', 'netpol').execute();
    await store.db.updateTable('scan_analyses').set({ summary: v2({ paths: 9, critical: 7, toClusterAdmin: 4, subjects: 5, capped: false }) }).where('scan_id', '=', newer.scan.id).where('kind', '=', 'rbac').execute();
    // And the older RBAC body as it was stored then, without counts.exposedSubjects: the migration counts them from its paths.
    const olderBody = await store.db.selectFrom('scan_analyses').innerJoin('analysis_bodies', 'analysis_bodies.id', 'scan_analyses.body_id').select(['analysis_bodies.id', 'analysis_bodies.body']).where('scan_id', '=', older.scan.id).where('scan_analyses.kind', '=', 'rbac').executeTakeFirstOrThrow();
    const json = JSON.parse(gunzipSync(olderBody.body).toString('utf8')) as RbacAnalysis & { counts: { exposedSubjects?: number } };
    delete json.counts.exposedSubjects;
    await store.db.updateTable('analysis_bodies').set({ body: gzipSync(JSON.stringify(json)) }).where('id', '=', olderBody.id).execute();
    await sql`delete from kysely_migration where name = '0003_analysis_summary_counts'`.execute(store.db);
    // Until then the list gives no counts for an incomplete summary (not zeros).
    const { latestAnalysisJson } = await import('../../src/server/routes/serialize.js');
    expect(latestAnalysisJson('rbac', (await store.latestAnalyses(c.id)).rbac)).toMatchObject({ status: 'ok', summary: null });

    const again = await openDatabase(url);
    const migrated = new Store(again.db, again.kind);
    try {
      const latest = await migrated.latestAnalyses(c.id);
      expect(latest.rbac).toEqual({ scanId: newer.scan.id, at: at(2).toISOString(), status: 'ok', error: null, summary: ESTATE_RBAC });
      // The failed analysis keeps no counts (and is the newest reachability, as /netpol serves it).
      expect(latest.netpol).toEqual({ scanId: newer.scan.id, at: at(2).toISOString(), status: 'error', error: 'engine failed', summary: {} });
      expect((await migrated.analysisHistory(c.id, 'rbac')).map((h) => h.summary)).toEqual([ESTATE_RBAC, WITHOUT_JANE_RBAC]);
      expect((await migrated.analysisHistory(c.id, 'netpol')).map((h) => h.summary)).toEqual([{}, ESTATE_NETPOL]);
    } finally {
      await migrated.close();
    }
  });

  it('keeps token hashes and settings', async () => {
    await store.addTokenHash('ui', 'ab'.repeat(32));
    await store.addTokenHash('ui', 'ab'.repeat(32));
    expect(await store.tokenHashes()).toEqual([{ name: 'ui', sha256: 'ab'.repeat(32) }]);
    await store.setSetting('retention_days', '30');
    await store.setSetting('retention_days', '60');
    expect(await store.setting('retention_days')).toBe('60');
    expect(await store.setting('missing')).toBeUndefined();
  });

  it('prunes by retention: old scans except the latest per cluster, old fixed findings, old alerts', async () => {
    const c = await cluster();
    await store.recordScan(c.id, scanResult([finding('a'), finding('b')], { startedAt: at(0).toISOString() }), { trigger: 'scheduled' });
    await store.recordScan(c.id, scanResult([finding('a')], { startedAt: at(24).toISOString() }), { trigger: 'scheduled' });
    await store.recordScan(c.id, scanResult([finding('a')], { startedAt: at(24 * 40).toISOString() }), { trigger: 'scheduled' });
    await store.addAlerts(c.id, [{ ruleId: 'R', severity: 'low', message: 'm', eventTime: at(0).toISOString() }], at(0));
    const pruned = await store.prune(30, at(24 * 41));
    expect(pruned).toEqual({ scans: 2, findings: 1, alerts: 1, analyses: 0 });
    expect((await store.scans({ cluster: c.id })).map((s) => s.started_at)).toEqual([at(24 * 40).toISOString()]);
    expect((await store.findings({ cluster: c.id, status: 'all' })).items.map((f) => f.fingerprint)).toEqual(['a']);
    // Only scan left is the latest: it is never pruned.
    expect(await store.prune(1, at(24 * 400))).toMatchObject({ scans: 0 });
  });
});
