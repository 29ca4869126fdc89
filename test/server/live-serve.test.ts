/**
 * `kubefort serve` (the built CLI) against a real kube-apiserver: a config file with the
 * harness kubeconfig and a cron schedule, no scan at start; the scheduled scan happens at the
 * next minute and its findings, RBAC escalation paths and NetworkPolicy reachability come back
 * through the HTTPS API, checked against the printed certificate fingerprint.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../harness/cluster.js';

const TOKEN = 'kf_live-serve-token-0123456789abcdef';

function get(base: string, path: string, ca: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { ca, headers: { authorization: `Bearer ${TOKEN}` }, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('kubefort serve with a schedule, against a real API server', () => {
  let cluster: Cluster;
  let child: ChildProcess | undefined;
  let output = '';
  const dir = mkdtempSync(join(tmpdir(), 'kubefort-serve-'));

  beforeAll(async () => {
    cluster = await startCluster({ profile: 'hardened' });
  }, 180_000);
  afterAll(async () => {
    if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans on the cron schedule and serves the findings over HTTPS', async () => {
    const config = join(dir, 'kubefort.yaml');
    writeFileSync(
      config,
      [
        'host: 127.0.0.1',
        'scanOnStart: false',
        'scheduler: { tickSeconds: 0.5 }',
        `tokens: [{ name: test, value: ${TOKEN} }]`,
        'clusters:',
        '  - name: harness',
        `    kubeconfig: ${cluster.kubeconfig}`,
        "    schedule: '* * * * *'",
      ].join('\n'),
    );
    child = spawn(process.execPath, ['dist/cli.js', 'serve', '--config', config, '--port', '0'], { env: { ...process.env, KUBEFORT_DATA_DIR: join(dir, 'data') }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const started = Date.now();
    const until = async (what: () => boolean | Promise<boolean>, ms: number, label: string) => {
      while (!(await what())) {
        if (Date.now() - started > ms) throw new Error(`timed out waiting for ${label}; output:\n${output}`);
        if (child?.exitCode !== null) throw new Error(`kubefort serve exited ${child?.exitCode}:\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    await until(() => /serving https:\/\/127\.0\.0\.1:\d+/.test(output), 30_000, 'listening');
    const base = /serving (https:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
    const cert = readFileSync(join(dir, 'data', 'tls.crt'), 'utf8');
    expect(output).toContain(`SHA-256 fingerprint ${new X509Certificate(cert).fingerprint256}`);
    // A token was configured: none is generated or printed.
    expect(output).not.toContain('generated an API token');

    // Nothing at start; the first scan comes at the next minute boundary.
    const before = JSON.parse((await get(base, '/api/v1/scans', cert)).body) as { items: unknown[] };
    if (new Date().getUTCSeconds() < 58) expect(before.items).toEqual([]);
    await until(async () => (JSON.parse((await get(base, '/api/v1/scans', cert)).body) as { items: unknown[] }).items.length > 0, 100_000, 'the scheduled scan');

    const scans = JSON.parse((await get(base, '/api/v1/scans', cert)).body) as { items: { id: number; status: string; trigger: string; resources: number; findings: number; error: string | null; startedAt: string }[] };
    const scan = scans.items[0];
    expect(scan, JSON.stringify(scan)).toMatchObject({ status: 'ok', trigger: 'scheduled', error: null });
    expect(new Date(scan?.startedAt ?? '').getUTCSeconds()).toBeLessThan(10);
    expect(scan?.resources).toBeGreaterThan(0);
    const findings = JSON.parse((await get(base, '/api/v1/findings?limit=1000', cert)).body) as { total: number; items: { checkId: string; location: { cluster?: string } }[] };
    expect(findings.total).toBe(scan?.findings);
    expect(findings.total).toBeGreaterThan(0);
    const clusters = JSON.parse((await get(base, '/api/v1/clusters', cert)).body) as { items: { name: string; nextRunAt: string; latestScan: { score: number | null } }[] };
    expect(clusters.items[0]).toMatchObject({ name: 'harness' });
    expect(Date.parse(clusters.items[0]?.nextRunAt ?? '')).toBeGreaterThan(Date.now());
    expect(typeof clusters.items[0]?.latestScan.score).toBe('number');
    // The analyses recorded with the scan, from what it read. A fresh API server's paths are its own
    // bootstrap policy (system:masters, the controllers' service accounts): all at info.
    const rbac = JSON.parse((await get(base, '/api/v1/clusters/1/rbac', cert)).body) as { scan: { id: number }; status: string; analysis: { identities: number; paths: { label: string; sink: string; severity: string; hops: { primitive: string; grants: { binding: { name: string } }[] }[] }[] } };
    expect(rbac).toMatchObject({ scan: { id: scan?.id }, status: 'ok' });
    expect(rbac.analysis.identities).toBeGreaterThan(10);
    const masters = rbac.analysis.paths.find((p) => p.label === 'Group system:masters' && p.sink === 'cluster-admin');
    expect(masters, JSON.stringify(rbac.analysis.paths.map((p) => p.label))).toMatchObject({ severity: 'info', hops: [{ primitive: 'masters', grants: [] }] });
    const deployments = rbac.analysis.paths.find((p) => p.label === 'ServiceAccount kube-system/deployment-controller' && p.sink === 'cluster-admin');
    expect(deployments?.hops[0]?.grants[0]?.binding.name).toBe('system:controller:deployment-controller');
    expect(rbac.analysis.paths.filter((p) => p.severity !== 'info').map((p) => p.label)).toEqual([]);
    const netpol = JSON.parse((await get(base, '/api/v1/clusters/1/netpol', cert)).body) as { scan: { id: number }; status: string; analysis: { namespaces: { name: string; defaultDeny: { ingress: boolean } }[] } };
    expect(netpol).toMatchObject({ scan: { id: scan?.id }, status: 'ok' });
    expect(netpol.analysis.namespaces.find((n) => n.name === 'kube-system')).toMatchObject({ defaultDeny: { ingress: false } });
    const metrics = await get(base, '/metrics', cert);
    expect(metrics.body).toContain('kubefort_scans_total{cluster="harness",status="ok"} 1');
    expect(metrics.body).toMatch(/kubefort_findings_open\{area="[a-z-]+",cluster="harness",severity="[a-z]+"\} \d+/);
    expect((await get(base, '/healthz', cert)).headers['strict-transport-security']).toBeDefined();

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child?.once('exit', r));
    expect(code).toBe(0);
    expect(output).toContain('shutting down');
  }, 180_000);
});
