/**
 * Minimal text edits on YAML source: set a value at a path of one document, creating the
 * missing maps on the way, and leave every other byte alone. The `yaml` package's
 * Document API finds nodes and their source ranges; the edit itself is a splice of the
 * original text, so comments, key order, quoting and indentation of untouched lines stay
 * exactly as written.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type ParsedNode } from 'yaml';
import type { JsonPath } from '../core/path.js';

export type FixValue = boolean | number | string | readonly string[] | { readonly [key: string]: FixValue };

/** A change to one document: set `path` to `value`. */
export interface SetEdit {
  readonly documentIndex: number;
  readonly path: JsonPath;
  readonly value: FixValue;
}

export type EditResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

const PLAIN = /^[A-Za-z_/][\w./-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

function scalarText(v: boolean | number | string): string {
  if (typeof v !== 'string') return String(v);
  return PLAIN.test(v) && !RESERVED.test(v) ? v : JSON.stringify(v);
}

function flowText(v: FixValue): string {
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return scalarText(v);
  if (Array.isArray(v)) return `[${(v as readonly string[]).map(scalarText).join(', ')}]`;
  return `{${Object.entries(v as Record<string, FixValue>).map(([k, x]) => `${scalarText(k)}: ${flowText(x)}`).join(', ')}}`;
}

/** Block lines for `key: value` at `indent`. */
function blockLines(key: string, v: FixValue, indent: string): string[] {
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return [`${indent}${scalarText(key)}: ${scalarText(v)}`];
  if (Array.isArray(v)) return [`${indent}${scalarText(key)}:`, ...(v as readonly string[]).map((x) => `${indent}  - ${scalarText(x)}`)];
  return [`${indent}${scalarText(key)}:`, ...Object.entries(v as Record<string, FixValue>).flatMap(([k, x]) => blockLines(k, x, `${indent}  `))];
}

/** `{a: {b: v}}` for the keys of `rest` after the first. */
function nest(rest: readonly string[], value: FixValue): FixValue {
  return rest.reduceRight<FixValue>((acc, k) => ({ [k]: acc }), value);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** The node at `path` of a document, or the deepest existing map on the way and the keys still missing. */
function locate(doc: Document.Parsed, path: JsonPath): { node: ParsedNode | null; missing: string[]; parent: ParsedNode | null } {
  let node: ParsedNode | null = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string | number;
    if (node !== null && isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as ParsedNode | undefined;
      if (item === undefined) return { node: null, missing: [], parent: node };
      node = item;
      continue;
    }
    if (node !== null && isMap(node) && typeof segment === 'string') {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
      if (pair === undefined || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
        if (pair !== undefined) return { node: null, missing: [], parent: null }; // `key:` with no value: left to a person
        return { node: null, missing: path.slice(i).map(String), parent: node };
      }
      node = pair.value as ParsedNode;
      continue;
    }
    return { node: null, missing: [], parent: null };
  }
  return { node, missing: [], parent: null };
}

/** Applies one edit to the text; the result is re-parsed to be sure it is still YAML. */
export function applyEdit(text: string, edit: SetEdit): EditResult {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return { ok: false, reason: 'empty file' };
  const doc = docs[edit.documentIndex];
  if (doc === undefined) return { ok: false, reason: `no document ${edit.documentIndex}` };
  if (doc.errors.length > 0) return { ok: false, reason: `document ${edit.documentIndex} does not parse` };
  const found = locate(doc, edit.path);
  let next: string;
  if (found.node !== null) {
    next = replaceNode(text, found.node, edit.value);
  } else if (found.parent !== null && isMap(found.parent) && found.missing.length > 0) {
    next = insertInto(text, found.parent, found.missing, edit.value);
  } else {
    return { ok: false, reason: `cannot reach ${edit.path.join('.')}` };
  }
  const check = parseAllDocuments(next);
  if (!Array.isArray(check) || check.some((d) => d.errors.length > 0)) return { ok: false, reason: 'the edit would not parse' };
  const after = check[edit.documentIndex]?.getIn(edit.path);
  const want = JSON.stringify(edit.value);
  const got = JSON.stringify(after !== null && typeof after === 'object' && 'toJSON' in after ? (after as { toJSON(): unknown }).toJSON() : after);
  if (got !== want) return { ok: false, reason: `after the edit ${edit.path.join('.')} reads ${got}, not ${want}` };
  return { ok: true, text: next };
}

function replaceNode(text: string, node: Node, value: FixValue): string {
  const range = node.range as [number, number, number];
  const [start, valueEnd] = range;
  if (isSeq(node) && !node.flow && Array.isArray(value)) {
    // A block sequence starts at its first `-`: keep that column for every new item.
    const column = start - lineStart(text, start);
    const items = (value as readonly string[]).map((x, i) => `${i === 0 ? '' : ' '.repeat(column)}- ${scalarText(x)}`).join('\n');
    const end = text[valueEnd - 1] === '\n' ? valueEnd - 1 : valueEnd;
    return splice(text, start, end, items);
  }
  if (isMap(node) || isSeq(node)) {
    if (!node.flow) throw new Error('replacing a block collection is not supported');
    return splice(text, start, valueEnd, flowText(value));
  }
  return splice(text, start, valueEnd, flowText(value));
}

function insertInto(text: string, map: Node, missing: readonly string[], value: FixValue): string {
  const [key, ...rest] = missing as [string, ...string[]];
  const inner = nest(rest, value);
  const range = map.range as [number, number, number];
  if (isMap(map) && map.flow) {
    const close = text.lastIndexOf('}', range[1] - 1);
    const empty = map.items.length === 0;
    const before = text.slice(0, close).trimEnd();
    return `${before}${empty ? '' : ', '}${scalarText(key)}: ${flowText(inner)}${text.slice(close)}`.replace(/\{,/, '{');
  }
  if (!isMap(map) || map.items.length === 0) throw new Error('cannot insert into an empty block map');
  const firstKey = map.items[0]?.key as Node;
  const keyStart = (firstKey.range as [number, number, number])[0];
  const indent = ' '.repeat(keyStart - lineStart(text, keyStart));
  const lines = blockLines(key, inner, indent).join('\n');
  // After the map's last item (its range ends after the item's line break); trailing comments stay below.
  let at = range[1];
  if (at > 0 && text[at - 1] !== '\n') {
    const eol = text.indexOf('\n', at);
    at = eol < 0 ? text.length : eol + 1;
    if (eol < 0) return `${text}\n${lines}\n`;
  }
  return splice(text, at, at, `${lines}\n`);
}

/** Applies edits in order; the first that fails stops and names itself. */
export function applyEdits(text: string, edits: readonly SetEdit[]): EditResult {
  let current = text;
  for (const edit of edits) {
    let result: EditResult;
    try {
      result = applyEdit(current, edit);
    } catch (error) {
      result = { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    if (!result.ok) return result;
    current = result.text;
  }
  return { ok: true, text: current };
}

/** `spec.template.spec.containers[0].securityContext` → ['spec', 'template', 'spec', 'containers', 0, 'securityContext']. */
export function parsePath(formatted: string): JsonPath {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of formatted.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(m[3]) as string);
  }
  return out;
}
