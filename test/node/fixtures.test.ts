/**
 * Every control's verdict on every fixture root (test/node/expected/<fixture>.txt),
 * and the coverage rules: each automated CIS control passes on one fixture and fails
 * on another; the hardened fixture passes every automated control.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cis112 } from '../../src/components/cis/cis-1.12.js';
import { scanNode } from '../../src/node/evaluate.js';
import type { NodeReport } from '../../src/node/result.js';
import { applyFixture, FIXTURE_NAMES, type FixtureName } from './support.js';

const reports = new Map<FixtureName, NodeReport>();

beforeAll(async () => {
  for (const name of FIXTURE_NAMES) {
    const prepared = await applyFixture(name);
    reports.set(name, await scanNode(prepared.root, {}, prepared.fs === undefined ? {} : { fs: prepared.fs }));
  }
});

function expected(name: FixtureName): Map<string, string> {
  const text = readFileSync(join(import.meta.dirname, 'expected', `${name}.txt`), 'utf8');
  return new Map(text.trim().split('\n').map((l) => l.split(' ') as [string, string]));
}

describe.each(FIXTURE_NAMES)('fixture %s', (name) => {
  it('gives the expected verdict for every control', () => {
    const report = reports.get(name);
    expect(report).toBeDefined();
    const actual = new Map(report?.results.map((r) => [r.id, r.state]));
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected(name)));
  });

  it('carries evidence and remediation on every FAIL and WARN with tests', () => {
    for (const r of reports.get(name)?.results ?? []) {
      expect(r.remediation, r.id).not.toBe('');
      if (r.state === 'FAIL') expect(r.evidence.length, `${name} ${r.id}`).toBeGreaterThan(0);
    }
  });
});

describe('coverage', () => {
  it('lists all 131 CIS v1.12 controls, 65 automated', () => {
    expect(cis112.controls).toHaveLength(131);
    expect(cis112.controls.filter((c) => c.automated)).toHaveLength(65);
  });

  it('every automated control passes on one fixture and fails on another', () => {
    for (const control of cis112.controls.filter((c) => c.automated)) {
      const states = FIXTURE_NAMES.map((n) => reports.get(n)?.results.find((r) => r.id === control.id)?.state);
      expect(states, control.id).toContain('PASS');
      expect(states, control.id).toContain('FAIL');
    }
  });

  it('the hardened control plane passes every automated control and every OS control but the informational OS choice', () => {
    const results = reports.get('kubeadm-hardened')?.results ?? [];
    const notPassing = results.filter((r) => r.automated && r.state !== 'PASS' && r.benchmark === 'cis-1.12');
    expect(notPassing.map((r) => `${r.id} ${r.state} ${r.reason}`)).toEqual([]);
    expect(results.filter((r) => r.benchmark === 'kubefort-os' && r.state !== 'PASS').map((r) => r.id)).toEqual(['KF-O-001']);
  });

  it('marks components that are absent not applicable, never FAIL', () => {
    const worker = reports.get('worker-insecure')?.results ?? [];
    for (const r of worker.filter((x) => x.id.startsWith('1.') || x.id.startsWith('2.') || x.id === '4.3.1')) expect(r.state, r.id).toBe('NOT-APPLICABLE');
  });
});

describe('the kubelet configuration actually in use', () => {
  it('reads the --config file the kubelet names, not the decoy at the default path', () => {
    const r = reports.get('worker-insecure')?.results.find((x) => x.id === '4.2.1');
    expect(r?.state).toBe('FAIL');
    expect(r?.evidence[0]?.text).toContain('/etc/kubernetes/kubelet-config.yaml');
    const summary = reports.get('worker-insecure')?.node.components.find((c) => c.name === 'kubelet');
    expect(summary?.config).toBe('/etc/kubernetes/kubelet-config.yaml');
  });

  it('applies the flag defaults when the kubelet runs on flags only', () => {
    const report = reports.get('worker-flags-only');
    expect(report?.node.components.find((c) => c.name === 'kubelet')?.config).toBe('flags only');
    const authz = report?.results.find((x) => x.id === '4.2.2');
    expect(authz?.state).toBe('FAIL');
    expect(authz?.evidence[0]?.text).toContain('kubelet flag default AlwaysAllow');
    expect(report?.results.find((x) => x.id === '4.1.9')?.reason).toContain('no file to check');
  });

  it('treats kubeadm\'s streamingConnectionIdleTimeout: 0s as the 4h default the kubelet applies', () => {
    const r = reports.get('kubeadm-default')?.results.find((x) => x.id === '4.2.5');
    expect(r?.state).toBe('PASS');
    expect(r?.evidence[0]?.text).toContain('replaces by its default 4h0m0s');
  });

  it('reads a containerised kube-proxy config through /proc/<pid>/root', () => {
    const r = reports.get('kubeadm-hardened')?.results.find((x) => x.id === '4.3.1');
    expect(r?.evidence[0]?.text).toContain('/proc/2100/root/var/lib/kube-proxy/config.conf');
  });

  it('reads structured authorization from --authorization-config', () => {
    const r = reports.get('kubeadm-hardened')?.results.find((x) => x.id === '1.2.7');
    expect(r?.state).toBe('PASS');
    expect(r?.evidence[0]?.text).toContain('authorizers[].type = Node,RBAC');
  });
});

describe('owners resolve through the fixture\'s own passwd and group', () => {
  it('gives the same verdicts with the owner overlay used when tests do not run as root', async () => {
    for (const name of ['kubeadm-hardened', 'worker-insecure'] as const) {
      const prepared = await applyFixture(name, { overlayOwners: true });
      expect(prepared.fs).toBeDefined();
      const report = await scanNode(prepared.root, {}, prepared.fs === undefined ? {} : { fs: prepared.fs });
      expect(Object.fromEntries(report.results.map((r) => [r.id, r.state]))).toEqual(Object.fromEntries(expected(name)));
    }
  });

  it('names etcd:etcd on the hardened etcd data dir', () => {
    const r = reports.get('kubeadm-hardened')?.results.find((x) => x.id === '1.1.12');
    expect(r?.evidence[0]?.text).toBe('0700 etcd:etcd /var/lib/etcd');
  });
});
