// `kubefort audit analyze`: inputs that give nothing are exit 2 (no "0 alerts"), inputs that cannot be
// read are exit 2 after the report of the others, a few bad lines in a real log are still tolerated,
// raw bytes never reach the terminal, and -o json carries apiVersion and kind.
// `kubefort audit policy lint`: findings worst first.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { raw } from '../detect/support.js';
import { kubefort } from '../support/cli.js';

const MANIFEST = 'test/fixtures/rbac/pods-to-cluster-admin.yaml';
/** Three list pods and one cluster-wide secrets list (one KF-D-008 alert). */
const GOOD = `${[raw(), raw(), raw(), raw({ objectRef: { resource: 'secrets', namespace: '' }, requestURI: '/api/v1/secrets' })].map((e) => JSON.stringify(e)).join('\n')}\n`;
/** NUL, control bytes, an escape sequence that would clear the screen, invalid UTF-8. */
const BINARY = Buffer.from([0x00, 0x01, 0x02, 0x62, 0x69, 0x6e, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x0a, 0x1b, 0x5d, 0x30, 0x3b, 0x07]);

function files(): Record<'dir' | 'good' | 'binary' | 'empty' | 'emptyDir' | 'truncatedLast' | 'truncatedGzip' | 'controls', string> {
  const dir = mkdtempSync(join(tmpdir(), 'kf-analyze-'));
  const put = (name: string, data: string | Buffer): string => {
    writeFileSync(join(dir, name), data);
    return join(dir, name);
  };
  mkdirSync(join(dir, 'logs'));
  const gz = gzipSync(Buffer.from(GOOD));
  return {
    dir,
    good: put('audit.log', GOOD),
    binary: put('audit.bin', BINARY),
    empty: put('empty.log', ''),
    emptyDir: join(dir, 'logs'),
    truncatedLast: put('truncated.log', `${GOOD}{"kind":"Event","apiVer`),
    truncatedGzip: put('truncated.log.gz', gz.subarray(0, gz.length - 12)),
    // A line that is not JSON, holding an escape sequence: shown escaped, not interpreted.
    controls: put('controls.log', `${GOOD}\u001b]0;pwned\u0007\u001b[2J not json\n`),
  };
}

const noRawBytes = (text: string): void => {
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  expect(text).not.toContain('\ufffd');
};

describe('kubefort audit analyze: nothing readable is exit 2, not "0 alerts"', () => {
  it.each([
    ['a binary file', 'binary', 'binary data (a NUL byte at offset 0), not an audit log'],
    ['a YAML manifest', 'manifest', 'unreadable lines'],
    ['an empty file', 'empty', '(empty)'],
  ] as const)('%s', (_name, which, reason) => {
    const f = files();
    const path = which === 'manifest' ? MANIFEST : f[which];
    for (const output of ['table', 'json', 'jsonl']) {
      const run = kubefort(['audit', 'analyze', path, '-o', output]);
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr).toContain(`KF_ERR_NO_INPUT: no audit events were read from ${path} (`);
      expect(run.stderr).toContain(reason);
      noRawBytes(run.stderr);
    }
  });

  it('stdin without events', () => {
    const run = kubefort(['audit', 'analyze', '-'], { input: 'hello\n' });
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toContain('no audit events were read from <stdin> (1 unreadable line)');
  });
});

describe('kubefort audit analyze: a named input that cannot be read is exit 2', () => {
  it('a directory or a missing file: one line naming it, before anything is read', () => {
    const f = files();
    for (const [path, text] of [
      [f.emptyDir, 'is a directory, not an audit log'],
      [join(f.dir, 'nonexist.log'), 'cannot read: ENOENT'],
    ] as const) {
      const run = kubefort(['audit', 'analyze', f.good, path]);
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr.startsWith(`kubefort: KF_ERR_READ: ${path}: `)).toBe(true);
      expect(run.stderr).toContain(text);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toContain('(skipped)');
    }
  });

  it('a binary or event-less file next to a real log: the log is reported, then exit 2 naming the file', () => {
    const f = files();
    for (const [path, text] of [
      [f.binary, 'binary data (a NUL byte at offset 0), not an audit log'],
      [MANIFEST, 'no audit events were read (62 unreadable lines)'],
    ] as const) {
      const run = kubefort(['audit', 'analyze', f.good, path, '--fail-on', 'never']);
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('KF-D-008 secret-listing');
      expect(run.stdout).toContain('1 alert · 4 events read');
      expect(run.stdout).toContain('· 1 input not read');
      expect(run.stderr).toContain(`kubefort: KF_ERR_READ: ${path}: ${text}`);
      noRawBytes(run.stderr);
    }
  });

  it('a gzip file that breaks off: the events before it are analysed, exit 2', () => {
    const f = files();
    const run = kubefort(['audit', 'analyze', f.truncatedGzip]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`KF_ERR_READ: ${f.truncatedGzip.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: read failed: .* \\(after \\d events\\)`));
  });

  it('-o json: the problem is in the document (fatal), exit 2', () => {
    const f = files();
    const run = kubefort(['audit', 'analyze', f.good, f.binary, '-o', 'json']);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout) as { problems: { file: string; line: number; message: string; fatal?: boolean }[]; events: number };
    expect(doc.events).toBe(4);
    expect(doc.problems).toEqual([{ file: f.binary, line: 0, message: 'binary data (a NUL byte at offset 0), not an audit log', fatal: true }]);
  });
});

