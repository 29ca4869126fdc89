/**
 * Bad input never stops a scan: every problem is a coded ScanError that names the
 * file, the document and the line, and everything else in the input is still read.
 * Small readable fixtures live in test/fixtures/bad-input/; the hostile ones
 * (alias bomb, deep nesting, binary, invalid UTF-8, oversize) are written to a
 * temporary directory here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanError } from '../../src/core/errors.js';
import type { Resource } from '../../src/core/resource.js';
import { scanManifests } from '../../src/engine/scan.js';
import { loadManifests, parseManifests } from '../../src/sources/manifests.js';

const FIXTURES = 'test/fixtures/bad-input';
const fixture = (name: string) => join(FIXTURES, name);
const names = (resources: readonly Resource[]) => resources.map((r) => r.ref.name);
const codes = (errors: readonly ScanError[]) => errors.map((e) => e.code);

let dir: string;
const write = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubefort-bad-input-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('malformed YAML', () => {
  it('names the file, the document and the line, and reads the other documents of the file', async () => {
    const file = fixture('syntax-error-in-second-document.yaml');
    const load = await loadManifests([file]);
    expect(names(load.resources)).toEqual(['first', 'third']);
    expect(load.errors).toHaveLength(1);
    const [error] = load.errors;
    expect(error).toMatchObject({ code: 'KF_ERR_YAML_PARSE', level: 'error', file, documentIndex: 1, line: 14 });
    expect(error?.column).toBeTypeOf('number');
    // Documents after the broken one keep their own index and lines.
    expect(load.resources[1]?.origin.documentIndex).toBe(2);
    expect(load.resources[1]?.locate(['metadata', 'name'])).toEqual({ line: 20, column: 3 });
  });

  it('reports a document that is a plain string, keeping its neighbours', async () => {
    const file = fixture('plain-string-document.yaml');
    const load = await loadManifests([file]);
    expect(names(load.resources)).toEqual(['before', 'after']);
    expect(load.errors).toEqual([expect.objectContaining({ code: 'KF_ERR_NOT_AN_OBJECT', file, documentIndex: 1, line: 7 })]);
    expect(load.errors[0]?.message).toMatch(/string/);
  });

  it('reports an object without kind at its line', async () => {
    const file = fixture('object-without-kind.yaml');
    const load = await loadManifests([file]);
    expect(names(load.resources)).toEqual(['still-read']);
    expect(load.errors).toEqual([expect.objectContaining({ code: 'KF_ERR_MISSING_FIELD', file, documentIndex: 0, line: 1, message: 'object has no kind' })]);
  });

  it('reports malformed JSON with a line', async () => {
    const file = write('broken.json', '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "x",}\n}\n');
    const load = await loadManifests([file]);
    expect(load.resources).toEqual([]);
    expect(load.errors).toEqual([expect.objectContaining({ code: 'KF_ERR_JSON_PARSE', file, documentIndex: 0, line: 4 })]);
  });
});

describe('hostile YAML', () => {
  it('stops a "billion laughs" alias bomb quickly with KF_ERR_ALIAS_BOMB, and loses nothing else', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const file = write('bomb.yaml', `${configMap('before-bomb')}---\n${levels.join('\n')}\n---\n${configMap('after-bomb')}`);
    const started = performance.now();
    const load = await loadManifests([file]);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(names(load.resources)).toEqual(['before-bomb', 'after-bomb']);
    expect(load.errors).toEqual([expect.objectContaining({ code: 'KF_ERR_ALIAS_BOMB', file, documentIndex: 1, line: 5 })]);
  });

  it('keeps ordinary anchors and aliases (shared labels) working', () => {
    const load = parseManifests('anchors.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  labels: &labels {app: shop}\n  annotations: *labels\n`);
    expect(load.errors).toEqual([]);
    expect(load.resources[0]?.object.metadata.annotations).toEqual({ app: 'shop' });
  });

  it.each([
    ['unclosed', '['.repeat(10_000)],
    ['closed', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['flow mappings', `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`],
  ])('refuses 10,000 levels of nesting (%s) without crashing, and reads the next document', async (label, nested) => {
    const file = write(`deep-${label.replace(' ', '-')}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: ${nested}\n---\n${configMap('after-deep')}`);
    const load = await loadManifests([file]);
    expect(names(load.resources)).toEqual(['after-deep']);
    expect(load.errors).toHaveLength(1);
    expect(['KF_ERR_TOO_DEEP', 'KF_ERR_YAML_PARSE']).toContain(load.errors[0]?.code);
    expect(load.errors[0]).toMatchObject({ file, documentIndex: 0 });
  });
});

describe('files that are not text manifests', () => {
  it('refuses a binary file by name and reads the other files of the directory', async () => {
    const sub = mkdtempSync(join(dir, 'binary-'));
    const binary = join(sub, 'a-image.yaml');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    writeFileSync(join(sub, 'b-good.yaml'), configMap('good'));
    const load = await loadManifests([sub]);
    expect(names(load.resources)).toEqual(['good']);
    expect(load.errors).toEqual([expect.objectContaining({ code: 'KF_ERR_BINARY_FILE', file: binary })]);
  });

  it('refuses invalid UTF-8 and names the line of the first bad byte', async () => {
    const file = write('latin1.yaml', Buffer.concat([Buffer.from(`${configMap('cafe')}data:\n  name: "caf`), Buffer.from([0xe9]), Buffer.from('"\n')]));
    const load = await loadManifests([file]);
    expect(load.resources).toEqual([]);
    expect(load.errors).toEqual([expect.objectContaining({ code: 'KF_ERR_INVALID_UTF8', file, line: 6 })]);
  });

  it('accepts a UTF-8 byte order mark', async () => {
    const file = write('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(configMap('with-bom'))]));
    const load = await loadManifests([file]);
    expect(load.errors).toEqual([]);
    expect(load.resources[0]?.locate(['metadata', 'name'])).toEqual({ line: 4, column: 3 });
  });

  it('refuses a file over maxFileBytes without reading it, and reads the rest', async () => {
    const sub = mkdtempSync(join(dir, 'large-'));
    const big = join(sub, 'big.yaml');
    writeFileSync(big, `${configMap('big')}data:\n  blob: ${'x'.repeat(4096)}\n`);
    writeFileSync(join(sub, 'small.yaml'), configMap('small'));
    const load = await loadManifests([sub], { maxFileBytes: 1024 });
    expect(names(load.resources)).toEqual(['small']);
    expect(load.errors).toEqual([expect.objectContaining({ code: 'KF_ERR_FILE_TOO_LARGE', file: big })]);
    expect(load.errors[0]?.message).toMatch(/over the limit of 1024/);
  });

  it('applies maxFileBytes to standard input too', async () => {
    const load = await loadManifests(['-'], { maxFileBytes: 16, stdin: async () => Buffer.from(configMap('too-long-for-16-bytes')) });
    expect(load.errors).toEqual([expect.objectContaining({ code: 'KF_ERR_FILE_TOO_LARGE', file: '<stdin>' })]);
  });

  it('treats empty and comment-only files as nothing to scan, not as errors', async () => {
    const load = await loadManifests([fixture('empty.yaml'), fixture('comments-only.yaml')]);
    expect(load.errors).toEqual([]);
    expect(load.resources).toEqual([]);
    expect(load.files).toEqual([fixture('empty.yaml'), fixture('comments-only.yaml')]);
  });

  it('reports a missing path and a directory without manifests', async () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    const load = await loadManifests([join(dir, 'does-not-exist.yaml'), empty]);
    expect(codes(load.errors)).toEqual(['KF_ERR_READ', 'KF_ERR_NO_INPUT']);
  });
});

describe('objects kubefort cannot fully read', () => {
  it('gives a warning, not an error, for a custom resource no check inspects', async () => {
    const result = await scanManifests([fixture('custom-resource.yaml')], { today: '2026-06-01' });
    expect(result.summary.resources).toBe(1);
    expect(result.summary.errors).toBe(0);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'KF_WARN_UNKNOWN_KIND', level: 'warning' })]);
    expect(result.errors[0]?.message).toMatch(/Certificate/);
  });

  it('names the path and line of each field of the wrong type and checks the rest', async () => {
    const file = fixture('wrong-field-types.yaml');
    const result = await scanManifests([file], { today: '2026-06-01' });
    const invalid = result.errors.filter((e) => e.code === 'KF_ERR_INVALID_FIELD');
    expect(invalid.map((e) => [e.object, e.line, e.message])).toEqual([
      ['Pod/containers-is-a-string', 7, 'spec.containers: expected array, got string'],
      ['Deployment/security-context-is-a-list', 19, 'spec.template.spec.containers[0].securityContext: expected object, got array'],
      ['Pod/privileged-is-a-string', 30, 'spec.containers[0].securityContext.privileged: expected boolean, got string'],
    ]);
    for (const e of invalid) expect(e).toMatchObject({ file, level: 'error' });
    expect(result.summary.resources).toBe(4);
    // The well-formed pod is checked as usual; the others still get findings for their good parts.
    const privileged = result.findings.filter((f) => f.checkName === 'privileged-container');
    expect(privileged.map((f) => [f.resource.name, f.location.line, f.location.path])).toEqual([['well-formed', 41, 'spec.containers[0].securityContext.privileged']]);
    expect(result.findings.some((f) => f.resource.name === 'security-context-is-a-list')).toBe(true);
  });

  it('reports the bad items of a List and keeps the good ones, with positions', async () => {
    const file = fixture('list-with-bad-item.yaml');
    const load = await loadManifests([file]);
    expect(names(load.resources)).toEqual(['good-1', 'good-2']);
    expect(load.errors.map((e) => [e.code, e.line])).toEqual([
      ['KF_ERR_NOT_AN_OBJECT', 8],
      ['KF_ERR_MISSING_FIELD', 11],
    ]);
    expect(load.resources[1]?.locate(['metadata', 'name'])).toEqual({ line: 15, column: 7 });
    expect(load.resources[1]?.locate([])).toEqual({ line: 12, column: 3 });
  });

  it('skips kubefort configuration files (an exceptions file next to the manifests) without a notice', async () => {
    const load = await loadManifests(['examples/exceptions.yaml']);
    expect(load.resources).toEqual([]);
    expect(load.errors).toEqual([]);
  });
});

describe('scalars as Kubernetes reads them (YAML 1.1, sigs.k8s.io/yaml)', () => {
  it('reads yes/on as true, 0644 as octal and an unquoted date as a string', async () => {
    const result = await scanManifests([fixture('yaml11-scalars.yaml')], { today: '2026-06-01' });
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((f) => f.checkName === 'privileged-container').map((f) => f.location.line)).toEqual([16]);
    // hostNetwork: on is suppressed by the annotation whose date is unquoted.
    expect(result.suppressed.map((f) => f.checkName)).toContain('host-network');
    expect(result.suppressed.find((f) => f.checkName === 'host-network')?.suppression?.expires).toBe('2099-12-31');
    const load = await loadManifests([fixture('yaml11-scalars.yaml')]);
    const volumes = (load.resources[0]?.object.spec as { volumes: { secret: { defaultMode: number } }[] }).volumes;
    expect(volumes[0]?.secret.defaultMode).toBe(0o644);
  });

  it('keeps quoted forms strings, and one-letter y/n strings', () => {
    const load = parseManifests('quoted.yaml', `${configMap('y')}data:\n  a: "yes"\n  b: 'on'\n  c: n\n  d: "0644"\n  e: 2030-12-31T10:00:00Z\n`);
    expect(load.errors).toEqual([]);
    expect(load.resources[0]?.object.data).toEqual({ a: 'yes', b: 'on', c: 'n', d: '0644', e: '2030-12-31T10:00:00Z' });
  });
});

describe('input shapes', () => {
  it('attributes rendered Helm output to its template (location.template)', async () => {
    const file = 'examples/helm-rendered/rendered.yaml';
    const result = await scanManifests([file], { today: '2026-06-01' });
    expect(result.errors).toEqual([]);
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) expect(f.location.template, `${f.checkName} ${f.location.path}`).toMatch(/^search\/(charts\/redis\/)?templates\/[\w./-]+\.yaml$/);
    const deployment = result.findings.find((f) => f.resource.kind === 'Deployment');
    expect(deployment?.location.template).toBe('search/templates/deployment.yaml');
    const hook = result.findings.find((f) => f.resource.name === 'search-test-connection');
    expect(hook?.location.template).toBe('search/templates/tests/test-connection.yaml');
  });

  it('reads standard input through the stdin option, with positions', async () => {
    const text = `# piped from helm template\n${configMap('from-stdin')}---\n${configMap('second')}`;
    const load = await loadManifests(['-'], { stdin: async () => Buffer.from(text) });
    expect(load.errors).toEqual([]);
    expect(load.files).toEqual(['<stdin>']);
    expect(names(load.resources)).toEqual(['from-stdin', 'second']);
    expect(load.resources.map((r) => r.origin)).toEqual([
      { file: '<stdin>', documentIndex: 0 },
      { file: '<stdin>', documentIndex: 1 },
    ]);
    expect(load.resources[1]?.locate(['metadata', 'name'])).toEqual({ line: 10, column: 3 });
  });

  it('reads a JSON List and finds positions through the re-parse fallback', async () => {
    const file = 'examples/list.json';
    const load = await loadManifests([file]);
    expect(load.errors).toEqual([]);
    expect(load.resources.map((r) => `${r.ref.kind}/${r.ref.name}`)).toEqual(['Deployment/invoice-legacy', 'Service/invoice-legacy']);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = (needle: string) => {
      const index = lines.findIndex((l) => l.includes(needle));
      return { line: index + 1, column: (lines[index] ?? '').indexOf(needle) + 1 };
    };
    expect(load.resources[0]?.locate(['spec', 'template', 'spec', 'hostNetwork'])).toEqual(at('"hostNetwork"'));
    expect(load.resources[1]?.locate(['spec', 'ports', 0, 'nodePort'])).toEqual(at('"nodePort"'));
    // A List item itself: its opening brace.
    const service = lines.findIndex((l) => l.includes('"kind": "Service"'));
    const brace = lines.slice(0, service).map((l, i) => [l, i] as const).filter(([l]) => l.trim() === '{').pop()?.[1] ?? -1;
    expect(load.resources[1]?.locate([])).toEqual({ line: brace + 1, column: (lines[brace] ?? '').indexOf('{') + 1 });
  });
});
