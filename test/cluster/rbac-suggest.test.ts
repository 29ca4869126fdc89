/**
 * Least privilege from real use, on the real API server: two identities (a user with a client
 * certificate, a service account with a bound token) work under a broad grant while the API
 * server writes an audit log (Metadata for everything). `kubefort rbac suggest` turns the log
 * into minimal RBAC; the broad grant is removed and the suggestion applied; every logged request
 * is replayed as its identity and is authorized, and requests that were not in the log are denied.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAuditLog, type UsedRequest } from '../../src/analysis/rbac/audit.js';
import { readKubeconfig, startCluster, type Cluster } from '../harness/cluster.js';
import { apiRequest, type ApiResponse } from '../harness/request.js';
import { kubefort } from '../support/cli.js';

const T = 150_000;
const POLICY = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: Metadata\n';
const SA_USER = 'system:serviceaccount:app:worker';

type As = (method: string, path: string, body?: unknown) => Promise<ApiResponse>;

describe('rbac suggest round trip on the harness', () => {
  let c: Cluster;
  let admin: As;
  let alice: As;
  let worker: As;
  const sar = async (user: string, groups: string[], attrs: Record<string, string>): Promise<boolean> => {
    const res = await admin('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user, groups, resourceAttributes: attrs } });
    return (res.json() as { status: { allowed?: boolean } }).status.allowed === true;
  };

  beforeAll(async () => {
    const policy = join(mkdtempSync(join(tmpdir(), 'kf-audit-')), 'policy.yaml');
    writeFileSync(policy, POLICY);
    c = await startCluster({ profile: 'hardened', args: [`--audit-policy-file=${policy}`] });
    const ca = readFileSync(c.caFile);
    const adminCreds = { ca, cert: readFileSync(c.adminCertFile), key: readFileSync(c.adminKeyFile) };
    admin = (method, path, body) => apiRequest(c.server, path, { method, body, ...adminCreds });
    const aliceCreds = await readKubeconfig(await c.identity('alice', ['team-a']));
    alice = (method, path, body) => apiRequest(c.server, path, { method, body, ca, cert: aliceCreds.cert, key: aliceCreds.key });
    for (const [path, body] of [
      ['/api/v1/namespaces', { metadata: { name: 'app' } }],
      ['/api/v1/namespaces/app/serviceaccounts', { metadata: { name: 'worker' } }],
      ['/api/v1/namespaces/app/secrets', { metadata: { name: 's-1' }, stringData: { k: 'v' } }],
      ['/api/v1/namespaces/app/secrets', { metadata: { name: 's-2' }, stringData: { k: 'v' } }],
      ['/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', { metadata: { name: 'broad' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'worker', namespace: 'app' }] }],
    ] as const) {
      const res = await admin('POST', path, body);
      expect(res.status, res.body).toBe(201);
    }
    const token = await admin('POST', '/api/v1/namespaces/app/serviceaccounts/worker/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    expect(token.status, token.body).toBe(201);
    const bearer = (token.json() as { status: { token: string } }).status.token;
    worker = (method, path, body) => apiRequest(c.server, path, { method, body, ca, token: bearer });
    const deadline = Date.now() + 30_000;
    while (!(await sar('alice', ['team-a'], { verb: 'delete', resource: 'nodes' }))) {
      if (Date.now() > deadline) throw new Error('the broad grant never reached the RBAC authorizer');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, T);
  afterAll(() => c?.stop(), T);

  it('suggests minimal RBAC from the audit log: every logged request is allowed again, others are denied', async () => {
    // The work, under the broad grant.
    const work: [As, string, string, unknown?][] = [
      [alice, 'GET', '/api/v1/namespaces/app/configmaps'],
      [alice, 'POST', '/api/v1/namespaces/app/configmaps', { metadata: { name: 'cm-1' }, data: { a: 'b' } }],
      [alice, 'GET', '/api/v1/namespaces/app/configmaps/cm-1'],
      [alice, 'GET', '/api/v1/nodes'],
      [alice, 'GET', '/metrics'],
      [worker, 'GET', '/api/v1/namespaces/app/secrets/s-1'],
      [worker, 'GET', '/api/v1/namespaces/app/services'],
    ];
    for (const [as, method, path, body] of work) {
      const res = await as(method, path, body);
      expect(res.status, `${method} ${path}: ${res.body.slice(0, 200)}`).toBeLessThan(300);
    }
    const log = c.auditLog ?? '';
    await expect.poll(() => readFileSync(log, 'utf8'), { timeout: 30_000 }).toContain('"requestURI":"/api/v1/namespaces/app/services"');

    const run = kubefort(['rbac', 'suggest', '--audit-log', log]);
    expect(run.stderr).toBe('');
    const suggestion = jsYaml.loadAll(run.stdout) as { kind: string; metadata: { name: string; namespace?: string }; subjects?: { name: string }[] }[];
    const subjects = new Set(suggestion.flatMap((o) => (o.subjects ?? []).map((s) => s.name)));
    expect([...subjects].sort()).toEqual(['alice', 'worker']);
    process.stdout.write(`rbac-suggest: ${suggestion.length} objects suggested:\n${run.stdout}`);

    expect((await admin('DELETE', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/broad')).status).toBe(200);
    for (const o of suggestion) {
      const plural = { Role: 'roles', ClusterRole: 'clusterroles', RoleBinding: 'rolebindings', ClusterRoleBinding: 'clusterrolebindings' }[o.kind] ?? '';
      const res = await admin('POST', `/apis/rbac.authorization.k8s.io/v1/${o.metadata.namespace === undefined ? '' : `namespaces/${o.metadata.namespace}/`}${plural}`, o);
      expect(res.status, res.body).toBe(201);
    }
    await expect
      .poll(async () => !(await sar('alice', ['team-a'], { verb: 'delete', resource: 'nodes' })) && (await sar('alice', ['team-a'], { verb: 'list', resource: 'nodes' })) && (await sar(SA_USER, [], { verb: 'list', resource: 'services', namespace: 'app' })), { timeout: 30_000 })
      .toBe(true);

    // Replay every logged request of both identities: authorized (no 401/403), whatever else happens (409 on a repeated create).
    const used = parseAuditLog(readFileSync(log, 'utf8')).used.filter((u) => u.user.user === 'alice' || u.user.user === SA_USER);
    expect(used.length).toBeGreaterThanOrEqual(work.length);
    const method = (u: UsedRequest): string => ({ get: 'GET', list: 'GET', create: 'POST', update: 'PUT', patch: 'PATCH', delete: 'DELETE', post: 'POST', put: 'PUT' })[u.verb] ?? 'GET';
    const replayed: string[] = [];
    for (const u of used) {
      const as = u.user.user === 'alice' ? alice : worker;
      const body = method(u) === 'POST' ? { metadata: { name: 'cm-1' }, data: { a: 'b' } } : undefined;
      const res = await as(method(u), u.requestURI, body);
      replayed.push(`${u.user.user} ${method(u)} ${u.requestURI} → ${res.status}`);
      expect([401, 403], `${u.user.user} ${method(u)} ${u.requestURI}: ${res.body.slice(0, 200)}`).not.toContain(res.status);
    }
    process.stdout.write(`rbac-suggest: replayed ${replayed.length} logged requests, all authorized:\n  ${replayed.join('\n  ')}\n`);

    // What was not in the log is denied.
    const denied: [As, string, string][] = [
      [alice, 'DELETE', '/api/v1/namespaces/app/configmaps/cm-1'],
      [alice, 'GET', '/api/v1/namespaces/app/secrets'],
      [alice, 'GET', '/api/v1/namespaces/default/configmaps'],
      [alice, 'GET', '/api/v1/namespaces/app/pods'],
      [worker, 'GET', '/api/v1/namespaces/app/secrets/s-2'],
      [worker, 'GET', '/api/v1/namespaces/app/secrets'],
      [worker, 'GET', '/api/v1/nodes'],
      [worker, 'GET', '/metrics'],
    ];
    for (const [as, m, path] of denied) expect((await as(m, path)).status, `${m} ${path}`).toBe(403);

    // The CLI on the live cluster agrees, with the grant behind the answer.
    const live = ['--kubeconfig', c.kubeconfig];
    const yes = kubefort(['rbac', 'can-i', 'get', 'secrets', '-n', 'app', '--name', 's-1', '--as', SA_USER, ...live]);
    expect([yes.code, yes.stdout]).toEqual([0, 'yes\n  via RoleBinding app/kubefort-least-system-serviceaccount-app-worker → Role app/kubefort-least-system-serviceaccount-app-worker → rules[0]: get secrets in core (names s-1)\n']);
    expect(kubefort(['rbac', 'can-i', 'get', 'secrets', '-n', 'app', '--name', 's-2', '--as', SA_USER, ...live]).code).toBe(1);
    const who = kubefort(['rbac', 'who-can', 'list', 'nodes', ...live, '-o', 'json']);
    const names = (JSON.parse(who.stdout) as { subjects: { subject: { name: string } }[] }).subjects.map((x) => x.subject.name);
    expect(names).toContain('alice');
    expect(names).not.toContain('worker');

    // And `rbac unused` on the cluster now finds nothing unused for them.
    const unused = kubefort(['rbac', 'unused', '--kubeconfig', c.kubeconfig, '--audit-log', log, '--subject', 'alice', '-o', 'json']);
    expect(JSON.parse(unused.stdout)).toMatchObject({ apiVersion: 'kubefort.io/v1alpha1', kind: 'RbacUnused', identities: [] });
  }, T);
});
