// Proves the cluster harness runs a real kube-apiserver: authentication,
// authorization and admission behave as the profile's flags say, and the
// kubeadm-like objects (nodes, mirror pods) carry the real command lines.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKubeconfig, startCluster, type Cluster } from '../harness/cluster.js';
import { apiRequest, type ApiResponse } from '../harness/request.js';

const T = 120_000;

interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Pod {
  metadata: ObjectMeta;
  spec: { nodeName?: string; serviceAccountName?: string; containers: { name: string; command?: string[] }[] };
  status: { phase?: string };
}
interface Node {
  metadata: ObjectMeta;
  spec: { taints?: { key: string; effect: string }[] };
  status: { nodeInfo: { kubeletVersion: string }; conditions: { type: string; status: string }[] };
}
interface List<T> {
  kind: string;
  items: T[];
}

function asList<T>(res: ApiResponse): List<T> {
  expect(res.status, res.body).toBe(200);
  const v = res.json();
  if (typeof v !== 'object' || v === null || !('items' in v) || !Array.isArray(v.items)) {
    throw new Error(`not a list: ${res.body.slice(0, 200)}`);
  }
  return v as List<T>;
}

/** Requests as the harness admin (client certificate, system:masters). */
function admin(c: Cluster, path: string, method = 'GET', body?: unknown): Promise<ApiResponse> {
  return apiRequest(c.server, path, {
    method,
    body,
    ca: readFileSync(c.caFile),
    cert: readFileSync(c.adminCertFile),
    key: readFileSync(c.adminKeyFile),
  });
}

function anonymous(c: Cluster, path: string): Promise<ApiResponse> {
  return apiRequest(c.server, path, { ca: readFileSync(c.caFile) });
}

function byName<T extends { metadata: ObjectMeta }>(items: T[], name: string): T {
  const found = items.find((i) => i.metadata.name === name);
  if (found === undefined) throw new Error(`${name} not found among ${items.map((i) => i.metadata.name).join(', ')}`);
  return found;
}

