/** `kubefort node` end to end: table shape, JSON NodeReport, common formatters, --fail-on, --merge, --configz. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { applyFixture, FIXTURES } from './support.js';

let out = '';
async function run(...args: string[]): Promise<number> {
  out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    return await main(['node', 'kubefort', ...args]);
  } finally {
    spy.mockRestore();
    process.exitCode = undefined;
  }
}

beforeAll(async () => {
  // As root the modes and owners are real; otherwise owner controls differ from the fixture's intent, which these tests do not assert.
  await applyFixture('kubeadm-default');
  await applyFixture('kubeadm-hardened');
});
afterEach(() => vi.restoreAllMocks());

describe('kubefort node', () => {
  it('prints kube-bench-shaped sections, remediations and totals', async () => {
    const code = await run('node', '--root', join(FIXTURES, 'kubeadm-default'));
    expect(out).toContain('[INFO] 1 Control Plane Security Configuration');
    expect(out).toContain('[FAIL] 1.2.16 Ensure that the --audit-log-path argument is set');
    expect(out).toContain('== Remediations master ==');
    expect(out).toContain('== Summary total ==');
    expect(out).toMatch(/\d+ checks N\/A/);
    expect(code).toBe(1);
  });

  it('-o json is the full NodeReport; --fail-on never exits 0', async () => {
    const code = await run('node', '--root', join(FIXTURES, 'kubeadm-default'), '-o', 'json', '--fail-on', 'never', '--node-name', 'cp-1');
    const report = JSON.parse(out) as { kind: string; results: unknown[]; node: { name: string }; benchmark: { id: string; selectedBy: string } };
    expect(report.kind).toBe('NodeReport');
    expect(report.node.name).toBe('cp-1');
    expect(report.benchmark).toMatchObject({ id: 'cis-1.12', selectedBy: 'version' });
    expect(report.results.length).toBeGreaterThan(131);
    expect(code).toBe(0);
  });

  it('-o sarif goes through the common formatter with the host file as location', async () => {
    await run('node', '--root', join(FIXTURES, 'kubeadm-default'), '-o', 'sarif', '--fail-on', 'never');
    const sarif = JSON.parse(out) as { runs: { results: { ruleId: string; locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[] }[] }[] };
    const r = sarif.runs[0]?.results.find((x) => x.ruleId === 'CIS-4.1.9');
    expect(r?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toContain('var/lib/kubelet/config.yaml');
  });

  it('the hardened node exits 0 at the default --fail-on', async () => {
    expect(await run('node', '--root', join(FIXTURES, 'kubeadm-hardened'))).toBe(0);
  });

  it('--merge combines reports from several nodes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-merge-'));
    await run('node', '--root', join(FIXTURES, 'kubeadm-default'), '-o', 'json', '--node-name', 'a', '--fail-on', 'never');
    const a = JSON.stringify(JSON.parse(out));
    await run('node', '--root', join(FIXTURES, 'kubeadm-hardened'), '-o', 'json', '--node-name', 'b', '--fail-on', 'never');
    const b = JSON.stringify(JSON.parse(out));
    writeFileSync(join(dir, 'nodes.ndjson'), `${a}\n${b}\n`);
    await run('node', '--merge', join(dir, 'nodes.ndjson'), '--fail-on', 'never');
    expect(out).toMatch(/^a\s+\d+/m);
    expect(out).toMatch(/^b\s+\d+\s+0\s/m);
    expect(out).toContain('[FAIL] 1.2.16');
  });

  it('--configz runs the kubelet controls on a configz document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-configz-'));
    writeFileSync(join(dir, 'configz.json'), JSON.stringify({ kubeletconfig: { authentication: { anonymous: { enabled: false }, x509: { clientCAFile: '/ca.crt' } }, authorization: { mode: 'AlwaysAllow' }, rotateCertificates: true } }));
    const code = await run('node', '--configz', join(dir, 'configz.json'));
    expect(out).toContain('[FAIL] 4.2.2');
    expect(out).toContain('[PASS] 4.2.1');
    expect(code).toBe(1);
  });

  it('an unknown benchmark is a usage error', async () => {
    expect(await run('node', '--root', join(FIXTURES, 'kubeadm-default'), '--benchmark', 'cis-0.1')).toBe(2);
  });
});
