/**
 * Cluster names as kubeconfig contexts make them (kubeadm, EKS ARNs, GKE, the harness's) through
 * the whole service: config, derivation from the context, and the intake routes over real HTTPS
 * with the name percent-encoded in the path; and what the intake does with a name no cluster has.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_NAME_MAX, clusterNameProblem } from '../../src/server/cluster-name.js';
import { parseConfig } from '../../src/server/config.js';
import { resolveTargets } from '../../src/server/scanner.js';
import { startService, type Service } from '../../src/server/service.js';
import { openDatabase } from '../../src/server/storage/db.js';
import { Store } from '../../src/server/storage/store.js';

const TOKEN = 'kf_cluster-names-token-0123456789abcdef';
const CONTEXTS = ['kubefort-admin@kubefort-harness', 'kubernetes-admin@kubernetes', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod', 'gke_my-project_europe-west1-b_prod-1'];

const tmp = mkdtempSync(join(tmpdir(), 'kubefort-names-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const nodeReport = (node = 'worker-1') => ({
  apiVersion: 'kubefort.io/v1alpha1',
  kind: 'NodeReport',
  tool: { name: 'kubefort', version: 'test' },
  startedAt: '2026-01-02T00:00:00.000Z',
  durationMs: 12,
  node: { name: node, root: '/', distribution: 'kubeadm', components: [] },
  benchmark: { id: 'cis-1.12', title: 'CIS', selectedBy: 'default' },
  sections: [],
  results: [
    { id: '4.2.1', title: 'anonymous-auth off', benchmark: 'cis-1.12', section: '4', group: '4.2', automated: true, state: 'FAIL', reason: 'authentication.anonymous.enabled is true', evidence: [{ text: 'anonymous: enabled: true' }], remediation: 'set it to false', area: 'kubelet', severity: 'critical' },
  ],
  totals: { pass: 0, fail: 1, warn: 0, info: 0, notApplicable: 0 },
});
const exec = { kind: 'Event', apiVersion: 'audit.k8s.io/v1', verb: 'create', objectRef: { resource: 'pods', subresource: 'exec', namespace: 'default', name: 'web' } };

describe('cluster names: one definition for config, contexts and the intake routes', () => {
  it('accepts the usual context names and refuses control characters, edge white space, dot names and over-long names', () => {
    for (const name of [...CONTEXTS, 'in-cluster', 'prod', 'a b', 'x'.repeat(CLUSTER_NAME_MAX), 'clúster-ü']) expect(clusterNameProblem(name), name).toBeUndefined();
    for (const name of ['', ' prod', 'prod ', 'a\nb', 'a\tb', 'a\u0000b', 'a\u007fb', 'a\u202eb', 'a\u200bb', '.', '..', 'x'.repeat(CLUSTER_NAME_MAX + 1)]) expect(clusterNameProblem(name), JSON.stringify(name)).toBeDefined();
  });

  it('config takes the same names, as name or as the context that names a cluster, and names the path of a bad one', async () => {
    const config = parseConfig({ clusters: [{ name: CONTEXTS[2] }, { context: CONTEXTS[0] }, { context: CONTEXTS[3] }] });
    expect((await resolveTargets(config)).map((t) => t.name)).toEqual([CONTEXTS[2], CONTEXTS[0], CONTEXTS[3]]);
    // The default: the current context names the one cluster.
    expect((await resolveTargets(parseConfig({}), async () => CONTEXTS[1]))[0]?.name).toBe(CONTEXTS[1]);
    expect(() => parseConfig({ clusters: [{ name: 'a\nb' }] })).toThrow(/clusters\.0\.name: not a valid cluster name \(contains the control or invisible character U\+000A\)/);
    expect(() => parseConfig({ clusters: [{ context: 'x'.repeat(300) }] })).toThrow(/clusters\.0\.context: names the cluster.*set name/);
    expect(() => parseConfig({ clusters: [{ name: 'ok', context: 'x'.repeat(300) }] })).not.toThrow();
    await expect(resolveTargets(parseConfig({}), async () => ' odd')).rejects.toMatchObject({ code: 'KF_ERR_SERVER_CONFIG', message: expect.stringContaining('current context') });
  });

  it('storage refuses to create a cluster the API could not address', async () => {
    const open = await openDatabase(`sqlite:${join(tmp, 'store.sqlite')}`);
    const store = new Store(open.db, open.kind);
    try {
      await expect(store.upsertCluster('a\u0000b', {}, '0 * * * *', new Date())).rejects.toMatchObject({ code: 'KF_ERR_BAD_REQUEST' });
      await expect(store.clusterByName('', true)).rejects.toMatchObject({ code: 'KF_ERR_BAD_REQUEST' });
      expect((await store.upsertCluster(CONTEXTS[2] ?? '', { context: CONTEXTS[2] ?? '' }, '0 * * * *', new Date())).name).toBe(CONTEXTS[2]);
    } finally {
      await store.close();
    }
  });
});

describe('the intake over HTTPS, for clusters named by their kubeconfig context', () => {
  let service: Service;
  let ca: string;

  function call(method: 'GET' | 'POST', path: string, body?: unknown, token: string | null = TOKEN): Promise<{ status: number; json: any }> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) };
      const req = request(new URL(path, service.url), { method, ca, headers, timeout: 10_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text === '' ? undefined : JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
  const clusters = async () => (await call('GET', '/api/v1/clusters')).json.items as { id: number; name: string; schedule: string | null; nextRunAt: string | null }[];

  beforeAll(async () => {
    const dir = join(tmp, 'service');
    // Every cluster named by its context, as `kubefort serve` names them by default.
    const config = parseConfig({ storage: `sqlite:${join(dir, 'db.sqlite')}`, dataDir: dir, scanOnStart: false, tokens: [{ name: 'ci', value: TOKEN }], clusters: CONTEXTS.map((context) => ({ context })) });
    service = await startService({ config, port: 0, scan: async () => Promise.reject(new Error('no scans here')), detectAudit: (_c, events) => events.map(() => ({ ruleId: 'KF-D-EXEC', severity: 'high', message: 'exec', eventTime: '2026-01-01T00:00:00.000Z' })), print: () => undefined });
    ca = readFileSync(join(dir, 'tls.crt'), 'utf8');
  }, 60_000);
  afterAll(async () => service?.close());

  it('takes node scans and audit batches for each name, percent-encoded, into the configured cluster', async () => {
    const before = await clusters();
    expect(before.map((c) => c.name).sort()).toEqual([...CONTEXTS].sort());
    for (const c of before) {
      const path = `/api/v1/clusters/${encodeURIComponent(c.name)}`;
      const node = await call('POST', `${path}/node-scans`, nodeReport());
      expect(node.status, `${c.name}: ${JSON.stringify(node.json)}`).toBe(201);
      expect(node.json).toMatchObject({ clusterId: c.id, clusterCreated: false, new: 1 });
      const audit = await call('POST', `${path}/audit`, { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [exec] });
      expect(audit.status, `${c.name}: ${JSON.stringify(audit.json)}`).toBe(200);
      expect(audit.json).toEqual({ received: 1, alerts: 1 });
      const alerts = (await call('GET', `/api/v1/alerts?cluster=${c.id}`)).json.items as unknown[];
      expect(alerts).toHaveLength(1);
      const findings = (await call('GET', `/api/v1/findings?cluster=${c.id}`)).json as { total: number };
      expect(findings.total).toBe(1);
    }
    // No cluster was made up on the way.
    expect((await clusters()).map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
    const metrics = await new Promise<string>((resolve, reject) => {
      request(new URL('/metrics', service.url), { ca, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
        let text = '';
        res.on('data', (b: Buffer) => (text += b.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject).end();
    });
    expect(metrics).toContain(`kubefort_node_reports_received_total{cluster="${CONTEXTS[2]}"} 1`);
  });

  it('answers an invalid name with why, and creates nothing', async () => {
    const count = (await clusters()).length;
    for (const encoded of ['bad%0Aname', '%20lead', encodeURIComponent('x'.repeat(CLUSTER_NAME_MAX + 1)), 'a%E2%80%AEb']) {
      for (const route of ['node-scans', 'audit']) {
        const res = await call('POST', `/api/v1/clusters/${encoded}/${route}`, route === 'audit' ? { kind: 'EventList', items: [] } : nodeReport());
        expect(res.status, `${encoded} ${route}`).toBe(400);
        expect(res.json.error.code).toBe('KF_ERR_BAD_REQUEST');
        expect(res.json.error.message).toMatch(/is not a valid cluster name/);
      }
    }
    expect(await clusters()).toHaveLength(count);
  });

  it('creates an unscheduled cluster for a name no cluster has, only for a valid token and a valid report, and says so', async () => {
    const name = 'kubernetes-admin@edge-site-7';
    const path = `/api/v1/clusters/${encodeURIComponent(name)}`;
    const count = (await clusters()).length;
    for (const token of [null, 'kf_not-a-known-token-0123456789']) {
      expect((await call('POST', `${path}/node-scans`, nodeReport(), token)).status).toBe(401);
      expect((await call('POST', `${path}/audit`, { kind: 'EventList', items: [exec] }, token)).status).toBe(401);
    }
    expect((await call('POST', `${path}/node-scans`, { ...nodeReport(), kind: 'ScanResult' })).status).toBe(400);
    expect(await clusters()).toHaveLength(count);

    const first = await call('POST', `${path}/node-scans`, nodeReport('edge-1'));
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ clusterCreated: true });
    const again = await call('POST', `${path}/node-scans`, nodeReport('edge-2'));
    expect(again.json).toMatchObject({ clusterId: first.json.clusterId, clusterCreated: false });
    const created = (await clusters()).find((c) => c.name === name);
    expect(created).toMatchObject({ id: first.json.clusterId, schedule: null, nextRunAt: null });
    expect(await clusters()).toHaveLength(count + 1);

    // The audit webhook does the same for a cluster the service does not scan.
    const audit = await call('POST', `/api/v1/clusters/${encodeURIComponent('gke_p_z_audit-only')}/audit`, { kind: 'EventList', items: [exec] });
    expect(audit.status).toBe(200);
    expect((await clusters()).find((c) => c.name === 'gke_p_z_audit-only')).toMatchObject({ schedule: null });
  });

  it('publishes the name rule in /openapi.json', async () => {
    const doc = (await call('GET', '/openapi.json')).json as { paths: Record<string, { post: { parameters: { name: string; schema: { maxLength: number; pattern: string } }[] } }> };
    const param = doc.paths['/api/v1/clusters/{name}/node-scans']?.post.parameters.find((p) => p.name === 'name');
    expect(param?.schema.maxLength).toBe(CLUSTER_NAME_MAX);
    const pattern = new RegExp(param?.schema.pattern ?? '$^');
    for (const c of CONTEXTS) expect(pattern.test(c), c).toBe(true);
    expect(pattern.test('a\nb')).toBe(false);
  });
});
