/**
 * One manifest file's bytes → its documents' values (or the coded error of each bad one).
 * Pure and self-contained, so that the same code runs in the main thread and in a parse
 * worker (parse-worker.ts): turning values into Resources stays with the caller.
 */
import { readFileSync, statSync } from 'node:fs';
import jsYaml from 'js-yaml';
import { scanError, type ScanError } from '../core/errors.js';
import { isRecord } from '../core/path.js';
import { SourceText, type TextDocument } from './source-text.js';
import { KUBERNETES_SCHEMA } from './yaml-schema.js';

/** A document's value, or why it has none. */
export type ParsedDocument = { readonly doc: TextDocument; readonly value: unknown } | { readonly doc: TextDocument; readonly error: ScanError };

/**
 * A file decoded and parsed: the text (for positions later) and its documents, or the error
 * that refused the whole file (`unread`: it could not even be read, so it is not among the files read).
 */
export type ParsedFile = { readonly source: SourceText; readonly documents: readonly ParsedDocument[] } | { readonly file: string; readonly error: ScanError; readonly unread?: true };

/** More alias expansions than this in one document is an attack (or a mistake), not a manifest. */
const MAX_EXPANDED_NODES = 1_000_000;
const MAX_DEPTH = 256;
const ALIAS = /(?:^|[\s[{,:])\*[^\s,[\]{}]/;

/** Checks size, binary content and UTF-8, then parses every document. */
export function parseFileBytes(file: string, buffer: Buffer, limit: number): ParsedFile {
  if (buffer.length > limit) return { file, error: scanError('KF_ERR_FILE_TOO_LARGE', `${file} is ${buffer.length} bytes, over the limit of ${limit}`, { file }) };
  if (buffer.subarray(0, 8192).includes(0)) return { file, error: scanError('KF_ERR_BINARY_FILE', `${file} is a binary file (it contains NUL bytes), not YAML or JSON`, { file }) };
  // Decoding with replacement is much cheaper than a fatal decode; only a text that then holds
  // U+FFFD (a bad byte, or a U+FFFD written in the file) is decoded again strictly to tell which.
  let text = buffer.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // as TextDecoder drops a leading BOM
  try {
    if (text.includes('\uFFFD')) text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    const at = firstInvalidUtf8(buffer);
    const line = buffer.subarray(0, at).filter((byte) => byte === 10).length + 1;
    return { file, error: scanError('KF_ERR_INVALID_UTF8', `${file} is not valid UTF-8 (first bad byte at offset ${at})`, { file, line }) };
  }
  const source = new SourceText(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  return { source, documents: parseDocuments(source) };
}

/** Every document of a text: a `.json` file is one JSON document, anything else multi-document YAML. */
export function parseDocuments(source: SourceText): ParsedDocument[] {
  const { file } = source;
  if (file.toLowerCase().endsWith('.json')) return [parseJson(source)];
  const out: ParsedDocument[] = [];
  for (const doc of source.documents()) {
    const body = source.text.slice(doc.start, doc.end);
    let value: unknown;
    try {
      value = jsYaml.load(body, { filename: file, schema: KUBERNETES_SCHEMA });
    } catch (error) {
      out.push({ doc, error: yamlError(source, doc, error) });
      continue;
    }
    if (body.includes('*') && ALIAS.test(body)) {
      const problem = expansionProblem(value);
      if (problem !== undefined) {
        const at = source.position(doc.start);
        const message = problem === 'deep' ? `document nests deeper than ${MAX_DEPTH} levels` : `YAML aliases expand to more than ${MAX_EXPANDED_NODES} nodes (a "billion laughs" document)`;
        out.push({ doc, error: scanError(problem === 'deep' ? 'KF_ERR_TOO_DEEP' : 'KF_ERR_ALIAS_BOMB', message, { file, documentIndex: doc.index, line: at.line }) });
        continue;
      }
    }
    out.push({ doc, value });
  }
  return out;
}

function parseJson(source: SourceText): ParsedDocument {
  const doc: TextDocument = { index: 0, start: 0, end: source.text.length };
  try {
    return { doc, value: JSON.parse(source.text) };
  } catch (error) {
    const message = describeError(error);
    const offset = /position (\d+)/.exec(message);
    const at = offset?.[1] !== undefined ? source.position(Number(offset[1])) : undefined;
    return { doc, error: scanError('KF_ERR_JSON_PARSE', `${source.file}: ${message}`, { file: source.file, documentIndex: 0, line: at?.line, column: at?.column }) };
  }
}

function yamlError(source: SourceText, doc: TextDocument, error: unknown): ScanError {
  const base = source.position(doc.start);
  if (error instanceof RangeError) {
    return scanError('KF_ERR_TOO_DEEP', 'document is nested too deeply to parse', { file: source.file, documentIndex: doc.index, line: base.line });
  }
  const mark = isRecord(error) && isRecord(error.mark) ? error.mark : undefined;
  const reason = isRecord(error) && typeof error.reason === 'string' ? error.reason : describeError(error);
  if (mark !== undefined && typeof mark.position === 'number') {
    const at = source.position(doc.start + mark.position);
    return scanError('KF_ERR_YAML_PARSE', reason, { file: source.file, documentIndex: doc.index, line: at.line, column: at.column });
  }
  return scanError('KF_ERR_YAML_PARSE', reason, { file: source.file, documentIndex: doc.index, line: base.line });
}

/** Walks the parsed value counting nodes as they would be expanded; aliases share objects, so a bomb is cheap to hold but not to visit. */
function expansionProblem(root: unknown): 'bomb' | 'deep' | undefined {
  let visited = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (++visited > MAX_EXPANDED_NODES) return 'bomb';
    if (depth > MAX_DEPTH) return 'deep';
    if (Array.isArray(node)) for (const child of node) stack.push([child, depth + 1]);
    else if (isRecord(node)) for (const key in node) stack.push([node[key], depth + 1]);
  }
  return undefined;
}

/** Offset of the first byte that does not start or continue a UTF-8 sequence (for the error message). */
function firstInvalidUtf8(buffer: Buffer): number {
  for (let i = 0; i < buffer.length; ) {
    const lead = buffer[i] as number;
    const extra = lead < 0x80 ? 0 : lead >= 0xc2 && lead < 0xe0 ? 1 : lead >= 0xe0 && lead < 0xf0 ? 2 : lead >= 0xf0 && lead < 0xf5 ? 3 : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k++) if (((buffer[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += extra + 1;
  }
  return 0;
}

export function describeError(error: unknown): string {
  if (isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string') return `${error.code}: ${error.message.replace(/^\w+: /, '')}`;
  return error instanceof Error ? error.message : String(error);
}

/** Reads a file whole, refusing one over the size limit before reading it. */
export function readFileChecked(file: string, limit: number): Buffer | ScanError {
  try {
    const size = statSync(file).size;
    if (size > limit) return scanError('KF_ERR_FILE_TOO_LARGE', `${file} is ${size} bytes, over the limit of ${limit}`, { file });
    return readFileSync(file);
  } catch (error) {
    return scanError('KF_ERR_READ', `cannot read ${file}: ${describeError(error)}`, { file });
  }
}
