// `kubefort rbac`: input errors are exit 2 and never a verdict, enum flags are checked, audit logs
// that say nothing are an error, and every -o json document carries apiVersion and kind.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubefort } from '../support/cli.js';

const F = 'test/fixtures/rbac/pods-to-cluster-admin.yaml';
const LOG = 'test/fixtures/rbac/audit-ops-admin.log';

/** Inputs that cannot give an answer: missing, malformed, binary, an empty directory, an empty file. */
function badInputs(): Record<'missing' | 'malformed' | 'binary' | 'empty directory' | 'file without objects', string> {
  const dir = mkdtempSync(join(tmpdir(), 'kf-rbac-'));
  mkdirSync(join(dir, 'empty'));
  writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: [unclosed\n');
  writeFileSync(join(dir, 'binary.yaml'), Buffer.from([0x00, 0x01, 0x02, 0x62, 0x69, 0x6e, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a]));
  writeFileSync(join(dir, 'nothing.yaml'), '# no objects here\n');
  return {
    missing: join(dir, 'nonexist.yaml'),
    malformed: join(dir, 'bad.yaml'),
    binary: join(dir, 'binary.yaml'),
    'empty directory': join(dir, 'empty'),
    'file without objects': join(dir, 'nothing.yaml'),
  };
}

describe('kubefort rbac: an input that cannot be read is exit 2, never a verdict', () => {
  const inputs = Object.entries(badInputs());

  it.each(inputs)('can-i -f <%s>: no "no" on stdout, exit 2, the file named on stderr', (_name, path) => {
    const run = kubefort(['rbac', 'can-i', 'create', 'pods', '--as', 'x', '-f', path]);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(path);
    expect(run.stderr).toMatch(/^kubefort: KF_ERR_\w+: no answer: /m);
  });

  it('can-i: one bad file among good ones still stops the answer (a missing binding would be a wrong "no")', () => {
    const run = kubefort(['rbac', 'can-i', 'create', 'pods', '-n', 'ops', '--as', 'system:serviceaccount:ci:builder', '-f', F, '-f', badInputs().malformed]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain('KF_ERR_YAML_PARSE');
  });

  it.each([
    ['who-can', ['rbac', 'who-can', 'create', 'pods']],
    ['list', ['rbac', 'list', '--as', 'sa:ci/builder']],
    ['paths', ['rbac', 'paths']],
    ['paths -o json', ['rbac', 'paths', '-o', 'json']],
    ['unused', ['rbac', 'unused', '--audit-log', LOG]],
  ])('%s -f <missing>: exit 2, nothing on stdout', (_name, args) => {
    const { missing } = badInputs();
    const run = kubefort([...args, '-f', missing]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(`KF_ERR_READ: ${missing}`);
  });

  it('reads stdin with -f -, and an empty stdin is no input', () => {
    const yaml = kubefort(['rbac', 'can-i', 'create', 'pods', '-n', 'ops', '--as', 'system:serviceaccount:ci:builder', '-f', '-'], { input: readFileSync(F, 'utf8') });
    expect([yaml.code, yaml.stdout.split('\n')[0]]).toEqual([0, 'yes']);
    const empty = kubefort(['rbac', 'can-i', 'create', 'pods', '--as', 'x', '-f', '-'], { input: '' });
    expect([empty.code, empty.stdout]).toEqual([2, '']);
    expect(empty.stderr).toContain('KF_ERR_NO_INPUT: no answer: no Kubernetes objects were read from <stdin>');
  });
});

describe('kubefort rbac: enum and subject flags are checked', () => {
  it('paths --sink takes only cluster-admin and kube-system-secrets', () => {
    const bad = kubefort(['rbac', 'paths', '-f', F, '--sink', 'nope']);
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toContain("argument 'nope' is invalid. Allowed choices are cluster-admin, kube-system-secrets.");
    expect(kubefort(['rbac', 'paths', '-f', F, '--sink', 'kube-system-secrets']).code).toBeLessThan(2);
    expect(kubefort(['rbac', 'paths', '-f', F, '--sink', 'cluster-admin']).code).toBe(1);
  });

  it('-o takes text or json (suggest: yaml or json); anything else is exit 2 before any work', () => {
    const who = kubefort(['rbac', 'who-can', 'get', 'pods', '-f', F, '-o', 'yaml']);
    expect([who.code, who.stdout]).toEqual([2, '']);
    expect(who.stderr).toContain('Allowed choices are text, json.');
    const sug = kubefort(['rbac', 'suggest', '--audit-log', LOG, '-o', 'table']);
    expect([sug.code, sug.stdout]).toEqual([2, '']);
    expect(sug.stderr).toContain('Allowed choices are yaml, json.');
  });

  it('a --subject that cannot be read is a usage error, not "no filter"', () => {
    const run = kubefort(['rbac', 'paths', '-f', F, '--subject', 'sa:only-a-namespace']);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain('KF_ERR_USAGE: --subject: cannot read subject "sa:only-a-namespace"');
    expect(kubefort(['rbac', 'unused', '-f', F, '--audit-log', LOG, '--subject', 'sa:x']).code).toBe(2);
  });
});

describe('kubefort rbac unused / suggest: the audit log must hold audit events', () => {
  it('a manifest given as the audit log: exit 2 saying no audit events were read from it (was: every grant unused, or nothing suggested)', () => {
    for (const args of [['rbac', 'unused', '-f', F, '--audit-log', F], ['rbac', 'suggest', '--audit-log', F]]) {
      const run = kubefort(args);
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr).toContain(`KF_ERR_NO_INPUT: no audit events were read from ${F}`);
    }
  });

  it('an empty log: exit 2 (no evidence of use)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-rbac-log-'));
    writeFileSync(join(dir, 'empty.log'), '');
    const run = kubefort(['rbac', 'suggest', '--audit-log', join(dir, 'empty.log')]);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain(`no audit events were read from ${join(dir, 'empty.log')}`);
  });

  it('a second log without events among good ones is still an error (its evidence would be missing)', () => {
    const run = kubefort(['rbac', 'unused', '-f', F, '--audit-log', LOG, '--audit-log', F]);
    expect([run.code, run.stdout]).toEqual([2, '']);
  });

  it('an audit log that cannot be read: one line naming it, exit 2, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-rbac-log-'));
    for (const path of [join(dir, 'nonexist.log'), dir]) {
      const run = kubefort(['rbac', 'unused', '-f', F, '--audit-log', path]);
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr).toMatch(new RegExp(`^kubefort: KF_ERR_READ: cannot read audit log ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: E[A-Z]+: [^\\n]*\\n$`));
      expect(run.stderr).not.toContain('unexpected error');
      expect(run.stderr).not.toContain('    at ');
    }
  });

  it('a few bad lines in a real log stay a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-rbac-log-'));
    writeFileSync(join(dir, 'audit.log'), `${readFileSync(LOG, 'utf8')}{"kind":"Event","auditID":"trunc`);
    const run = kubefort(['rbac', 'unused', '-f', F, '--audit-log', join(dir, 'audit.log')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('1 lines are not audit events');
  });
});

