// End to end on the real kube-apiserver: audit events flow through --audit-webhook-config-file to
// kubefort's receiver (HTTPS, client-certificate authentication), and the detections fire in time.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePolicy } from '../../src/audit/policy/generate.js';
import { DetectionEngine, type Alert } from '../../src/detect/engine.js';
import { createAuditListener, listenerStats } from '../../src/detect/listen.js';
import { createCA, issueCertificate } from '../../src/detect/pki.js';
import { ALL_RULES } from '../../src/detect/rules/index.js';
import type { Server } from 'node:https';
import { startCluster, type Cluster } from '../harness/cluster.js';
import { apiRequest, type ApiResponse } from '../harness/request.js';

const T = 180_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('audit webhook end to end', () => {
  let c: Cluster;
  let server: Server;
  const received: { at: number; alert: Alert }[] = [];
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-audit-webhook-'));
    // The listener's serving CA, and a client CA + certificate for the API server.
    const servingCA = createCA('kubefort-listener-ca');
    const serving = issueCertificate(servingCA, { commonName: 'kubefort-listener', hosts: ['127.0.0.1', 'localhost'], server: true });
    const clientCA = createCA('kubefort-apiserver-client-ca');
    const client = issueCertificate(clientCA, { commonName: 'kube-apiserver-audit', client: true });
    server = createAuditListener({
      engine: new DetectionEngine({ rules: ALL_RULES }),
      sinks: [{ name: 'memory', write: (alerts) => alerts.forEach((alert) => received.push({ at: Date.now(), alert })) }],
      cert: serving.certPem,
      key: serving.keyPem,
      clientCA: clientCA.certPem,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const webhookConfig = join(dir, 'audit-webhook.kubeconfig');
    writeFileSync(
      webhookConfig,
      `apiVersion: v1
kind: Config
clusters:
  - name: kubefort
    cluster:
      server: https://127.0.0.1:${port}/audit
      certificate-authority-data: ${b64(servingCA.certPem)}
users:
  - name: kube-apiserver
    user:
      client-certificate-data: ${b64(client.certPem)}
      client-key-data: ${b64(client.keyPem)}
contexts:
  - name: default
    context: {cluster: kubefort, user: kube-apiserver}
current-context: default
`,
      { mode: 0o600 },
    );
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, generatePolicy('recommended'), { mode: 0o600 });
    c = await startCluster({
      profile: 'hardened',
      args: [`--audit-policy-file=${policy}`, `--audit-webhook-config-file=${webhookConfig}`, '--audit-webhook-batch-max-wait=1s', '--audit-webhook-initial-backoff=1s'],
    });
    // Let the harness's own setup traffic (nodes, mirror pods) drain through the webhook.
    for (let i = 0; i < 200 && listenerStats(server).batches === 0; i++) await sleep(100);
    await sleep(2500);
  }, T);
  afterAll(async () => {
    await c?.stop();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  }, T);

  const admin = (path: string, method = 'GET', body?: unknown): Promise<ApiResponse> =>
    apiRequest(c.server, path, { method, body, ca: readFileSync(c.caFile), cert: readFileSync(c.adminCertFile), key: readFileSync(c.adminKeyFile) });
  const since = (t: number) => received.filter((r) => r.at >= t).map((r) => r.alert);
  const waitFor = async (rule: string, from: number, timeoutMs = 10_000): Promise<{ at: number; alert: Alert }> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = received.find((r) => r.at >= from && r.alert.rule === rule);
      if (hit !== undefined) return hit;
      if (Date.now() > deadline) throw new Error(`no ${rule} alert; got ${JSON.stringify(since(from).map((a) => a.rule))}`);
      await sleep(50);
    }
  };

  it('the receiver is authenticated by client certificate: the API server gets in, others do not', async () => {
    expect(listenerStats(server).events).toBeGreaterThan(0);
    const port = (server.address() as AddressInfo).port;
    const res = await fetch(`https://127.0.0.1:${port}/audit`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(res instanceof Error).toBe(true); // self-signed, and no client certificate anyway
  });

  it('normal admin traffic raises no alert', async () => {
    const t0 = Date.now();
    expect((await admin('/api/v1/namespaces')).status).toBe(200);
    expect((await admin('/api/v1/namespaces/default/pods')).status).toBe(200);
    expect((await admin('/api/v1/namespaces/default/configmaps', 'POST', { metadata: { name: 'app-config' }, data: { 'app.conf': 'port=8080' } })).status).toBe(201);
    expect((await admin('/api/v1/namespaces/default/configmaps/app-config')).status).toBe(200);
    const deployment = { metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } };
    expect((await admin('/apis/apps/v1/namespaces/default/deployments', 'POST', deployment)).status).toBe(201);
    expect((await admin('/apis/apps/v1/namespaces/default/deployments')).status).toBe(200);
    expect((await admin('/api/v1/namespaces/default/configmaps/app-config', 'DELETE')).status).toBe(200);
    const before = listenerStats(server).events;
    await expect.poll(() => listenerStats(server).events, { timeout: 10_000 }).toBeGreaterThan(before);
    await sleep(2500); // at least two batch periods
    expect(since(t0).map((a) => `${a.ruleId} ${a.message}`)).toEqual([]);
  }, T);

  it('30 requests with wrong bearer tokens raise a brute-force alert within 5 seconds', async () => {
    const t0 = Date.now();
    for (let i = 0; i < 30; i++) {
      const res = await apiRequest(c.server, '/api/v1/namespaces/default/secrets', { ca: readFileSync(c.caFile), token: `stolen-token-${i}` });
      expect(res.status).toBe(401);
    }
    const sent = Date.now();
    const hit = await waitFor('brute-force-authentication', t0, 10_000);
    const latency = hit.at - sent;
    process.stdout.write(`[audit e2e] brute-force alert ${latency} ms after the 30th failed login (${hit.at - t0} ms after the first)\n`);
    expect(latency).toBeLessThan(5000);
    expect(hit.alert.evidence.sourceIPs).toEqual(['127.0.0.1']);
    expect(hit.alert.evidence.users).toEqual([]);
    expect(hit.alert.severity).toBe('high');
  }, T);

  it('an exec attempt raises its alert', async () => {
    expect((await admin('/api/v1/namespaces/default/pods', 'POST', { metadata: { name: 'target' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } })).status).toBe(201);
    const t0 = Date.now();
    const exec = await admin('/api/v1/namespaces/default/pods/target/exec?command=cat&command=%2Fvar%2Frun%2Fsecrets%2Fkubernetes.io%2Fserviceaccount%2Ftoken&container=app&stdout=true', 'POST');
    expect(exec.status).toBeGreaterThanOrEqual(400); // no kubelet: the attempt still is audited
    const hit = await waitFor('pod-exec', t0);
    expect(hit.alert.message).toContain('kubefort-admin exec into default/target "cat /var/run/secrets/kubernetes.io/serviceaccount/token"');
    await waitFor('suspicious-exec-command', t0);
    process.stdout.write(`[audit e2e] exec alert ${hit.at - t0} ms after the request\n`);
  }, T);

  it('a cluster-admin binding raises its alert', async () => {
    const t0 = Date.now();
    const res = await admin('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', 'POST', {
      metadata: { name: 'backdoor' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'mallory' }],
    });
    expect(res.status, res.body).toBe(201);
    const hit = await waitFor('cluster-admin-binding', t0);
    expect(hit.alert).toMatchObject({ severity: 'critical', message: 'kubefort-admin create clusterrolebindings backdoor binding cluster-admin to User:mallory' });
    process.stdout.write(`[audit e2e] cluster-admin binding alert ${hit.at - t0} ms after the request\n`);
  }, T);
});
