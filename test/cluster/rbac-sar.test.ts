/**
 * The RBAC authorizer against the real API server: thousands of random RBAC objects are
 * created in a harness cluster, and every one of ten thousand random questions is asked both
 * of kubefort and of the API server (SubjectAccessReview). Not one answer may differ.
 *
 * The harness runs no controller-manager, so no clusterrole-aggregation controller: the test
 * writes into each aggregated ClusterRole the rules aggregation gives it (what the controller
 * would write), then kubefort reads every RBAC object back from the server, bootstrap policy
 * included, and resolves aggregation from labels on its own.
 */
import { Agent, request } from 'node:https';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '../../src/core/inventory.js';
import { liveResource, type KubeObject } from '../../src/core/resource.js';
import { RbacAuthorizer } from '../../src/analysis/rbac/authorizer.js';
import { impersonatedIdentity, serviceAccountIdentity } from '../../src/analysis/rbac/identity.js';
import { formatRequest, type Request } from '../../src/analysis/rbac/match.js';
import { rbacObjects, resolveAggregation } from '../../src/analysis/rbac/model.js';
import { startCluster, type Cluster } from '../harness/cluster.js';
import { NAMESPACES, randomObjects, randomQuestions, SERVICE_ACCOUNTS, type Question } from '../analysis/rbac/random-rbac.js';

const T = 170_000;
const SEED = 20_260_901;
const OBJECTS = 2_400;
const QUESTIONS = 12_000;

interface Http {
  status: number;
  body: string;
}

function client(c: Cluster) {
  const agent = new Agent({ keepAlive: true, maxSockets: 48 });
  const ca = readFileSync(c.caFile);
  const cert = readFileSync(c.adminCertFile);
  const key = readFileSync(c.adminKeyFile);
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, auth: { token?: string } = {}): Promise<Http> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const h: Record<string, string> = { Accept: 'application/json', ...headers };
      if (payload !== undefined) h['Content-Type'] = 'application/json';
      if (auth.token !== undefined) h['Authorization'] = `Bearer ${auth.token}`;
      const req = request(new URL(path, c.server), { method, agent: auth.token === undefined ? agent : false, ca, ...(auth.token === undefined ? { cert, key } : {}), headers: h, timeout: 60_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`timeout ${path}`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  return { send, close: () => agent.destroy() };
}

async function pool<T>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i] as T, i);
      }
    }),
  );
}

const PLURAL: Record<string, string> = { Role: 'roles', ClusterRole: 'clusterroles', RoleBinding: 'rolebindings', ClusterRoleBinding: 'clusterrolebindings' };
const collectionPath = (kind: string, ns?: string): string => `/apis/rbac.authorization.k8s.io/v1/${ns === undefined ? '' : `namespaces/${ns}/`}${PLURAL[kind] ?? ''}`;

function sarBody(q: Question): unknown {
  const spec: Record<string, unknown> = { user: q.user.user, groups: q.user.groups };
  const r = q.request;
  if (r.kind === 'nonResource') spec['nonResourceAttributes'] = { verb: r.verb, path: r.path };
  else spec['resourceAttributes'] = { verb: r.verb, group: r.apiGroup, resource: r.resource, subresource: r.subresource ?? '', namespace: r.namespace ?? '', name: r.name ?? '' };
  return { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec };
}

