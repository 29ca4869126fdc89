/**
 * `kubefort fix PATH…` on inputs it cannot use: like `kubefort scan`, each problem is named
 * with its file (on stderr, so a --dry-run diff on stdout stays a clean patch), the rest is
 * still fixed, and the exit code is 2. A file that could not be decoded is never rewritten.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubefort } from '../support/cli.js';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec:\n  containers:\n    - name: c\n      image: c:1.0\n';

function dir(files: Record<string, string | Buffer> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'kf-fix-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(d, name), content);
  return d;
}

describe('kubefort fix: input errors', () => {
  it('a missing path: exit 2 and the path named on stderr', () => {
    const missing = join(dir(), 'nonexist');
    const run = kubefort(['fix', '--dry-run', missing]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`KF_ERR_READ ${missing}: cannot read ${missing}: ENOENT`));
    expect(run.stdout).toBe('');
  });

  it('an empty directory: exit 2, KF_ERR_NO_INPUT', () => {
    const empty = dir();
    const run = kubefort(['fix', '--dry-run', empty]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`KF_ERR_NO_INPUT ${empty}: no .yaml, .yml or .json files under ${empty}`);
  });

  it('a malformed file: exit 2 with file and line; the good file next to it is still fixed', () => {
    const d = dir({ 'a-bad.yaml': 'kind: [unclosed\n', 'b-pod.yaml': POD });
    const run = kubefort(['fix', '--dry-run', d]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/KF_ERR_YAML_PARSE .*a-bad\.yaml, document 0, line \d+: /);
    expect(run.stdout).toContain(`+++ b/${join(d, 'b-pod.yaml').replace(/^\//, '')}`);
    expect(run.stderr).toMatch(/; 1 input error$/m);
  });

  it('a binary file: exit 2, named, and never rewritten', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const d = dir({ 'image.yaml': png });
    const run = kubefort(['fix', d]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`KF_ERR_BINARY_FILE ${join(d, 'image.yaml')}: `);
    expect(readFileSync(join(d, 'image.yaml')).equals(png)).toBe(true);
  });

  it('a file that is not valid UTF-8 is reported and left byte for byte, though the rest of it would parse', () => {
    const bytes = Buffer.concat([Buffer.from(`# caf\xe9 (latin-1)\n`, 'latin1'), Buffer.from(POD)]);
    const d = dir({ 'latin1.yaml': bytes });
    const run = kubefort(['fix', d]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('KF_ERR_INVALID_UTF8');
    expect(readFileSync(join(d, 'latin1.yaml')).equals(bytes)).toBe(true);
  });

  it('a clean input still exits 0 and writes nothing on stderr but the report', () => {
    const d = dir({ 'pod.yaml': POD });
    const run = kubefort(['fix', '--dry-run', d]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('Input problems');
    expect(run.stderr).toMatch(/0 input errors$/m);
  });
});
