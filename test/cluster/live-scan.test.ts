/**
 * kubefort scan against a real kube-apiserver: what the insecure and hardened profiles
 * look like to the live scan (flags from the mirror pods, the anonymous probe), and the
 * least-privilege role of deploy/rbac.yaml (enough for everything, and every denial of a
 * smaller role reported, never a silent pass).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsYaml from 'js-yaml';
import type { ScanResult } from '../../src/core/finding.js';
import { scanCluster } from '../../src/engine/scan.js';
import { startCluster, type Cluster } from '../harness/cluster.js';
import { apiRequest } from '../harness/request.js';

const T = 180_000;

function admin(c: Cluster, path: string, method = 'GET', body?: unknown) {
  return apiRequest(c.server, path, { method, body, ca: readFileSync(c.caFile), cert: readFileSync(c.adminCertFile), key: readFileSync(c.adminKeyFile) });
}

async function create(c: Cluster, path: string, object: unknown): Promise<void> {
  const res = await admin(c, path, 'POST', object);
  expect(res.status, res.body).toBe(201);
}

const ids = (r: ScanResult) => new Set(r.findings.map((f) => f.checkId));
/** The insecure profile's flaws, each named by its CIS id. */
const INSECURE_MARKERS = ['CIS-1.2.1', 'CIS-1.2.2', 'CIS-1.2.6', 'CIS-1.2.7', 'CIS-1.2.8', 'CIS-1.2.15', 'CIS-1.2.16', 'CIS-1.2.17', 'CIS-1.2.27'];

describe('live scan of the insecure profile', () => {
  let cluster: Cluster;
  let result: ScanResult;
  beforeAll(async () => {
    cluster = await startCluster({ profile: 'insecure' });
    result = await scanCluster({ kubeconfig: cluster.kubeconfig });
  }, T);
  afterAll(() => cluster?.stop());

  it('reads the mirror pods and reports anonymous, authorization, token file, profiling, audit and encryption findings with CIS ids', () => {
    expect(result.errors).toEqual([]);
    expect(result.target).toMatchObject({ type: 'cluster' });
    const found = ids(result);
    expect(INSECURE_MARKERS.filter((id) => !found.has(id))).toEqual([]);
    const alwaysAllow = result.findings.find((f) => f.checkId === 'CIS-1.2.6');
    expect(alwaysAllow).toMatchObject({ resource: { kind: 'Pod', namespace: 'kube-system' }, frameworks: [{ framework: 'cis-1.12', control: '1.2.6' }] });
    expect(alwaysAllow?.location.path).toMatch(/^spec\.containers\[0\]\.command\[\d+\]$/);
  });

  it('agrees with the API server that AlwaysAllow switches --anonymous-auth=true off: the probe is refused, the flag is reported as latent', () => {
    expect(result.findings.filter((f) => f.checkId === 'KF-A-001')).toEqual([]);
    const flag = result.findings.find((f) => f.checkId === 'CIS-1.2.1');
    expect(flag?.message).toContain('inactive for now, because kube-apiserver disables anonymous authentication while --authorization-mode has AlwaysAllow');
  });

  it('has no permission gaps with an admin identity', () => {
    expect(result.findings.filter((f) => f.checkId === 'KF-G-001')).toEqual([]);
  });
});

describe('live scan of a cluster that lets anonymous users in (AuthenticationConfiguration with AlwaysAllow)', () => {
  let cluster: Cluster;
  let result: ScanResult;
  beforeAll(async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'kf-authn-')), 'authn.yaml');
    writeFileSync(config, 'apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\nanonymous:\n  enabled: true\n');
    cluster = await startCluster({ profile: 'insecure', unsetArgs: ['--anonymous-auth'], args: [`--authentication-config=${config}`] });
    result = await scanCluster({ kubeconfig: cluster.kubeconfig });
  }, T);
  afterAll(() => cluster?.stop());

  it('proves with real unauthenticated requests that anyone can read the cluster, agreeing with the flags', () => {
    const probe = result.findings.filter((f) => f.checkId === 'KF-A-001');
    expect(probe.map((f) => f.message)).toContain('an anonymous request to /api/v1/namespaces/kube-system/pods got HTTP 200: unauthenticated clients can read the cluster');
    expect(probe.every((f) => f.severity === 'critical')).toBe(true);
    expect(ids(result).has('CIS-1.2.6')).toBe(true);
  });
});

describe('live scan of the hardened profile', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ profile: 'hardened' });
    const manifest = jsYaml.loadAll(readFileSync('deploy/rbac.yaml', 'utf8')) as { kind: string; metadata: { name: string } }[];
    const role = manifest.find((o) => o.kind === 'ClusterRole');
    await create(cluster, '/apis/rbac.authorization.k8s.io/v1/clusterroles', role);
    await create(cluster, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kubefort-scanner' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubefort-reader' },
      subjects: [{ kind: 'User', name: 'kubefort-scanner', apiGroup: 'rbac.authorization.k8s.io' }],
    });
    // A smaller role: no NetworkPolicies, no ClusterRoles.
    await create(cluster, '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kubefort-reduced' },
      rules: (role as unknown as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }).rules.map((r) => ({
        ...r,
        resources: r.resources.filter((x) => x !== 'networkpolicies' && x !== 'clusterroles'),
      })),
    });
    await create(cluster, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kubefort-reduced' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubefort-reduced' },
      subjects: [{ kind: 'User', name: 'kubefort-reduced', apiGroup: 'rbac.authorization.k8s.io' }],
    });
  }, T);
  afterAll(() => cluster?.stop());

  it('reports none of the insecure profile findings, and the anonymous probe is refused as the flags say', async () => {
    const result = await scanCluster({ kubeconfig: cluster.kubeconfig });
    const found = ids(result);
    expect(INSECURE_MARKERS.filter((id) => found.has(id))).toEqual([]);
    expect(found.has('KF-A-001')).toBe(false);
  }, T);

  it('needs nothing beyond deploy/rbac.yaml: zero permission findings as the least-privilege identity', async () => {
    const kubeconfig = await cluster.identity('kubefort-scanner');
    const result = await scanCluster({ kubeconfig });
    expect(result.findings.filter((f) => f.checkId === 'KF-G-001').map((f) => f.message)).toEqual([]);
    expect(result.summary.resources).toBeGreaterThan(0);
    expect(ids(result).has('CIS-1.2.16')).toBe(false); // the mirror pods were readable
  }, T);

  it('reports each list a reduced role denies, instead of passing silently', async () => {
    const kubeconfig = await cluster.identity('kubefort-reduced');
    const result = await scanCluster({ kubeconfig });
    const denied = result.findings.filter((f) => f.checkId === 'KF-G-001').map((f) => `${f.resource.kind}:${f.severity}`);
    expect(denied.sort()).toEqual(['ClusterRole:high', 'NetworkPolicy:high']);
  }, T);

  it('reports an identity with no rights at all as denied everywhere', async () => {
    const kubeconfig = await cluster.identity('nobody');
    const result = await scanCluster({ kubeconfig });
    expect(result.findings.filter((f) => f.checkId === 'KF-G-001').length).toBe(18);
  }, T);
});
