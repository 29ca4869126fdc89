import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/finding.js';
import { kubefort } from '../support/cli.js';

const privileged = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: tools
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: true
`;

function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kf-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('kubefort scan', () => {
  it('exits 1 on findings at or above --fail-on, 0 below it', () => {
    const dir = tempFiles({ 'pod.yaml': privileged });
    expect(kubefort(['scan', dir, '--check', 'KF-W-001']).code).toBe(1);
    expect(kubefort(['scan', dir, '--check', 'KF-W-001', '--fail-on', 'critical']).code).toBe(0);
    expect(kubefort(['scan', dir, '--check', 'KF-W-001', '--fail-on', 'never']).code).toBe(0);
  });

  it('prints JSON with the documented envelope and exact locations', () => {
    const dir = tempFiles({ 'pod.yaml': privileged });
    const run = kubefort(['scan', join(dir, 'pod.yaml'), '-o', 'json', '--check', 'privileged-container']);
    const result = JSON.parse(run.stdout) as ScanResult;
    expect(result).toMatchObject({ apiVersion: 'kubefort.io/v1alpha1', kind: 'ScanResult', target: { type: 'manifests' } });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      checkId: 'KF-W-001',
      severity: 'high',
      area: 'workload',
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'tools', name: 'debug' },
      location: { file: join(dir, 'pod.yaml'), line: 11, column: 9, path: 'spec.containers[0].securityContext.privileged' },
    });
  });

  it('reads stdin for -', () => {
    const run = kubefort(['scan', '-', '-o', 'json', '--check', 'KF-W-001'], { input: privileged });
    const result = JSON.parse(run.stdout) as ScanResult;
    expect(result.findings[0]?.location.file).toBe('<stdin>');
  });

  it('groups the table by area and keeps going after a bad document (exit 2)', () => {
    const dir = tempFiles({ 'mixed.yaml': `${privileged}---\nkind: [unclosed\n---\n${privileged.replace('debug', 'debug2')}` });
    const run = kubefort(['scan', dir, '--check', 'KF-W-001']);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Workload hardening (2)');
    expect(run.stdout).toMatch(/KF_ERR_YAML_PARSE .*mixed\.yaml, document 1, line 14/);
  });

  it('rejects unknown checks and formats as usage errors (exit 2)', () => {
    const dir = tempFiles({ 'pod.yaml': privileged });
    const unknown = kubefort(['scan', dir, '--check', 'no-such-check']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown check "no-such-check"');
    expect(kubefort(['scan', dir, '-o', 'pdf']).code).toBe(2);
  });

  it('lists the catalogue as JSON', () => {
    const run = kubefort(['checks', '-o', 'json']);
    const catalogue = JSON.parse(run.stdout) as { kind: string; checks: { id: string }[] };
    expect(catalogue.kind).toBe('CheckCatalogue');
    expect(catalogue.checks.map((c) => c.id)).toContain('KF-W-001');
  });

  it('prints help fast and exits 0', () => {
    const run = kubefort(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('scan');
  });
});

describe('kubefort scan into a closed pipe', () => {
  it('exits without a stack trace when the reader stops early (| head)', () => {
    const run = spawnSync('bash', ['-c', `node ${JSON.stringify(resolve('dist/cli.js'))} scan examples/ --fail-on never | head -1`], { encoding: 'utf8' });
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stdout.split('\n').length).toBe(2);
  });
});