describe('cluster harness: hardened profile', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster({ profile: 'hardened', nodes: 3 });
  }, T);
  afterAll(async () => {
    await c?.stop();
  }, T);

  it('serves /version to the admin certificate with the compiled-in release', async () => {
    const res = await admin(c, '/version');
    expect(res.status).toBe(200);
    const v = res.json() as { gitVersion: string; major: string; minor: string };
    expect(v.gitVersion).toBe(c.version);
    expect(c.version).toMatch(/^v1\.(3[4-9]|[4-9]\d)\.\d+$/);
    expect(`v${v.major}.${v.minor}.`).toBe(c.version.replace(/\d+$/, ''));
    expect(c.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(c.etcd).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  }, T);

  it('lists mirror pods in kube-system whose command is the real command line', async () => {
    const pods = asList<Pod>(await admin(c, '/api/v1/namespaces/kube-system/pods'));
    const api = byName(pods.items, 'kube-apiserver-harness-control-plane');
    expect(api.metadata.labels).toMatchObject({ component: 'kube-apiserver', tier: 'control-plane' });
    expect(api.metadata.annotations?.['kubernetes.io/config.mirror']).toBeTruthy();
    expect(api.spec.nodeName).toBe('harness-control-plane');
    expect(api.status.phase).toBe('Running');
    const command = api.spec.containers[0]?.command ?? [];
    expect(command).toEqual(['kube-apiserver', ...c.apiserverArgs]);
    expect(command).toEqual(
      expect.arrayContaining([
        '--anonymous-auth=false',
        '--authorization-mode=Node,RBAC',
        '--enable-admission-plugins=NodeRestriction',
        '--profiling=false',
        '--audit-log-maxage=30',
        '--tls-min-version=VersionTLS12',
        `--secure-port=${new URL(c.server).port}`,
      ]),
    );
    expect(command.some((a) => a.startsWith('--encryption-provider-config='))).toBe(true);

    const etcd = byName(pods.items, 'etcd-harness-control-plane');
    expect(etcd.metadata.labels).toMatchObject({ component: 'etcd', tier: 'control-plane' });
    const etcdCommand = etcd.spec.containers[0]?.command ?? [];
    expect(etcdCommand).toEqual(['etcd', ...c.etcdArgs]);
    expect(etcdCommand).toEqual(
      expect.arrayContaining(['--client-cert-auth=true', '--peer-client-cert-auth=true', `--listen-client-urls=${c.etcd}`]),
    );
    for (const flag of ['--cert-file=', '--key-file=', '--trusted-ca-file=', '--peer-cert-file=', '--data-dir=']) {
      expect(etcdCommand.some((a) => a.startsWith(flag)), flag).toBe(true);
    }
  }, T);

  it('registers a kubeadm-like control-plane node and workers', async () => {
    const nodes = asList<Node>(await admin(c, '/api/v1/nodes'));
    expect(nodes.items.map((n) => n.metadata.name).sort()).toEqual(['harness-control-plane', 'harness-worker-1', 'harness-worker-2']);
    const cp = byName(nodes.items, 'harness-control-plane');
    expect(cp.metadata.labels).toHaveProperty(['node-role.kubernetes.io/control-plane']);
    expect(cp.status.nodeInfo.kubeletVersion).toBe(c.version);
    expect(cp.status.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
    expect(c.nodes).toEqual(['harness-control-plane', 'harness-worker-1', 'harness-worker-2']);
  }, T);

  it('rejects anonymous requests with 401', async () => {
    expect((await anonymous(c, '/api')).status).toBe(401);
    expect((await anonymous(c, '/version')).status).toBe(401);
  }, T);

  it('issues identities that RBAC denies until bound', async () => {
    const kubeconfig = await c.identity('kubefort-test-user', ['kubefort:testers']);
    const creds = await readKubeconfig(kubeconfig);
    expect(creds.server).toBe(c.server);
    const as = (path: string): Promise<ApiResponse> => apiRequest(c.server, path, { ca: creds.ca, cert: creds.cert, key: creds.key });
    // Authenticated (system:discovery) but not authorized for secrets.
    expect((await as('/api')).status).toBe(200);
    const denied = await as('/api/v1/namespaces/default/secrets');
    expect(denied.status).toBe(403);
    expect(denied.body).toContain('User \\"kubefort-test-user\\" cannot list resource \\"secrets\\"');
  }, T);

  it('admits pods (default ServiceAccount exists) and encrypts secrets', async () => {
    const created = await admin(c, '/api/v1/namespaces/default/pods', 'POST', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probe' },
      spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] },
    });
    expect(created.status, created.body).toBe(201);
    expect((created.json() as Pod).spec.serviceAccountName).toBe('default');

    // A new namespace gets its default ServiceAccount from the real controller.
    expect((await admin(c, '/api/v1/namespaces', 'POST', { metadata: { name: 'kf-new' } })).status).toBe(201);
    await expect
      .poll(async () => (await admin(c, '/api/v1/namespaces/kf-new/serviceaccounts/default')).status, { timeout: 30_000 })
      .toBe(200);

    const secret = await admin(c, '/api/v1/namespaces/default/secrets', 'POST', {
      metadata: { name: 'kf-secret' },
      stringData: { password: 'kubefort-plaintext-marker' },
    });
    expect(secret.status, secret.body).toBe(201);
    const encryption = readFileSync(join(c.dir, 'encryption-config.yaml'), 'utf8');
    expect(encryption).toMatch(/providers:\s*\n\s*- aescbc:/);
  }, T);

  it('writes an audit log', async () => {
    expect(c.auditLog).toBeDefined();
    await admin(c, '/api/v1/namespaces/default/configmaps');
    await expect.poll(() => readFileSync(c.auditLog ?? '', 'utf8'), { timeout: 30_000 }).toContain('"user":{"username":"kubefort-admin"');
  }, T);
});

