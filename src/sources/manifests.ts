/**
 * Reads Kubernetes manifests from files, directories (recursively) and stdin:
 * multi-document YAML, JSON, `List` kinds and rendered Helm output. Every problem
 * becomes a coded ScanError naming the file and document, and reading goes on.
 */
import { statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { scanError, type ScanError } from '../core/errors.js';
import { isRecord, type JsonPath } from '../core/path.js';
import { refOf, type KubeObject, type Position, type Resource } from '../core/resource.js';
import { parseFilesInParallel, parseWorkerCount } from './parallel.js';
import { describeError, parseDocuments, parseFileBytes, type ParsedFile } from './parse.js';
import { SourceText, type TextDocument } from './source-text.js';
import { DocumentLocator } from './yaml-locator.js';

export interface ManifestOptions {
  /** Files larger than this are refused (default 64 MiB). */
  readonly maxFileBytes?: number;
  /** Reads standard input for the path `-`. */
  readonly stdin?: () => Promise<Buffer>;
  /** Parse workers beside the main thread (0: none). Default: one less than the cores, up to 3, for inputs over 2 MiB. */
  readonly parseWorkers?: number;
}

export interface ManifestLoad {
  readonly resources: Resource[];
  readonly errors: ScanError[];
  /** Files read, in order. */
  readonly files: string[];
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);
const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Loads every manifest under the given paths (`-` is stdin). */
export async function loadManifests(paths: readonly string[], options: ManifestOptions = {}): Promise<ManifestLoad> {
  const result: ManifestLoad = { resources: [], errors: [], files: [] };
  for (const path of paths) {
    if (path === '-') {
      const read = options.stdin ?? readStdin;
      parseBuffer('<stdin>', await read(), result, options);
      continue;
    }
    let files: string[];
    try {
      files = await expand(path);
    } catch (error) {
      result.errors.push(scanError('KF_ERR_READ', `cannot read ${path}: ${describeError(error)}`, { file: path }));
      continue;
    }
    if (files.length === 0) result.errors.push(scanError('KF_ERR_NO_INPUT', `no .yaml, .yml or .json files under ${path}`, { file: path }));
    const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    const workers = parseWorkerCount(totalSize(files), files.length, options.parseWorkers);
    const parallel = workers > 0 ? await parseFilesInParallel(files, limit, workers) : undefined;
    if (parallel !== undefined) {
      parallel.files.forEach((parsed, i) => addParsed(files[i] as string, parsed, result));
      continue;
    }
    // Files are read a few at a time, the next batch while this one is parsed, and parsed
    // in order, so resources and errors keep the file order.
    const readBatch = (from: number) => Promise.all(files.slice(from, from + READ_AHEAD).map((file) => readOne(file, limit)));
    let pending = files.length > 0 ? readBatch(0) : undefined;
    for (let i = 0; pending !== undefined; i += READ_AHEAD) {
      const reads = await pending;
      pending = i + READ_AHEAD < files.length ? readBatch(i + READ_AHEAD) : undefined;
      const batch = files.slice(i, i + READ_AHEAD);
      for (let k = 0; k < batch.length; k++) {
        const file = batch[k] as string;
        const read = reads[k] as Buffer | ScanError;
        if (read instanceof Uint8Array) parseBuffer(file, read, result, options);
        else result.errors.push(read);
      }
    }
  }
  return result;
}

/** How many files are read at once. */
const READ_AHEAD = 8;

async function readOne(file: string, limit: number): Promise<Buffer | ScanError> {
  try {
    const info = await stat(file);
    if (info.size > limit) return scanError('KF_ERR_FILE_TOO_LARGE', `${file} is ${info.size} bytes, over the limit of ${limit}`, { file });
    return await readFile(file);
  } catch (error) {
    return scanError('KF_ERR_READ', `cannot read ${file}: ${describeError(error)}`, { file });
  }
}

/** Parses manifest text already in memory (a file's content, a test fixture). */
export function parseManifests(file: string, text: string): ManifestLoad {
  const result: ManifestLoad = { resources: [], errors: [], files: [] };
  parseText(new SourceText(file, text), result);
  return result;
}

async function expand(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) await walk(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        out.push(full);
      }
    }
  };
  await walk(path);
  return out;
}

function parseBuffer(file: string, buffer: Buffer, result: ManifestLoad, options: ManifestOptions): void {
  addParsed(file, parseFileBytes(file, buffer, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES), result);
}

/** Sizes of the files in all, to decide whether parse workers pay (unreadable files count 0: reading reports them). */
function totalSize(files: readonly string[]): number {
  let bytes = 0;
  for (const file of files) {
    try {
      bytes += statSync(file).size;
    } catch {
      // reported when the file is read
    }
  }
  return bytes;
}

