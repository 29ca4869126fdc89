// Parse workers must change nothing but speed: the same resources, values, positions, errors
// and file list as the main thread alone, on a generated estate plus every kind of bad file.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../bench/corpus.js';
import { loadManifests, type ManifestLoad } from '../../src/sources/manifests.js';
import { parseFilesInParallel, parseWorkerCount, PARALLEL_MIN_BYTES } from '../../src/sources/parallel.js';

// Built by test/global-setup.ts: sources cannot run in a worker, the bundle can.
const WORKER = resolve('dist/parse-worker.js');

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubefort-parallel-'));
  writeCorpus(join(dir, 'estate'), { objects: 800, files: 40 });
  const bad = join(dir, 'bad');
  writeCorpus(bad, { objects: 10, files: 1 });
  writeFileSync(join(bad, 'binary.yaml'), Buffer.from([0x61, 0x3a, 0x00, 0x01]));
  writeFileSync(join(bad, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
  writeFileSync(join(bad, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: [unclosed\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: after}\n');
  // Values JSON cannot carry travel by structured clone: they must arrive intact.
  writeFileSync(join(bad, 'special.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: special\n  annotations: {a: "1"}\ndata:\n  big: .inf\n  nan: .NaN\nbinaryData:\n  blob: !!binary aGVsbG8=\n');
  writeFileSync(join(bad, 'bomb.yaml'), `a: &a ["x","x","x","x","x","x","x","x","x","x"]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join('\n')}\n`);
  writeFileSync(join(bad, 'list.json'), JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'p', namespace: 'x' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }] }));
  writeFileSync(join(bad, 'truncated.json'), '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": ');
  // A link to nowhere cannot be read (mode bits would not stop root).
  symlinkSync(join(dir, 'nowhere.yaml'), join(bad, 'dangling.yaml'));
  process.env.KUBEFORT_PARSE_WORKER = WORKER;
});

afterAll(() => {
  delete process.env.KUBEFORT_PARSE_WORKER;
  rmSync(dir, { recursive: true, force: true });
});

/** Everything a load hands on, positions included (each resource's name and first container image). */
function comparable(load: ManifestLoad): unknown {
  return {
    files: load.files,
    errors: load.errors,
    resources: load.resources.map((r) => ({
      ref: r.ref,
      origin: r.origin,
      object: r.object,
      at: [r.locate([]), r.locate(['metadata', 'name']), r.locate(['spec', 'template', 'spec', 'containers', 0, 'image'])],
    })),
  };
}

describe('parse workers', () => {
  it('produce exactly what the main thread alone produces, bad files included', async () => {
    for (const path of ['estate', 'bad']) {
      const serial = await loadManifests([join(dir, path)], { parseWorkers: 0 });
      const parallel = await loadManifests([join(dir, path)], { parseWorkers: 2 });
      expect(comparable(parallel)).toEqual(comparable(serial));
      expect(serial.resources.length).toBeGreaterThan(0);
    }
    const bad = await loadManifests([join(dir, 'bad')], { parseWorkers: 1 });
    const codes = bad.errors.map((e) => e.code).sort();
    expect(codes).toEqual(expect.arrayContaining(['KF_ERR_ALIAS_BOMB', 'KF_ERR_BINARY_FILE', 'KF_ERR_INVALID_UTF8', 'KF_ERR_JSON_PARSE', 'KF_ERR_READ', 'KF_ERR_YAML_PARSE']));
    expect(bad.files.some((f) => f.endsWith('dangling.yaml'))).toBe(false);
    const special = bad.resources.find((r) => r.ref.name === 'special')?.object as unknown as { data: Record<string, number>; binaryData: Record<string, Uint8Array> };
    expect(special.data.big).toBe(Number.POSITIVE_INFINITY);
    expect(special.data.nan).toBeNaN();
    expect(Buffer.from(special.binaryData.blob as Uint8Array).toString()).toBe('hello');
    expect(bad.resources.some((r) => r.ref.name === 'after')).toBe(true);
  });

  it('really parse in the worker, and share the files with the main thread', async () => {
    const { readdirSync } = await import('node:fs');
    const files = (readdirSync(join(dir, 'estate'), { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[]).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
    const parsed = await parseFilesInParallel(files, 64 * 1024 * 1024, 1);
    expect(parsed).toBeDefined();
    expect(parsed?.files).toHaveLength(files.length);
    expect(parsed?.byWorkers).toBeGreaterThan(0);
    expect(parsed?.files.every((f) => 'source' in f)).toBe(true);
  });

  it('hand the files of a worker that cannot start back to the main thread', async () => {
    process.env.KUBEFORT_PARSE_WORKER = join(dir, 'no-such-worker.js');
    try {
      const serial = await loadManifests([join(dir, 'estate')], { parseWorkers: 0 });
      const parallel = await loadManifests([join(dir, 'estate')], { parseWorkers: 1 });
      expect(comparable(parallel)).toEqual(comparable(serial));
    } finally {
      process.env.KUBEFORT_PARSE_WORKER = WORKER;
    }
  });

  it('start only for inputs large enough to pay for them', () => {
    expect(parseWorkerCount(100_000, 50)).toBe(0);
    expect(parseWorkerCount(PARALLEL_MIN_BYTES * 4, 3)).toBe(0);
    expect(parseWorkerCount(PARALLEL_MIN_BYTES * 4, 300, 0)).toBe(0);
    expect(parseWorkerCount(PARALLEL_MIN_BYTES * 4, 300, 2)).toBe(2);
  });
});
