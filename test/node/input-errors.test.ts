/**
 * `kubefort node` on bad input: a root that is not a node, --merge inputs without reports,
 * --configz documents that are not a kubelet configuration, files that cannot be read.
 * Each is one line on stderr naming the file or directory and exit code 2, never a report
 * that reads like a pass and never a stack trace.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { KubefortError } from '../../src/core/errors.js';
import { configzProblem, evaluateConfigz, scanNode } from '../../src/node/evaluate.js';
import { applyFixture, FIXTURES } from './support.js';

let out = '';
let err = '';
async function run(...args: string[]): Promise<number> {
  out = '';
  err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    return await main(['node', 'kubefort', ...args]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
  }
}

/** One kubefort error line per problem, no stack trace. */
function expectCleanError(): void {
  expect(err).not.toContain('unexpected error');
  expect(err).not.toMatch(/^\s+at /m);
  for (const line of err.trim().split('\n')) expect(line).toMatch(/^kubefort: KF_(ERR|WARN)_[A-Z_]+: /);
}

const dir = mkdtempSync(join(tmpdir(), 'kf-node-input-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

let reportA = '';
let reportB = '';
beforeAll(async () => {
  await applyFixture('kubeadm-default');
  await applyFixture('kubeadm-hardened');
  await run('node', '--root', join(FIXTURES, 'kubeadm-default'), '-o', 'json', '--node-name', 'a', '--fail-on', 'never');
  reportA = JSON.stringify(JSON.parse(out));
  await run('node', '--root', join(FIXTURES, 'kubeadm-hardened'), '-o', 'json', '--node-name', 'b', '--fail-on', 'never');
  reportB = JSON.stringify(JSON.parse(out));
});
afterEach(() => vi.restoreAllMocks());

describe('node --root that is not a node', () => {
  it('a directory that does not exist is KF_ERR_NODE_ROOT naming it, exit 2, no report', async () => {
    const missing = join(dir, 'no-such-root');
    expect(await run('node', '--root', missing)).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`kubefort: KF_ERR_NODE_ROOT: node root ${missing}: no such directory\n`);
  });

  it('a regular file is KF_ERR_NODE_ROOT: not a directory', async () => {
    const regular = file('root-is-a-file', 'x');
    expect(await run('node', '--root', regular, '-o', 'json')).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`kubefort: KF_ERR_NODE_ROOT: node root ${regular}: not a directory\n`);
  });

  it('an existing directory without any Kubernetes component is KF_ERR_NO_COMPONENTS, exit 2', async () => {
    const empty = join(dir, 'empty-root');
    mkdirSync(empty);
    expect(await run('node', '--root', empty)).toBe(2);
    expect(out).toBe('');
    expectCleanError();
    expect(err).toContain(`KF_ERR_NO_COMPONENTS: no Kubernetes components found under ${empty}`);
    expect(err).toContain(join(empty, 'etc/kubernetes/manifests'));
  });

  it('so is a copy of /etc without /proc (OS files only)', async () => {
    const etcOnly = join(dir, 'etc-only');
    mkdirSync(join(etcOnly, 'etc'), { recursive: true });
    writeFileSync(join(etcOnly, 'etc/os-release'), 'ID=ubuntu\nPRETTY_NAME="Ubuntu 24.04"\n');
    writeFileSync(join(etcOnly, 'etc/hostname'), 'n1\n');
    await expect(scanNode(etcOnly)).rejects.toMatchObject({ code: 'KF_ERR_NO_COMPONENTS' });
  });

  it('a real node root still gives its report', async () => {
    expect(await run('node', '--root', join(FIXTURES, 'kubeadm-hardened'))).toBe(0);
    expect(out).toContain('== Summary total ==');
  });
});