function addParsed(file: string, parsed: ParsedFile, result: ManifestLoad): void {
  if (!('unread' in parsed)) result.files.push(file);
  if ('error' in parsed) {
    result.errors.push(parsed.error);
    return;
  }
  for (const d of parsed.documents) {
    if ('error' in d) result.errors.push(d.error);
    else addDocument(parsed.source, d.doc, d.value, result);
  }
}

function parseText(source: SourceText, result: ManifestLoad): void {
  addParsed(source.file, { source, documents: parseDocuments(source) }, result);
}

function addDocument(source: SourceText, doc: TextDocument, value: unknown, result: ManifestLoad): void {
  if (value === null || value === undefined) return;
  const locator = new DocumentLocator(source, doc);
  const where = (path: JsonPath) => {
    const at = locator.locate(path);
    return { file: source.file, documentIndex: doc.index, line: at?.line, column: at?.column };
  };
  if (!isRecord(value)) {
    result.errors.push(scanError('KF_ERR_NOT_AN_OBJECT', `document is a ${Array.isArray(value) ? 'sequence' : typeof value}, not a Kubernetes object`, where([])));
    return;
  }
  const isList = typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
  if (isList) {
    // A raw API list (`PodList` from GET /api/v1/pods) leaves kind and apiVersion off its items: infer them.
    const itemKind = value.kind === 'List' ? undefined : (value.kind as string).slice(0, -'List'.length);
    (value.items as unknown[]).forEach((item, i) => {
      const typed = itemKind !== undefined && isRecord(item) && item.kind === undefined && item.apiVersion === undefined ? { apiVersion: value.apiVersion, kind: itemKind, ...item } : item;
      addObject(source, doc, locator, typed, ['items', i], result);
    });
    return;
  }
  addObject(source, doc, locator, value, [], result);
}

function addObject(source: SourceText, doc: TextDocument, locator: DocumentLocator, value: unknown, base: JsonPath, result: ManifestLoad): void {
  const at = (path: JsonPath): Position | undefined => locator.locate([...base, ...path]);
  const where = (path: JsonPath = []) => {
    const pos = at(path);
    return { file: source.file, documentIndex: doc.index, line: pos?.line, column: pos?.column };
  };
  if (!isRecord(value)) {
    result.errors.push(scanError('KF_ERR_NOT_AN_OBJECT', `list item is not an object`, where()));
    return;
  }
  const { apiVersion, kind } = value;
  if (apiVersion === undefined && kind === undefined) {
    result.errors.push(scanError('KF_WARN_NOT_KUBERNETES', 'skipped: no apiVersion or kind (not a Kubernetes object)', where()));
    return;
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    result.errors.push(scanError('KF_ERR_MISSING_FIELD', 'object has no apiVersion', where()));
    return;
  }
  if (typeof kind !== 'string' || kind === '') {
    result.errors.push(scanError('KF_ERR_MISSING_FIELD', 'object has no kind', where()));
    return;
  }
  if (apiVersion.startsWith('kustomize.config.k8s.io/') || apiVersion.startsWith('config.kubernetes.io/')) {
    result.errors.push(scanError('KF_WARN_NOT_KUBERNETES', `skipped: ${kind} is a build-tool file, not a cluster object`, where()));
    return;
  }
  // kubefort's own files (an exceptions file kept next to the manifests it is about) are
  // read with --exceptions, not scanned: skipped without a notice, so that scanning a
  // repository that keeps one is not an input problem.
  if (apiVersion.startsWith('kubefort.io/')) return;
  const metadata = value.metadata;
  if (!isRecord(metadata)) {
    result.errors.push(scanError('KF_ERR_MISSING_FIELD', `${kind} has no metadata`, where()));
    return;
  }
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : typeof metadata.generateName === 'string' ? `${metadata.generateName}*` : undefined;
  if (name === undefined) {
    result.errors.push(scanError('KF_ERR_MISSING_FIELD', `${kind} has no metadata.name`, where(['metadata'])));
    return;
  }
  for (const field of ['namespace', 'labels', 'annotations'] as const) {
    const v = metadata[field];
    const ok = v === undefined || v === null || (field === 'namespace' ? typeof v === 'string' : isRecord(v) && Object.values(v).every((x) => typeof x === 'string'));
    if (!ok) {
      result.errors.push(scanError('KF_ERR_INVALID_FIELD', `metadata.${field} has the wrong type (${field === 'namespace' ? 'a string' : 'a map of strings'} expected)`, { ...where(['metadata', field]), object: `${kind}/${name}` }));
      return;
    }
  }
  const object = (metadata.name === name ? value : { ...value, metadata: { ...metadata, name } }) as unknown as KubeObject;
  result.resources.push({
    ref: refOf(object),
    object,
    origin: doc.template === undefined ? { file: source.file, documentIndex: doc.index } : { file: source.file, documentIndex: doc.index, template: doc.template },
    locate: at,
  });
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
