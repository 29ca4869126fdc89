/**
 * The analyses recorded with each scan (RBAC escalation paths, NetworkPolicy reachability) on the
 * estate fixture, the scheduler recording them, and their routes through inject.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/core/inventory.js';
import { netpolEngine } from '../../src/analysis/netpol/index.js';
import { buildApp } from '../../src/server/app.js';
import { analyseInventory, netpolAnalysis, OUTSIDE, rbacAnalysis, summariseAnalysis, type ClusterAnalyses, type NetpolAnalysis, type RbacAnalysis } from '../../src/server/analysis/index.js';
import { Metrics } from '../../src/server/metrics.js';
import { Scheduler } from '../../src/server/scheduler.js';
import { openDatabase } from '../../src/server/storage/db.js';
import { Store } from '../../src/server/storage/store.js';
import { hashToken, TokenVerifier } from '../../src/server/tokens.js';
import { loadManifests } from '../../src/sources/manifests.js';
import { estateInventory, estateScan, finding, scanResult } from './fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'kubefort-analysis-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TOKEN = 'kf_test-token-0123456789abcdefghijkl';
const auth = { authorization: `Bearer ${TOKEN}` };
let n = 0;

let inventory: Inventory;
let estate: ClusterAnalyses;
beforeAll(async () => {
  inventory = await estateInventory();
  estate = analyseInventory(inventory);
});

describe('RBAC escalation paths of the estate', () => {
  let rbac: RbacAnalysis;
  beforeAll(() => {
    rbac = rbacAnalysis(inventory);
  });

  it('finds the storefront service account\'s two hops to cluster-admin, with the grant behind each hop', () => {
    const p = rbac.paths.find((x) => x.label === 'ServiceAccount shop/storefront' && x.sink === 'cluster-admin');
    expect(p).toEqual({
      subject: { kind: 'ServiceAccount', namespace: 'shop', name: 'storefront' },
      label: 'ServiceAccount shop/storefront',
      sink: 'cluster-admin',
      severity: 'critical',
      bootstrap: false,
      exposed: true,
      workloads: ['Deployment shop/storefront'],
      workloadCount: 1,
      hops: [
        {
          from: 'ServiceAccount shop/storefront',
          to: 'ServiceAccount ci/deployer',
          primitive: 'create-pods',
          text: 'can create pods in ci',
          grants: [{ binding: { kind: 'RoleBinding', namespace: 'ci', name: 'storefront-migrations' }, role: { kind: 'Role', namespace: 'ci', name: 'migration-runner' }, ruleIndex: 0, rule: 'create,get,delete pods in core' }],
        },
        {
          from: 'ServiceAccount ci/deployer',
          to: 'cluster-admin',
          primitive: 'wildcard-admin',
          text: 'holds * on * in every API group cluster-wide (cluster-admin)',
          grants: [{ binding: { kind: 'ClusterRoleBinding', name: 'ci-deployer-admin' }, role: { kind: 'ClusterRole', name: 'cluster-admin' }, ruleIndex: 0, rule: '* * in *' }],
        },
      ],
    });
  });

  it('reports nodes/proxy, secrets and bootstrap chains, critical first, with counts', () => {
    const chains = rbac.paths.map((p) => `${p.label} → ${p.sink} ${p.severity}: ${p.hops.map((h) => h.primitive).join(' > ')}`);
    expect(chains).toEqual([
      'ServiceAccount shop/storefront → cluster-admin critical: create-pods > wildcard-admin',
      'ServiceAccount shop/storefront → kube-system-secrets critical: create-pods > read-secrets',
      'ServiceAccount ci/deployer → cluster-admin critical: wildcard-admin',
      'ServiceAccount ci/deployer → kube-system-secrets critical: read-secrets',
      'Group payments-auditors → kube-system-secrets critical: read-secrets',
      'User jane → cluster-admin critical: nodes-proxy > wildcard-admin',
      'User jane → kube-system-secrets critical: nodes-proxy > read-secrets',
      'ServiceAccount kube-system/replicaset-controller → cluster-admin info: create-pods > wildcard-admin',
      'ServiceAccount kube-system/replicaset-controller → kube-system-secrets info: create-pods > read-secrets',
    ]);
    expect(rbac.paths.find((p) => p.label.includes('replicaset-controller'))?.bootstrap).toBe(true);
    expect(rbac).toMatchObject({ total: 9, capped: false, counts: { bySink: { 'cluster-admin': 4, 'kube-system-secrets': 5 }, bySeverity: { critical: 7, info: 2 }, subjects: 5, exposed: 2, exposedSubjects: 1 }, gaps: [] });
  });

  it('caps the chains it keeps, dropping info ones first, and says so', () => {
    const capped = rbacAnalysis(inventory, 3);
    expect(capped).toMatchObject({ total: 9, limit: 3, capped: true });
    expect(capped.paths.map((p) => p.severity)).toEqual(['critical', 'critical', 'critical']);
  });

  it('summarises the counts the cluster list shows, also for a body recorded before exposed subjects were counted', () => {
    expect(summariseAnalysis(rbac)).toEqual({ paths: 9, critical: 7, toClusterAdmin: 4, toKubeSystemSecrets: 5, subjects: 5, exposedSubjects: 1, capped: false });
    const old = (body: RbacAnalysis): RbacAnalysis => ({ ...body, counts: { bySink: body.counts.bySink, bySeverity: body.counts.bySeverity, subjects: body.counts.subjects, exposed: body.counts.exposed } });
    // From the kept paths when they are all there; unknown (null, not 0) when some were left out.
    expect(summariseAnalysis(old(rbac))).toMatchObject({ exposedSubjects: 1 });
    expect(summariseAnalysis(old(rbacAnalysis(inventory, 3)))).toMatchObject({ paths: 9, exposedSubjects: null, capped: true });
  });

  it('lists a workload by its owner, so a rollout (new pod names) does not change the result', async () => {
    const load = await loadManifests([]);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'storefront-7d9f-abcde', namespace: 'shop', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'storefront-7d9f', controller: true }], labels: { app: 'storefront' } }, spec: { serviceAccountName: 'storefront', containers: [{ name: 'web', image: 'x' }] } };
    const { liveResource } = await import('../../src/core/resource.js');
    const withPod = rbacAnalysis(new Inventory([...inventory.resources, ...load.resources, liveResource(pod)]));
    expect(withPod.paths.find((p) => p.label === 'ServiceAccount shop/storefront')?.workloads).toEqual(['Deployment shop/storefront']);
  });
});

describe('NetworkPolicy reachability of the estate', () => {
  let netpol: NetpolAnalysis;
  beforeAll(() => {
    netpol = netpolAnalysis(inventory);
  });

  it('summarises each namespace: default deny, open and exposed workloads', () => {
    const ns = Object.fromEntries(netpol.namespaces.map((x) => [x.name, x]));
    expect(ns.payments).toMatchObject({ policies: 2, workloads: 1, defaultDeny: { ingress: true, egress: true }, ingressOpen: 0, openToAll: 0, fromOutside: 0, fromOtherNamespaces: 1 });
    expect(ns.shop).toMatchObject({ policies: 1, workloads: 2, defaultDeny: { ingress: false, egress: false }, ingressOpen: 1, egressOpen: 2, openToAll: 1, fromOutside: 1 });
    expect(ns.ci).toMatchObject({ policies: 0, defaultDeny: { ingress: false, egress: false }, openToAll: 1 });
    expect(netpol.totals).toEqual({ namespaces: 4, workloads: 5, policies: 3, withoutDefaultDenyIngress: 3, withoutDefaultDenyEgress: 3, openToAll: 3, fromOutside: 3 });
    expect(netpol.cni).toEqual({ plugins: [{ name: 'Calico', enforces: true, evidence: 'image docker.io/calico/node:v3.29.1' }], enforces: true });
  });

  it('says per workload what it accepts from every namespace, from outside and from other namespaces', () => {
    const w = Object.fromEntries(netpol.workloads.items.map((x) => [x.id, x]));
    expect(w['shop/storefront[Deployment]']).toMatchObject({ ingressIsolated: false, fromEntireCluster: 'All Connections', fromAnyAddress: true, toMetadata: 'All Connections' });
    expect(w['payments/payments-api[Deployment]']).toMatchObject({ ingressIsolated: true, egressIsolated: true, fromEntireCluster: null, fromOutside: [], fromNamespaces: ['shop'], toMetadata: null });
    expect(w['shop/cart[Deployment]']).toMatchObject({ ingressIsolated: true, fromEntireCluster: null, fromNamespaces: [] });
    expect(w['kube-system/calico-node[DaemonSet]']?.hostNetwork).toBe(true);
  });

  it('lists the allowed connections as netpol matrix does, and counts them per namespace pair', () => {
    const engine = netpolEngine(inventory);
    const expected = engine.connections('workload').map((e) => ({ src: e.src, dst: e.dst, conn: e.conns.toString() }));
    expect(netpol.connections).toEqual({ total: expected.length, limit: 5000, capped: false, items: expected });
    expect(netpol.connections.items).toContainEqual({ src: 'shop/cart[Deployment]', dst: 'payments/payments-api[Deployment]', conn: 'TCP 8443' });
    expect(netpol.connections.items).toContainEqual({ src: 'shop/storefront[Deployment]', dst: 'shop/cart[Deployment]', conn: 'TCP 9090' });
    const m = netpol.matrix;
    expect(m?.namespaces).toEqual(['ci', 'kube-system', 'payments', 'shop', OUTSIDE]);
    const cell = (s: string, d: string) => m?.cells.find((c) => m.namespaces[c[0]] === s && m.namespaces[c[1]] === d)?.[2] ?? 0;
    expect([cell('shop', 'payments'), cell('ci', 'payments'), cell(OUTSIDE, 'shop'), cell('shop', 'shop')]).toEqual([1, 0, 1, 2]);
  });

  it('names at most 10 other namespaces per workload and counts them all', async () => {
    const { liveResource } = await import('../../src/core/resource.js');
    const objects = Array.from({ length: 12 }, (_, i) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: `team-${String(i).padStart(2, '0')}` }, spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'x' }] } } } }));
    const open = netpolAnalysis(new Inventory(objects.map((o) => liveResource(o))));
    const first = open.workloads.items[0];
    expect(first).toMatchObject({ id: 'team-00/api[Deployment]', fromNamespaceCount: 11, fromOutsideRanges: 1, fromAnyAddress: true });
    expect(first?.fromNamespaces).toEqual(Array.from({ length: 10 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`));
    expect(open.connections.total).toBe(12 * 11 + 24);
  });

  it('caps the connection list, keeping connections across namespaces and the cluster edge first, and says so', () => {
    const capped = netpolAnalysis(inventory, { connections: 4 });
    expect(capped.connections).toMatchObject({ total: netpol.connections.total, limit: 4, capped: true });
    expect(capped.connections.items).toHaveLength(4);
    const ns = (end: string) => (end.endsWith('[External]') ? OUTSIDE : end.split('/')[0]);
    for (const c of capped.connections.items) expect(ns(c.src), `${c.src} => ${c.dst}`).not.toBe(ns(c.dst));
    // The matrix still counts every connection.
    expect(capped.matrix).toEqual(netpol.matrix);
  });

  it('summarises the counts the cluster list shows', () => {
    expect(summariseAnalysis(netpol)).toEqual({ cniEnforces: true, namespaces: 4, namespacesWithWorkloads: 4, withoutDefaultDenyIngress: 3, withoutDefaultDenyEgress: 3, workloads: 5, openToAll: 3, fromOutside: 3, connections: netpol.connections.total, capped: false });
    expect(netpol.connections.total).toBe(18);
    // Not computed is not zero.
    expect(summariseAnalysis(netpolAnalysis(inventory, { matrixClasses: 2 }))).toMatchObject({ connections: null, fromOutside: 3 });
  });

  it('skips the connection list and matrix of an estate over the size limit, and says why', () => {
    const big = netpolAnalysis(inventory, { matrixClasses: 2 });
    expect(big.matrix).toBeNull();
    expect(big.connections).toMatchObject({ total: 0, items: [], capped: false, skipped: expect.stringContaining('over the limits') });
    expect(big.namespaces.every((x) => x.fromOtherNamespaces === null)).toBe(true);
    expect(big.totals).toEqual(netpol.totals);
  });
});

describe('analysis routes and the scheduler', () => {
  let app: FastifyInstance;
  let store: Store;
  beforeEach(async () => {
    const open = await openDatabase(`sqlite:${join(tmp, `analysis-${++n}.sqlite`)}`);
    store = new Store(open.db, open.kind);
    app = await buildApp({ store, tokens: new TokenVerifier([{ name: 'ci', sha256: hashToken(TOKEN) }]), webRoot: null });
  });
  afterEach(async () => {
    await app.close();
  });

  it('records both analyses at each scheduled scan, from the inventory the scan read', async () => {
    const c = await store.upsertCluster('estate', { context: 'estate' }, '0 * * * *', new Date(Date.now() - 1000), new Date());
    const scheduler = new Scheduler({ store, scan: estateScan, metrics: new Metrics(), instance: 'test', tickMs: 60_000, leaseMs: 60_000 });
    expect(await scheduler.tick()).toBe(1);
    const scan = await store.latestScan(c.id);
    expect(scan?.findings).toBeGreaterThan(0);
    const rbac = await store.analysis(c.id, 'rbac');
    expect(rbac).toMatchObject({ status: 'ok', scan: { id: scan?.id }, summary: { paths: 9, toClusterAdmin: 4, exposedSubjects: 1 } });
    expect(await store.analysis(c.id, 'netpol')).toMatchObject({ status: 'ok', scan: { id: scan?.id }, summary: { withoutDefaultDenyIngress: 3, namespacesWithWorkloads: 4, fromOutside: 3, cniEnforces: true } });
    // The cluster list reads those counts.
    const listed = (await app.inject({ url: '/api/v1/clusters', headers: auth })).json() as { items: { analysis: { rbac: { scanId: number; summary: Record<string, unknown> }; netpol: { summary: Record<string, unknown> } } }[] };
    expect(listed.items[0]?.analysis).toMatchObject({ rbac: { scanId: scan?.id, status: 'ok', summary: { paths: 9, critical: 7, exposedSubjects: 1 } }, netpol: { status: 'ok', summary: { cniEnforces: true, withoutDefaultDenyIngress: 3, namespacesWithWorkloads: 4, fromOutside: 3 } } });
    // The scan's own finding for the same chain agrees with the analysis (KF-R-020).
    const kf = await store.findings({ cluster: c.id, check: 'KF-R-020', q: 'storefront' });
    expect(kf.items.map((f) => f.message).join('\n')).toContain('ServiceAccount shop/storefront can reach cluster-admin in 2 hops');
  });

  async function seed() {
    const c = await store.upsertCluster('prod', { context: 'prod' }, '0 * * * *', new Date(), new Date());
    const old = await store.recordScan(c.id, scanResult([finding('a')], { startedAt: '2026-01-01T00:00:00.000Z' }), { trigger: 'scheduled', analyses: analyseInventory(await estateInventory(['jane-node-debugger'])) });
    const latest = await store.recordScan(c.id, scanResult([finding('a')], { startedAt: '2026-01-01T06:00:00.000Z' }), { trigger: 'scheduled', analyses: estate });
    return { cluster: c, old: old.scan, latest: latest.scan };
  }

  it('GET /clusters/{id}/rbac: the newest scan\'s paths, one scan\'s with ?scan, filtered by severity, sink and subject', async () => {
    const { cluster, old, latest } = await seed();
    const res = await app.inject({ url: `/api/v1/clusters/${cluster.id}/rbac`, headers: auth });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { cluster: unknown; scan: { id: number }; status: string; summary: Record<string, unknown>; history: { scanId: number }[]; analysis: RbacAnalysis };
    expect(body).toMatchObject({ cluster: { id: cluster.id, name: 'prod' }, scan: { id: latest.id, startedAt: '2026-01-01T06:00:00.000Z', status: 'ok' }, status: 'ok', error: null, summary: { paths: 9 } });
    expect(body.history.map((h) => h.scanId)).toEqual([latest.id, old.id]);
    // The stored analysis, whole, through the response schema.
    expect(body.analysis).toEqual(JSON.parse(JSON.stringify((estate.rbac as { body: RbacAnalysis }).body)));

    const get = async (qs: string) => ((await app.inject({ url: `/api/v1/clusters/${cluster.id}/rbac?${qs}`, headers: auth })).json() as { analysis: RbacAnalysis; scan: { id: number } });
    expect((await get('severity=info')).analysis.paths.map((p) => p.label)).toEqual(['ServiceAccount kube-system/replicaset-controller', 'ServiceAccount kube-system/replicaset-controller']);
    expect((await get('subject=JANE&sink=cluster-admin')).analysis.paths.map((p) => `${p.label} ${p.sink}`)).toEqual(['User jane cluster-admin']);
    expect((await get('subject=jane')).analysis.total).toBe(9);
    const before = await get(`scan=${old.id}&subject=jane`);
    expect([before.scan.id, before.analysis.paths]).toEqual([old.id, []]);
  });

  it('GET /clusters/{id}/netpol: namespaces, workloads, matrix and connections, narrowed to one namespace', async () => {
    const { cluster } = await seed();
    const all = (await app.inject({ url: `/api/v1/clusters/${cluster.id}/netpol`, headers: auth })).json() as { analysis: NetpolAnalysis };
    expect(all.analysis).toEqual(JSON.parse(JSON.stringify((estate.netpol as { body: NetpolAnalysis }).body)));
    const one = (await app.inject({ url: `/api/v1/clusters/${cluster.id}/netpol?namespace=payments`, headers: auth })).json() as { analysis: NetpolAnalysis };
    expect(one.analysis.namespaces.map((x) => x.name)).toEqual(['payments']);
    expect(one.analysis.workloads.items.map((w) => w.id)).toEqual(['payments/payments-api[Deployment]']);
    expect(one.analysis.connections.items).toEqual([{ src: 'shop/cart[Deployment]', dst: 'payments/payments-api[Deployment]', conn: 'TCP 8443' }]);
    expect(one.analysis.totals).toEqual(all.analysis.totals);
  });

  it('gzips a large answer for a client that accepts it', async () => {
    const { cluster } = await seed();
    const big = await store.upsertCluster('big', { context: 'big' }, '0 * * * *', new Date(), new Date());
    const { liveResource } = await import('../../src/core/resource.js');
    const objects = Array.from({ length: 60 }, (_, i) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `api-${i}`, namespace: `team-${i % 6}` }, spec: { selector: { matchLabels: { app: `api-${i}` } }, template: { metadata: { labels: { app: `api-${i}` } }, spec: { containers: [{ name: 'api', image: 'x' }] } } } }));
    await store.recordScan(big.id, scanResult([]), { trigger: 'scheduled', analyses: analyseInventory(new Inventory(objects.map((o) => liveResource(o)))) });
    const plain = await app.inject({ url: `/api/v1/clusters/${big.id}/netpol`, headers: auth });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(32 * 1024);
    const zipped = await app.inject({ url: `/api/v1/clusters/${big.id}/netpol`, headers: { ...auth, 'accept-encoding': 'gzip, deflate, br' } });
    expect([zipped.headers['content-encoding'], zipped.headers.vary]).toEqual(['gzip', 'accept-encoding']);
    expect(zipped.rawPayload.length).toBeLessThan(plain.body.length / 5);
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(plain.body);
    // Small answers are sent as they are.
    expect((await app.inject({ url: `/api/v1/clusters/${cluster.id}/rbac`, headers: { ...auth, 'accept-encoding': 'gzip' } })).headers['content-encoding']).toBeUndefined();
  });

  it('answers 404 without analyses, 400 on bad input, 401 without a token; a failed analysis says so', async () => {
    const { cluster, latest } = await seed();
    const other = await store.upsertCluster('empty', { context: 'empty' }, '0 * * * *', new Date(), new Date());
    const code = async (url: string, headers: Record<string, string> = auth) => {
      const res = await app.inject({ url, headers });
      return [res.statusCode, (res.json() as { error?: { code: string } }).error?.code];
    };
    expect(await code(`/api/v1/clusters/${other.id}/rbac`)).toEqual([404, 'KF_ERR_NOT_FOUND']);
    expect(await code(`/api/v1/clusters/${other.id}/netpol?scan=${latest.id}`)).toEqual([404, 'KF_ERR_NOT_FOUND']);
    expect(await code('/api/v1/clusters/999/netpol')).toEqual([404, 'KF_ERR_NOT_FOUND']);
    expect(await code(`/api/v1/clusters/${cluster.id}/rbac?severity=urgent`)).toEqual([400, 'KF_ERR_BAD_REQUEST']);
    expect(await code(`/api/v1/clusters/${cluster.id}/rbac?verbose=1`)).toEqual([400, 'KF_ERR_BAD_REQUEST']);
    expect(await code(`/api/v1/clusters/${cluster.id}/netpol?namespace=Not_A_Namespace`)).toEqual([400, 'KF_ERR_BAD_REQUEST']);
    expect(await code(`/api/v1/clusters/${cluster.id}/rbac`, {})).toEqual([401, 'KF_ERR_UNAUTHORIZED']);
    expect(await code(`/api/v1/clusters/${cluster.id}/netpol`, { authorization: `Bearer ${TOKEN}x` })).toEqual([401, 'KF_ERR_UNAUTHORIZED']);

    const failed = await store.recordScan(cluster.id, scanResult([]), { trigger: 'scheduled', analyses: { ...estate, netpol: { status: 'error', error: 'engine failed', durationMs: 1 } } });
    const res = (await app.inject({ url: `/api/v1/clusters/${cluster.id}/netpol`, headers: auth })).json() as Record<string, unknown>;
    expect(res).toMatchObject({ scan: { id: failed.scan.id }, status: 'error', error: 'engine failed', analysis: null });
  });

  it('documents both routes with their query parameters and response shapes in /openapi.json', async () => {
    const doc = (await app.inject({ url: '/openapi.json', headers: auth })).json() as { paths: Record<string, { get: { parameters: { name: string }[]; responses: Record<string, { content?: { 'application/json': { schema: { properties: Record<string, { anyOf?: { properties?: Record<string, unknown> }[] }> } } } }> } }> };
    const rbac = doc.paths['/api/v1/clusters/{id}/rbac']?.get;
    expect(rbac?.parameters.map((p) => p.name)).toEqual(['id', 'scan', 'severity', 'sink', 'subject']);
    const rbacBody = rbac?.responses['200']?.content?.['application/json'].schema.properties.analysis?.anyOf?.[1]?.properties;
    expect(Object.keys(rbacBody ?? {})).toEqual(expect.arrayContaining(['paths', 'total', 'capped', 'counts']));
    const netpol = doc.paths['/api/v1/clusters/{id}/netpol']?.get;
    expect(netpol?.parameters.map((p) => p.name)).toEqual(['id', 'scan', 'namespace']);
    expect(Object.keys(netpol?.responses['200']?.content?.['application/json'].schema.properties.analysis?.anyOf?.[1]?.properties ?? {})).toEqual(expect.arrayContaining(['namespaces', 'workloads', 'matrix', 'connections', 'cni']));
    // The cluster list documents its analysis counts.
    type Schema = { properties: Record<string, Schema>; items: Schema; anyOf: Schema[]; required: string[] };
    const list = doc.paths['/api/v1/clusters']?.get.responses['200']?.content?.['application/json'].schema as unknown as Schema;
    const analysis = list.properties.items?.items.properties.analysis;
    expect(analysis?.required).toEqual(['rbac', 'netpol']);
    const counts = (kind: 'rbac' | 'netpol') => analysis?.properties[kind]?.anyOf[1]?.properties.summary?.anyOf[1]?.required;
    expect(counts('rbac')).toEqual(['paths', 'critical', 'toClusterAdmin', 'toKubeSystemSecrets', 'subjects', 'exposedSubjects', 'capped']);
    expect(counts('netpol')).toEqual(expect.arrayContaining(['cniEnforces', 'namespacesWithWorkloads', 'withoutDefaultDenyIngress', 'fromOutside']));
    const one = doc.paths['/api/v1/clusters/{id}']?.get.responses['200']?.content?.['application/json'].schema as unknown as Schema;
    expect(one.properties.analysis).toEqual(analysis);
  });
});