describe('kubefort rbac -o json: apiVersion and kind first', () => {
  const json = (args: string[]): Record<string, unknown> => JSON.parse(kubefort([...args, '-o', 'json']).stdout) as Record<string, unknown>;
  it.each([
    ['who-can', ['rbac', 'who-can', 'create', 'pods', '-n', 'ops', '-f', F], 'RbacWhoCan', ['request', 'superuserGroups', 'subjects']],
    ['can-i', ['rbac', 'can-i', 'create', 'pods', '-n', 'ops', '--as', 'system:serviceaccount:ci:builder', '-f', F], 'RbacCanI', ['user', 'request', 'allowed', 'superuser', 'grants']],
    ['list', ['rbac', 'list', '--as', 'sa:ci/builder', '-f', F], 'RbacList', ['subject', 'user', 'superuser', 'grants']],
    ['paths', ['rbac', 'paths', '-f', F], 'RbacPaths', ['paths']],
    ['unused', ['rbac', 'unused', '-f', F, '--audit-log', LOG], 'RbacUnused', ['identities', 'idleTokens']],
    ['unused --subject', ['rbac', 'unused', '-f', F, '--audit-log', LOG, '--subject', 'sa:ci/builder'], 'RbacUnused', ['identities']],
  ])('%s', (_name, args, kind, fields) => {
    const doc = json(args);
    expect(Object.keys(doc)).toEqual(['apiVersion', 'kind', ...fields]);
    expect(doc).toMatchObject({ apiVersion: 'kubefort.io/v1alpha1', kind });
  });

  it('paths and unused keep their entries; suggest stays a v1 List kubectl can apply', () => {
    const paths = json(['rbac', 'paths', '-f', F, '--sink', 'cluster-admin', '--subject', 'sa:ci/builder']) as { paths: { sink: string; hops: unknown[] }[] };
    expect(paths.paths.map((p) => [p.sink, p.hops.length])).toEqual([['cluster-admin', 2]]);
    const unused = json(['rbac', 'unused', '-f', F, '--audit-log', LOG, '--subject', 'sa:ci/builder']) as { identities: { user: { user: string } }[] };
    expect(unused.identities.map((i) => i.user.user)).toEqual(['system:serviceaccount:ci:builder']);
    expect(json(['rbac', 'suggest', '--audit-log', LOG])).toMatchObject({ apiVersion: 'v1', kind: 'List' });
  });
});