describe('node --merge without reports', () => {
  it('an empty file (kubectl logs with a wrong selector) is KF_ERR_NO_REPORTS, exit 2, nothing on stdout', async () => {
    const empty = file('empty.ndjson', '');
    expect(await run('node', '--merge', empty)).toBe(2);
    expect(out).toBe('');
    expectCleanError();
    expect(err).toContain(`KF_ERR_NO_REPORTS: no node reports in ${empty}`);
  });

  it('-o json prints no empty NodeReportList', async () => {
    expect(await run('node', '--merge', file('blank.ndjson', '\n\n'), '-o', 'json')).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('KF_ERR_NO_REPORTS');
  });

  it("kubectl's \"No resources found\" line is named with its line number", async () => {
    const f = file('no-resources.ndjson', 'No resources found in kubefort-node namespace.\n');
    expect(await run('node', '--merge', f, '-o', 'json')).toBe(2);
    expect(out).toBe('');
    expectCleanError();
    expect(err).toContain(`KF_ERR_JSON_PARSE: ${f}:1: not JSON`);
    expect(err).toContain('"No resources found in kubefort-node namespace."');
    expect(err).toContain('KF_ERR_NO_REPORTS');
  });

  it('a file that is not JSON at all (hello: [) is an error, exit 2', async () => {
    const f = file('hello.txt', 'hello: [\n');
    expect(await run('node', '--merge', f)).toBe(2);
    expect(err).toContain(`KF_ERR_JSON_PARSE: ${f}:1: not JSON`);
    expect(err).toContain('KF_ERR_NO_REPORTS');
  });

  it('JSON that is not a NodeReport keeps KF_ERR_NOT_AN_OBJECT', async () => {
    const f = file('x.json', '{"x":1}\n');
    expect(await run('node', '--merge', f)).toBe(2);
    expectCleanError();
    expect(err).toContain(`KF_ERR_NOT_AN_OBJECT: ${f}: not a kubefort NodeReport`);
  });

  it('good reports are merged and printed, but an unreadable line among them is named by number and exits 2', async () => {
    const f = file('mixed.ndjson', `${reportA}\nkubefort: KF_ERR_NO_COMPONENTS: no Kubernetes components found under /host\n\n${reportB}\n{"x":1}\n`);
    expect(await run('node', '--merge', f, '--fail-on', 'never')).toBe(2);
    expect(out).toMatch(/^a\s+\d+/m);
    expect(out).toMatch(/^b\s+\d+/m);
    expect(err).toContain(`KF_ERR_JSON_PARSE: ${f}:2: not JSON`);
    expect(err).toContain(`KF_ERR_NOT_AN_OBJECT: ${f}:5: not a kubefort NodeReport`);
    expect(err).not.toContain('KF_ERR_NO_REPORTS');
  });

  it('a clean file of reports still merges with the usual exit code', async () => {
    const f = file('clean.ndjson', `${reportA}\n${reportB}\n`);
    expect(await run('node', '--merge', f, '--fail-on', 'never', '-o', 'json')).toBe(0);
    expect((JSON.parse(out) as { nodes: unknown[] }).nodes).toHaveLength(2);
    expect(err).toBe('');
  });
});

describe('node --configz that is not a kubelet configuration', () => {
  it('{"foo":1} is KF_ERR_NOT_AN_OBJECT naming the file, exit 2, no verdicts', async () => {
    const f = file('nk.json', '{"foo":1}\n');
    expect(await run('node', '--configz', f)).toBe(2);
    expect(out).toBe('');
    expectCleanError();
    expect(err).toContain(`KF_ERR_NOT_AN_OBJECT: ${f}: no kubeletconfig (top-level keys: foo)`);
  });

  it('rejects an empty or non-object kubeletconfig, an array, an empty object', async () => {
    for (const [name, text] of [
      ['empty-inner.json', '{"kubeletconfig":{}}'],
      ['string-inner.json', '{"kubeletconfig":"x"}'],
      ['array.json', '[]'],
      ['empty.json', '{}'],
    ] as const) {
      const f = file(name, text);
      expect(await run('node', '--configz', f), name).toBe(2);
      expect(out, name).toBe('');
      expect(err, name).toContain(`KF_ERR_NOT_AN_OBJECT: ${f}: `);
    }
  });

  it('accepts a bare KubeletConfiguration that says so, with the v1beta1 defaults for what it omits', async () => {
    const f = file('kubelet-config.json', JSON.stringify({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', authorization: { mode: 'AlwaysAllow' } }));
    expect(await run('node', '--configz', f)).toBe(1);
    expect(out).toContain('[FAIL] 4.2.2');
    expect(out).toContain('[PASS] 4.2.1');
  });

  it('evaluateConfigz refuses the same documents (the library and --from-cluster share it)', () => {
    expect(configzProblem({ kubeletconfig: { readOnlyPort: 0 } })).toBeUndefined();
    expect(configzProblem({ kind: 'KubeletConfiguration' })).toBeUndefined();
    expect(configzProblem({ foo: 1 })).toContain('no kubeletconfig');
    expect(() => evaluateConfigz('nodes/n1/proxy/configz', { foo: 1 })).toThrow(KubefortError);
  });
});

describe('files that cannot be read', () => {
  it('--configz of a missing file is one KF_ERR_READ line naming it, exit 2', async () => {
    const missing = join(dir, 'nonexist.json');
    expect(await run('node', '--configz', missing)).toBe(2);
    expect(err).toBe(`kubefort: KF_ERR_READ: cannot read configz document ${missing}: no such file\n`);
  });

  it('--configz of a directory and of a file that is not JSON', async () => {
    expect(await run('node', '--configz', dir)).toBe(2);
    expect(err).toBe(`kubefort: KF_ERR_READ: cannot read configz document ${dir}: is a directory\n`);
    const f = file('not-json.json', 'kubeletconfig: {}');
    expect(await run('node', '--configz', f)).toBe(2);
    expectCleanError();
    expect(err).toContain(`KF_ERR_JSON_PARSE: ${f}: `);
  });

  it('--merge of a missing file', async () => {
    const missing = join(dir, 'nodes.ndjson');
    expect(await run('node', '--merge', missing)).toBe(2);
    expect(err).toBe(`kubefort: KF_ERR_READ: cannot read node reports ${missing}: no such file\n`);
  });
});