describe('cluster harness: insecure profile', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster({ profile: 'insecure' });
  }, T);
  afterAll(async () => {
    await c?.stop();
  }, T);

  it('runs with the insecure flags', () => {
    expect(c.apiserverArgs).toEqual(
      expect.arrayContaining(['--anonymous-auth=true', '--authorization-mode=AlwaysAllow', '--profiling=true']),
    );
    expect(c.apiserverArgs.some((a) => a.startsWith('--token-auth-file='))).toBe(true);
    expect(c.apiserverArgs.some((a) => a.startsWith('--audit-log-path='))).toBe(false);
    expect(c.apiserverArgs.some((a) => a.startsWith('--encryption-provider-config='))).toBe(false);
  });

  it('accepts the known static tokens and allows everything (AlwaysAllow)', async () => {
    const user = c.tokens.find((t) => t.user === 'token-user');
    expect(user).toBeDefined();
    const res = await apiRequest(c.server, '/api/v1/namespaces/kube-system/secrets', {
      ca: readFileSync(c.caFile),
      token: user?.token ?? '',
    });
    expect(res.status).toBe(200);
    const bad = await apiRequest(c.server, '/api', { ca: readFileSync(c.caFile), token: 'not-a-known-token' });
    expect(bad.status).toBe(401);
  }, T);

  it('shows the real AlwaysAllow behaviour: kube-apiserver turns --anonymous-auth=true off', async () => {
    // kube-apiserver resets AnonymousAuth to false when the authorizer list has
    // AlwaysAllow ("AnonymousAuth is not allowed with the AlwaysAllow authorizer").
    expect((await anonymous(c, '/api')).status).toBe(401);
    expect(readFileSync(join(c.dir, 'harness.log'), 'utf8')).toContain('AnonymousAuth is not allowed with the AlwaysAllow authorizer');
  }, T);

  it('identities work under AlwaysAllow', async () => {
    const creds = await readKubeconfig(await c.identity('nobody'));
    const res = await apiRequest(c.server, '/api/v1/namespaces/default/secrets', { ca: creds.ca, cert: creds.cert, key: creds.key });
    expect(res.status).toBe(200);
  }, T);
});

describe('cluster harness: per-test flag overrides', () => {
  let c: Cluster;
  let authnConfig: string;
  beforeAll(async () => {
    // Anonymous access configured through --authentication-config survives
    // AlwaysAllow: a wide-open cluster, as the insecure profile intends.
    authnConfig = join(process.env['TMPDIR'] ?? '/tmp', `kubefort-authn-${process.pid}.yaml`);
    writeFileSync(authnConfig, 'apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\nanonymous:\n  enabled: true\n');
    c = await startCluster({
      profile: 'insecure',
      unsetArgs: ['--anonymous-auth'],
      args: [`--authentication-config=${authnConfig}`, '--profiling=false'],
    });
  }, T);
  afterAll(async () => {
    await c?.stop();
  }, T);

  it('replaces, adds and removes flags, and the mirror pod shows the result', async () => {
    expect(c.apiserverArgs).toContain(`--authentication-config=${authnConfig}`);
    expect(c.apiserverArgs).toContain('--profiling=false');
    expect(c.apiserverArgs).not.toContain('--profiling=true');
    expect(c.apiserverArgs.some((a) => a.startsWith('--anonymous-auth'))).toBe(false);
    const pods = asList<Pod>(await admin(c, '/api/v1/namespaces/kube-system/pods'));
    expect(byName(pods.items, 'kube-apiserver-harness-control-plane').spec.containers[0]?.command).toEqual([
      'kube-apiserver',
      ...c.apiserverArgs,
    ]);
  }, T);

  it('lets anonymous requests in: 200 for /api and for secrets', async () => {
    expect((await anonymous(c, '/api')).status).toBe(200);
    expect((await anonymous(c, '/api/v1/namespaces/kube-system/secrets')).status).toBe(200);
  }, T);

  it('stop() ends the harness process', async () => {
    const pid = c.pid;
    await c.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  }, T);
});

describe('cluster harness: failures are loud', () => {
  it('surfaces kube-apiserver errors from a bad flag', async () => {
    await expect(startCluster({ profile: 'hardened', args: ['--authorization-mode=NoSuchMode'] })).rejects.toThrow(
      /exited before ready[\s\S]*NoSuchMode/,
    );
  }, T);
});