describe('kubefort audit analyze: the documented tolerance of bad lines in a real log stays', () => {
  it('a truncated last line, an empty rotated file: reported as skipped, exit as for the alerts', () => {
    const f = files();
    const run = kubefort(['audit', 'analyze', f.truncatedLast, f.empty]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${f.truncatedLast}:5: truncated or invalid JSON`);
    expect(run.stdout).toContain('1 alert · 4 events read · 0 duplicates dropped · 1 unreadable lines skipped\n');
    expect(kubefort(['audit', 'analyze', f.truncatedLast, '--fail-on', 'medium']).code).toBe(1);
  });

  it('a bad line is shown as a short escaped excerpt, never as raw bytes', () => {
    const f = files();
    const run = kubefort(['audit', 'analyze', f.controls]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${f.controls}:5: invalid JSON: `);
    expect(run.stderr).toContain('\\u001b');
    noRawBytes(run.stderr);
    const line = run.stderr.split('\n').find((l) => l.includes(':5:')) ?? '';
    expect(line.length).toBeLessThan(300);
  });
});

describe('kubefort audit analyze -o json', () => {
  it('starts with apiVersion and kind AuditAnalysis, the other fields as before', () => {
    const f = files();
    const doc = JSON.parse(kubefort(['audit', 'analyze', f.good, '-o', 'json']).stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['apiVersion', 'kind', 'alerts', 'problems', 'events', 'duplicates']);
    expect(doc).toMatchObject({ apiVersion: 'kubefort.io/v1alpha1', kind: 'AuditAnalysis', events: 4, duplicates: 0, problems: [] });
  });
});

describe('kubefort audit policy lint: worst first', () => {
  const SEED = 'test/fixtures/audit/policy/kubernetes-io-example.yaml';
  const RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

  it('the Kubernetes documentation example: high, high, medium, medium, low, then by line, in -o json and the table', () => {
    const json = kubefort(['audit', 'policy', 'lint', SEED, '-o', 'json', '--fail-on', 'never']);
    const findings = (JSON.parse(json.stdout) as { findings: { checkId: string; severity: string; location: { line: number } }[] }).findings;
    expect(findings.map((f) => [f.severity, f.checkId, f.location.line])).toEqual([
      ['high', 'KF-AP-003', 44],
      ['high', 'KF-AP-003', 59],
      ['medium', 'KF-AP-010', 9],
      ['medium', 'KF-AP-011', 65],
      ['low', 'KF-AP-008', 14],
    ]);
    const table = kubefort(['audit', 'policy', 'lint', SEED, '--fail-on', 'never']).stdout;
    const severities = [...table.matchAll(/^ {2}(CRITICAL|HIGH|MEDIUM|LOW|INFO) /gm)].map((m) => (m[1] as string).toLowerCase());
    expect(severities).toEqual(['high', 'high', 'medium', 'medium', 'low']);
  });

  it('several files and --apiserver: sorted by severity across files, then file order and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-lint-'));
    writeFileSync(join(dir, 'kube-apiserver.txt'), 'kube-apiserver --secure-port 6443');
    const run = kubefort(['audit', 'policy', 'lint', SEED, SEED, '--apiserver', join(dir, 'kube-apiserver.txt'), '-o', 'json', '--fail-on', 'never']);
    const findings = (JSON.parse(run.stdout) as { findings: { severity: string; location: { line?: number } }[] }).findings;
    const ranks = findings.map((f) => RANK[f.severity] as number);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(findings[0]?.severity).toBe('critical');
  });
});