describe('RBAC authorizer vs the API server (SubjectAccessReview)', () => {
  let cluster: Cluster;
  let http: ReturnType<typeof client>;
  const started = Date.now();

  async function listAll(): Promise<KubeObject[]> {
    const out: KubeObject[] = [];
    for (const kind of Object.keys(PLURAL)) {
      const res = await http.send('GET', collectionPath(kind));
      expect(res.status, res.body.slice(0, 300)).toBe(200);
      for (const item of (JSON.parse(res.body) as { items: KubeObject[] }).items) out.push({ ...item, apiVersion: 'rbac.authorization.k8s.io/v1', kind });
    }
    return out;
  }
  const authorizerOf = (objects: readonly KubeObject[]): RbacAuthorizer => new RbacAuthorizer(rbacObjects(new Inventory(objects.map((o) => liveResource(o)))));
  async function sar(q: Question): Promise<boolean> {
    const res = await http.send('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', sarBody(q));
    if (res.status !== 201) throw new Error(`SubjectAccessReview: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    return (JSON.parse(res.body) as { status: { allowed?: boolean } }).status.allowed === true;
  }

  beforeAll(async () => {
    cluster = await startCluster({ profile: 'hardened' });
    http = client(cluster);
  }, T);
  afterAll(async () => {
    http?.close();
    await cluster?.stop();
  }, T);

  it(`answers ${QUESTIONS} random questions over ${OBJECTS} random objects exactly as the API server`, async () => {
    for (const ns of NAMESPACES) expect((await http.send('POST', '/api/v1/namespaces', { metadata: { name: ns } })).status).toBe(201);
    const objects = randomObjects(SEED, OBJECTS);
    await pool(objects, 24, async (o) => {
      const res = await http.send('POST', collectionPath(o.kind, o.metadata.namespace), o);
      if (res.status !== 201) throw new Error(`create ${o.kind} ${o.metadata.name}: HTTP ${res.status} ${res.body.slice(0, 400)}`);
    });

    // The aggregation controller's job: write each aggregated ClusterRole's rules.
    const stored = await listAll();
    const resolved = resolveAggregation(rbacObjects(new Inventory(stored.map((o) => liveResource(o)))).roles);
    const aggregated = stored.filter((o) => o.kind === 'ClusterRole' && o['aggregationRule'] !== undefined);
    await pool(aggregated, 16, async (o) => {
      const rules = resolved.get(o.metadata.name) ?? [];
      const res = await http.send('PUT', `${collectionPath('ClusterRole')}/${o.metadata.name}`, { ...o, rules });
      if (res.status !== 200) throw new Error(`update ${o.metadata.name}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    });

    // Sentinels written last: once the authorizer's caches have them, they have everything before them.
    const sentinels = [
      { ...{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' }, metadata: { name: 'sentinel', namespace: 'ns-0' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['sentinels'] }] },
      { ...{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' }, metadata: { name: 'sentinel', namespace: 'ns-0' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'sentinel' }, subjects: [{ kind: 'User', name: 'kubefort-sentinel' }] },
      { ...{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' }, metadata: { name: 'kubefort-sentinel' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['sentinels'] }] },
      { ...{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' }, metadata: { name: 'kubefort-sentinel' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubefort-sentinel' }, subjects: [{ kind: 'User', name: 'kubefort-sentinel' }] },
    ];
    for (const o of sentinels) expect((await http.send('POST', collectionPath(o.kind, o.metadata.namespace), o)).status).toBe(201);
    const probe = (namespace: string): Question => ({ user: { user: 'kubefort-sentinel', groups: [] }, request: { kind: 'resource', verb: 'get', apiGroup: '', resource: 'sentinels', namespace: namespace, name: 'x' }, feature: 'sentinel' });
    await expect.poll(async () => (await sar(probe(''))) && (await sar(probe('ns-0'))), { timeout: 60_000, interval: 200 }).toBe(true);
    // The namespaced sentinel must come from the RoleBinding: drop the ClusterRoleBinding and wait again.
    expect((await http.send('DELETE', `${collectionPath('ClusterRoleBinding')}/kubefort-sentinel`)).status).toBe(200);
    await expect.poll(async () => !(await sar(probe(''))) && (await sar(probe('ns-0'))), { timeout: 60_000, interval: 200 }).toBe(true);
    const loadedAt = Date.now();

    const everything = await listAll();
    const authorizer = authorizerOf(everything);
    const questions = randomQuestions(SEED + 1, objects, QUESTIONS);
    const answers: boolean[] = new Array<boolean>(questions.length);
    await pool(questions, 48, async (q, i) => {
      answers[i] = await sar(q);
    });
    const mismatches: string[] = [];
    const features = new Map<string, { asked: number; allowed: number }>();
    questions.forEach((q, i) => {
      const server = answers[i] === true;
      const ours = authorizer.can(q.user, q.request);
      const family = q.feature.replace(/ \(.*\)$/, '');
      const f = features.get(family) ?? { asked: 0, allowed: 0 };
      f.asked++;
      if (server) f.allowed++;
      features.set(family, f);
      if (server !== ours) mismatches.push(`${q.user.user} [${q.user.groups.join(',')}] ${formatRequest(q.request)}: server ${server}, kubefort ${ours} (${q.feature})`);
    });
    const allowed = answers.filter(Boolean).length;
    const counts = Object.fromEntries(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].map((k) => [k, everything.filter((o) => o.kind === k).length]));
    const lines = [
      `rbac-sar: ${objects.length} random RBAC objects created (${aggregated.length} aggregated ClusterRoles), ${everything.length} RBAC objects on the server ${JSON.stringify(counts)}`,
      `rbac-sar: ${questions.length} questions, ${allowed} allowed, ${questions.length - allowed} denied, ${mismatches.length} mismatches`,
      `rbac-sar: load ${((loadedAt - started) / 1000).toFixed(1)} s, questions ${((Date.now() - loadedAt) / 1000).toFixed(1)} s`,
      ...[...features].sort((a, b) => b[1].asked - a[1].asked).map(([k, v]) => `rbac-sar:   ${String(v.asked).padStart(5)} asked, ${String(v.allowed).padStart(5)} allowed  ${k}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(questions.length).toBeGreaterThanOrEqual(10_000);
    expect(objects.length).toBeGreaterThanOrEqual(2_000);
    // Both answers must be well represented, and every feature family asked about.
    expect(allowed).toBeGreaterThan(questions.length * 0.2);
    expect(allowed).toBeLessThan(questions.length * 0.8);
    for (const family of ['system:masters', 'RoleBinding→ClusterRole: resourceNames', 'ClusterRoleBinding: */subresource', 'ClusterRoleBinding: nonResourceURLs', 'RoleBinding→Role: wildcards']) {
      expect(features.get(family)?.allowed ?? 0, family).toBeGreaterThan(0);
    }
  }, T);

  it('derives identities as the API server does: service-account tokens, impersonation, client certificates', async () => {
    const ns = NAMESPACES[1] as string;
    const sa = SERVICE_ACCOUNTS[0] as string;
    expect((await http.send('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: sa } })).status).toBe(201);
    const token = await http.send('POST', `/api/v1/namespaces/${ns}/serviceaccounts/${sa}/token`, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    expect(token.status, token.body).toBe(201);
    const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' };
    const who = async (headers: Record<string, string>, auth: { token?: string } = {}) => {
      const res = await http.send('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', review, headers, auth);
      expect(res.status, res.body).toBe(201);
      const info = (JSON.parse(res.body) as { status: { userInfo: { username: string; groups?: string[] } } }).status.userInfo;
      return { user: info.username, groups: [...(info.groups ?? [])].sort() };
    };
    const sorted = (u: { user: string; groups: readonly string[] }) => ({ user: u.user, groups: [...u.groups].sort() });
    const viaToken = await who({}, { token: (JSON.parse(token.body) as { status: { token: string } }).status.token });
    expect(viaToken).toEqual(sorted(serviceAccountIdentity(ns, sa)));
    for (const [user, groups] of [
      [`system:serviceaccount:${ns}:${sa}`, []],
      ['alice', []],
      ['alice', ['group-1']],
      [`system:serviceaccount:${ns}:${sa}`, ['group-2']],
    ] as const) {
      const headers: Record<string, string> = { 'Impersonate-User': user };
      const got = await new Promise<{ user: string; groups: string[] }>((resolve, reject) => {
        // Impersonate-Group may repeat: node's http joins repeated header values with ", ", which the API server does not split.
        const h = groups.length > 0 ? { ...headers, 'Impersonate-Group': groups[0] as string } : headers;
        who(h).then(resolve, reject);
      });
      expect(got, `${user} ${groups.join(',')}`).toEqual(sorted(impersonatedIdentity(user, groups)));
    }
  }, T);
});
