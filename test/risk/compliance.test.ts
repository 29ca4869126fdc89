import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { baselineFingerprints, compliance, formatBaseline, inFramework, resolveFramework, splitByBaseline, STEPS } from '../../src/engine/compliance.js';
import { scanManifests } from '../../src/engine/scan.js';
import { AREAS } from '../../src/core/area.js';
import { main } from '../../src/cli/main.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURE = 'test/fixtures/risk';

describe('baseline', () => {
  it('only findings with a new fingerprint are fresh', async () => {
    const r = await scanManifests([FIXTURE], { today: '2026-06-01' });
    const known = baselineFingerprints(JSON.parse(JSON.stringify({ ...r, findings: r.findings.slice(1) })), 'prev.json');
    const split = splitByBaseline(r.findings, known);
    expect(split.fresh.map((f) => f.fingerprint)).toEqual([r.findings[0]?.fingerprint]);
    expect(split.known).toHaveLength(r.findings.length - 1);
    expect(formatBaseline(split, 'prev.json').split('\n')[0]).toBe(`Baseline prev.json: 1 new finding (these decide the exit code), ${r.findings.length - 1} already in the baseline`);
  });

  it('refuses what is not a ScanResult', () => {
    expect(() => baselineFingerprints({ kind: 'Other' }, 'x.json')).toThrow(/not a kubefort ScanResult/);
  });

  it('scan --baseline fails CI only on new findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-baseline-'));
    const prev = join(dir, 'prev.json');
    const r = await scanManifests([FIXTURE]);
    writeFileSync(prev, JSON.stringify(r));
    const write = process.stdout.write.bind(process.stdout);
    const errWrite = process.stderr.write.bind(process.stderr);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      process.exitCode = undefined;
      expect(await main(['node', 'kubefort', 'scan', FIXTURE, '--baseline', prev])).toBe(0);
      process.exitCode = undefined;
      expect(await main(['node', 'kubefort', 'scan', FIXTURE])).toBe(1);
      process.exitCode = undefined;
      writeFileSync(prev, JSON.stringify({ ...r, findings: r.findings.filter((f) => f.checkId !== 'KF-W-001') }));
      expect(await main(['node', 'kubefort', 'scan', FIXTURE, '--baseline', prev])).toBe(1);
    } finally {
      process.stdout.write = write;
      process.stderr.write = errWrite;
      process.exitCode = undefined;
    }
  });
});

describe('frameworks', () => {
  it('resolves names, nsa included', () => {
    expect(resolveFramework('nsa')).toBe('nsa-cisa');
    expect(() => resolveFramework('pci')).toThrow(/unknown framework/);
  });

  it('steps cover every area once, and end with prioritised remediation', () => {
    expect(STEPS.flatMap((s) => s.areas).sort()).toEqual([...AREAS].sort());
    expect(STEPS.map((s) => s.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
  });

  it('compliance per control: pass, fail, not assessed, and the percentage', async () => {
    const r = await scanManifests([FIXTURE], { today: '2026-06-01' });
    const pss = compliance(r, allChecks, 'pss-baseline');
    expect(pss.controls.find((c) => c.control === 'Privileged Containers')).toMatchObject({ status: 'fail', findings: 2, checks: ['KF-W-001'] });
    expect(pss.controls.find((c) => c.control === 'Host Namespaces')?.status).toBe('pass');
    const pass = pss.controls.filter((c) => c.status === 'pass').length;
    const assessed = pss.controls.filter((c) => c.status !== 'not-assessed').length;
    expect(pss.percent).toBe(Math.round((pass / assessed) * 1000) / 10);
    const steps = compliance(r, allChecks, 'steps');
    expect(steps.controls.find((c) => c.control === '10')?.status).toBe('not-assessed');
    expect(steps.controls.find((c) => c.control === '3')?.status).toBe('fail');
    expect(r.findings.filter((f) => inFramework(f, 'pss-baseline')).every((f) => f.frameworks.some((x) => x.framework === 'pss-baseline'))).toBe(true);
  });
});
