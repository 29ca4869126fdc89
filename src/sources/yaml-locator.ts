/**
 * Finds where a JSON path sits in a YAML document's text, without re-parsing it.
 *
 * Kubernetes manifests are almost always block-style YAML, where a path can be
 * followed line by line using indentation alone: this costs a few dozen line reads
 * per finding instead of a second parse with positions (which is ~10× slower than
 * the fast parse). Anything else (flow collections spanning lines, JSON, explicit
 * keys) falls back to a positional re-parse of that one document.
 */
import jsYaml from 'js-yaml';
import type { JsonPath } from '../core/path.js';
import { isRecord } from '../core/path.js';
import type { Position } from '../core/resource.js';
import type { SourceText, TextDocument } from './source-text.js';
import { KUBERNETES_SCHEMA } from './yaml-schema.js';

/** 0-based line and 0-based column of a node's first character. */
interface Point {
  readonly line: number;
  readonly col: number;
}

/**
 * One memoised step of a path, keyed by segment under its parent step: findings of
 * many checks share prefixes (`spec.template.spec.containers[0]…`), so each prefix
 * is walked once per document. `step` is null when the walk cannot follow it.
 */
interface StepNode {
  step?: Step | null;
  children?: Map<string | number, StepNode>;
}

export class DocumentLocator {
  private fallback: PositionIndex | undefined | null;
  /** Exclusive 0-based end line, and the document's first content; computed on first use. */
  private bounds: { readonly end: number; readonly first: Point | undefined } | undefined;
  private readonly steps: StepNode = {};

  constructor(
    private readonly source: SourceText,
    private readonly doc: TextDocument,
  ) {}

  locate(path: JsonPath): Position | undefined {
    const block = this.locateBlock(path);
    if (block !== undefined) return { line: block.line + 1, column: block.col + 1 };
    return this.locateByReparse(path);
  }

  // --- block-style walk -------------------------------------------------------
  // Lines are read in place in the file text (offsets from SourceText.lineStarts),
  // never copied: a locate touches many lines and most of them are skipped.

  private locateBlock(path: JsonPath): Point | undefined {
    const { first } = this.range();
    if (first === undefined) return undefined;
    let node: Point = first;
    let at: Point = first;
    let memo = this.steps;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i] as string | number;
      let child = memo.children?.get(segment);
      if (child === undefined) {
        child = { step: (typeof segment === 'number' ? this.sequenceItem(node, segment) : this.mappingEntry(node, segment)) ?? null };
        (memo.children ??= new Map()).set(segment, child);
      }
      const step = child.step;
      if (step === null || step === undefined) return undefined;
      at = step.at;
      if (step.value === undefined) {
        // The value is inline (scalar, flow collection, block scalar) or empty: fine as the last
        // step, since its key's line is the answer. Deeper paths follow a flow collection that
        // closes on its line (`valueFrom: {secretKeyRef: {…}}`); anything else needs the re-parse.
        return i === path.length - 1 ? at : this.locateInLine(at, typeof segment === 'number', path, i + 1);
      }
      node = step.value;
      memo = child;
    }
    return at;
  }

  /**
   * Follows `path[from…]` into the flow collection written after the key (or dash) at `at`,
   * when it opens and closes on that line. Undefined when it does not, or the path is not there.
   */
  private locateInLine(at: Point, item: boolean, path: JsonPath, from: number): Point | undefined {
    const { text } = this.source;
    const starts = this.source.lineStarts();
    const lineFrom = starts[at.line] as number;
    const to = lineEnd(text, starts, at.line);
    const c = lineFrom + at.col;
    let value: number;
    if (item) value = c + 1;
    else {
      const key = readKey(text, c, to);
      if (key === undefined) return undefined;
      value = key.end;
    }
    const offset = followFlow(text, skipSpaces(text, value, to), to, path, from);
    return offset === undefined ? undefined : { line: at.line, col: offset - lineFrom };
  }

  private range(): { readonly end: number; readonly first: Point | undefined } {
    if (this.bounds !== undefined) return this.bounds;
    const end = this.source.position(Math.max(this.doc.start, this.doc.end - 1)).line; // 1-based last line = exclusive 0-based end
    this.bounds = { end, first: this.firstContent(end) };
    return this.bounds;
  }

  private firstContent(end: number): Point | undefined {
    const { text } = this.source;
    const starts = this.source.lineStarts();
    const begin = this.source.position(this.doc.start);
    let col = begin.column - 1;
    for (let line = begin.line - 1; line < end; line++, col = 0) {
      const from = starts[line] as number;
      const to = lineEnd(text, starts, line);
      const c = skipSpaces(text, from + col, to);
      if (c < to) {
        const ch = text.charCodeAt(c);
        if (ch !== HASH && ch !== PERCENT) return { line, col: c - from };
      }
    }
    return undefined;
  }

  /** The next non-blank, non-comment line after `line`, with its indentation. */
  private nextContent(line: number): Point | undefined {
    const { text } = this.source;
    const starts = this.source.lineStarts();
    const { end } = this.range();
    for (let i = line + 1; i < end; i++) {
      const from = starts[i] as number;
      const to = lineEnd(text, starts, i);
      const c = skipSpaces(text, from, to);
      if (c < to && text.charCodeAt(c) !== HASH) return { line: i, col: c - from };
    }
    return undefined;
  }

  private mappingEntry(node: Point, key: string): Step | undefined {
    const { text } = this.source;
    const starts = this.source.lineStarts();
    const { end } = this.range();
    for (let i = node.line; i < end; i++) {
      const from = starts[i] as number;
      const to = lineEnd(text, starts, i);
      let c: number;
      if (i === node.line) c = from + node.col;
      else {
        c = skipSpaces(text, from, to);
        if (c >= to || text.charCodeAt(c) === HASH) continue;
        if (c - from < node.col) return undefined;
        if (c - from > node.col) continue;
        if (isSequenceDash(text, c, to)) continue; // a compact sequence belonging to the previous key
      }
      const keyEnd = matchKey(text, c, to, key);
      if (keyEnd === NOT_A_KEY) return undefined; // not a block mapping (flow, sequence or scalar)
      if (keyEnd === OTHER_KEY) continue;
      const at = { line: i, col: c - from };
      const rest = skipSpaces(text, keyEnd, to);
      if (rest < to && text.charCodeAt(rest) !== HASH) {
        // An inline value: scalar, flow collection, block scalar, or anchor/tag before one.
        return { at, value: undefined };
      }
      const next = this.nextContent(i);
      if (next === undefined) return { at, value: undefined };
      if (next.col > c - from || (next.col === c - from && isSequenceDash(text, (starts[next.line] as number) + next.col, lineEnd(text, starts, next.line)))) return { at, value: next };
      return { at, value: undefined };
    }
    return undefined;
  }

  private sequenceItem(node: Point, wanted: number): Step | undefined {
    const { text } = this.source;
    const starts = this.source.lineStarts();
    const { end } = this.range();
    let count = -1;
    for (let i = node.line; i < end; i++) {
      const from = starts[i] as number;
      const to = lineEnd(text, starts, i);
      let c: number;
      if (i === node.line) c = from + node.col;
      else {
        c = skipSpaces(text, from, to);
        if (c >= to || text.charCodeAt(c) === HASH) continue;
        if (c - from < node.col) return undefined;
        if (c - from > node.col) continue;
      }
      if (!isSequenceDash(text, c, to)) return undefined;
      if (++count !== wanted) continue;
      const at = { line: i, col: c - from };
      const content = skipSpaces(text, c + 1, to);
      if (content < to && text.charCodeAt(content) !== HASH) {
        const ch = text[content];
        if (ch === '&' || ch === '!' || ch === '{' || ch === '[' || ch === '|' || ch === '>') return { at, value: undefined };
        // `- key: value` starts a mapping; `- - x` a nested sequence; a plain scalar is a leaf.
        return { at, value: readKey(text, content, to) !== undefined || isSequenceDash(text, content, to) ? { line: i, col: content - from } : undefined };
      }
      const next = this.nextContent(i);
      return { at, value: next !== undefined && next.col > c - from ? next : undefined };
    }
    return undefined;
  }

  // --- positional re-parse, for what the block walk cannot follow -------------

  private locateByReparse(path: JsonPath): Position | undefined {
    if (this.fallback === undefined) this.fallback = buildPositionIndex(this.source.text.slice(this.doc.start, this.doc.end));
    const index = this.fallback;
    if (index === null) return undefined;
    let node: unknown = index.root;
    let offset = index.rootOffset;
    for (const segment of path) {
      if (typeof segment === 'number') {
        if (!Array.isArray(node)) return undefined;
        const at = index.items.get(node)?.[segment];
        if (at === undefined) return undefined;
        offset = at;
        node = node[segment];
      } else {
        if (!isRecord(node)) return undefined;
        const at = index.keys.get(node)?.get(segment);
        if (at === undefined) return undefined;
        offset = at;
        node = node[segment];
      }
    }
    return this.source.position(this.doc.start + offset);
  }
}

interface Step {
  /** Where the key or the item's dash is. */
  readonly at: Point;
  /** Where a block-style value starts, when it does on a following line or is a nested block. */
  readonly value: Point | undefined;
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const PERCENT = 37;
const COLON = 58;

/** Offset just past the 0-based line's last character, without its line break (`\n` or `\r\n`). */
function lineEnd(text: string, starts: Int32Array, line: number): number {
  const from = starts[line] as number;
  const next = starts[line + 1];
  let to = next === undefined ? text.length : next - 1;
  if (to > from && text.charCodeAt(to - 1) === 13) to--;
  return to;
}

function skipSpaces(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const ch = text.charCodeAt(i);
    if (ch !== SPACE && ch !== TAB) break;
    i++;
  }
  return i;
}

function isSequenceDash(text: string, c: number, to: number): boolean {
  if (c >= to || text.charCodeAt(c) !== 45) return false;
  if (c + 1 >= to) return true;
  const next = text.charCodeAt(c + 1);
  return next === SPACE || next === TAB;
}

const NOT_A_KEY = -1;
const OTHER_KEY = -2;

/**
 * Whether the line at `c` is a block mapping key equal to `key`: the offset just past its
 * colon, OTHER_KEY for a different key, NOT_A_KEY when the line is not a key at all.
 * Same answers as `readKey`, without building the key text for plain keys.
 */
function matchKey(text: string, c: number, to: number, key: string): number {
  const first = c < to ? text.charCodeAt(c) : -1;
  if (first === 34 || first === 39) {
    const parsed = readKey(text, c, to);
    if (parsed === undefined) return NOT_A_KEY;
    return parsed.key === key ? parsed.end : OTHER_KEY;
  }
  const colon = plainKeyColon(text, c, to);
  if (colon < 0) return NOT_A_KEY;
  let keyTo = colon;
  const last = text.charCodeAt(keyTo - 1);
  if (keyTo > c && (last <= SPACE || last === 0xa0 || last > 0x7f)) {
    // Rare: trailing whitespace before the colon; let trimEnd decide exactly what counts.
    return text.slice(c, colon).trimEnd() === key ? colon + 1 : OTHER_KEY;
  }
  if (keyTo - c !== key.length || !text.startsWith(key, c)) return OTHER_KEY;
  keyTo = colon + 1;
  return keyTo;
}

/** Offset of the colon ending a plain block mapping key at `c`, or -1 when the line is not one. */
function plainKeyColon(text: string, c: number, to: number): number {
  if (c >= to) return -1;
  const ch = text.charCodeAt(c);
  if ((ch === 45 && isSequenceDash(text, c, to)) || ch === 63 /* ? */ || ch === 123 /* { */ || ch === 91 /* [ */ || ch === HASH) return -1;
  for (let i = c; i < to; i++) {
    const x = text.charCodeAt(i);
    if (x === COLON) {
      if (i + 1 >= to) return i;
      const next = text.charCodeAt(i + 1);
      if (next === SPACE || next === TAB) return i;
    } else if (x === HASH) {
      const prev = text.charCodeAt(i - 1);
      if (prev === SPACE || prev === TAB) return -1;
    }
  }
  return -1;
}

/** Reads a block mapping key at `c`: plain, 'single' or "double" quoted, followed by `:` and a space or line end. */
function readKey(text: string, c: number, to: number): { key: string; end: number } | undefined {
  const quote = c < to ? text[c] : undefined;
  if (quote === '"' || quote === "'") {
    let i = c + 1;
    let key = '';
    while (i < to) {
      const ch = text[i] as string;
      if (quote === "'" && ch === "'" && i + 1 < to && text[i + 1] === "'") {
        key += "'";
        i += 2;
        continue;
      }
      if (quote === '"' && ch === '\\') {
        key += unescapeDouble(i + 1 < to ? (text[i + 1] as string) : '');
        i += 2;
        continue;
      }
      if (ch === quote) break;
      key += ch;
      i++;
    }
    const colon = skipSpaces(text, Math.min(i + 1, to), to);
    if (i + 1 > to || colon >= to || text.charCodeAt(colon) !== COLON) return undefined;
    return { key, end: colon + 1 };
  }
  const colon = plainKeyColon(text, c, to);
  if (colon < 0) return undefined;
  return { key: text.slice(c, colon).trimEnd(), end: colon + 1 };
}

function unescapeDouble(ch: string): string {
  switch (ch) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    default:
      return ch;
  }
}

// --- flow collections on one line ---------------------------------------------
// A small reader for `{…}` and `[…]` written on a single line: keys plain or quoted,
// values nested collections, quoted or plain scalars. Anything it does not know for sure
// (anchors, tags, aliases, explicit keys, comments, escapes, a collection continuing on
// the next line) makes it answer undefined, and the caller falls back to the re-parse.

const FLOW_END = -1;

/** Offset of `path[from…]` inside the flow collection at `c`, or undefined. */
function followFlow(text: string, c: number, to: number, path: JsonPath, from: number): number | undefined {
  let at = c;
  for (let i = from; i < path.length; i++) {
    const open = text.charCodeAt(at);
    const segment = path[i] as string | number;
    let found: number | undefined;
    if (open === 123 /* { */ && typeof segment === 'string') found = flowMappingKey(text, at, to, segment);
    else if (open === 91 /* [ */ && typeof segment === 'number') found = flowSequenceItem(text, at, to, segment);
    if (found === undefined) return undefined;
    if (i === path.length - 1) return found;
    at = open === 123 ? flowValueStart(text, found, to) ?? -1 : found;
    if (at < 0) return undefined;
  }
  return at;
}

/** Start of the entry (`key: value`) whose key is `key` in the flow mapping opening at `open`. */
function flowMappingKey(text: string, open: number, to: number, key: string): number | undefined {
  let i = skipSpaces(text, open + 1, to);
  while (i < to) {
    if (text.charCodeAt(i) === 125 /* } */) return undefined;
    const k = flowKey(text, i, to);
    if (k === undefined) return undefined;
    if (k.key === key) return i;
    const value = flowValueStart(text, i, to);
    if (value === undefined) return undefined;
    const end = skipFlowNode(text, value, to);
    if (end === undefined) return undefined;
    i = flowNext(text, end, to, 125);
    if (i === FLOW_END) return undefined;
  }
  return undefined;
}

/** Start of item `wanted` of the flow sequence opening at `open`. */
function flowSequenceItem(text: string, open: number, to: number, wanted: number): number | undefined {
  let i = skipSpaces(text, open + 1, to);
  for (let n = 0; i < to; n++) {
    if (text.charCodeAt(i) === 93 /* ] */) return undefined;
    const end = skipFlowNode(text, i, to);
    if (end === undefined) return undefined;
    // `[a: b]` is a one-pair mapping: not followed here.
    if (text.charCodeAt(skipSpaces(text, end, to)) === COLON) return undefined;
    if (n === wanted) return i;
    i = flowNext(text, end, to, 93);
    if (i === FLOW_END) return undefined;
  }
  return undefined;
}

/** After an entry: the start of the next one, FLOW_END at the closing bracket (or anything unexpected). */
function flowNext(text: string, end: number, to: number, close: number): number {
  const i = skipSpaces(text, end, to);
  if (i >= to || text.charCodeAt(i) !== 44 /* , */) return FLOW_END;
  const next = skipSpaces(text, i + 1, to);
  return next < to && text.charCodeAt(next) !== close ? next : FLOW_END;
}

/** A flow mapping key at `c` and the offset past its colon. */
function flowKey(text: string, c: number, to: number): { key: string; end: number } | undefined {
  const first = text.charCodeAt(c);
  if (first === 34 || first === 39) {
    const end = skipQuoted(text, c, to);
    if (end === undefined) return undefined;
    const colon = skipSpaces(text, end, to);
    if (colon >= to || text.charCodeAt(colon) !== COLON) return undefined;
    const raw = text.slice(c + 1, end - 1);
    return { key: first === 39 ? raw.replace(/''/g, "'") : raw, end: colon + 1 };
  }
  if (isFlowIndicatorOrSpecial(first)) return undefined;
  for (let i = c; i < to; i++) {
    const x = text.charCodeAt(i);
    if (x === COLON) {
      const next = i + 1 < to ? text.charCodeAt(i + 1) : SPACE;
      if (next === SPACE || next === TAB) return { key: text.slice(c, i).trimEnd(), end: i + 1 };
    } else if (x === 44 || x === 123 || x === 125 || x === 91 || x === 93 || x === HASH) return undefined;
  }
  return undefined;
}

/** Where the value of the entry whose key starts at `c` starts. */
function flowValueStart(text: string, c: number, to: number): number | undefined {
  const k = flowKey(text, c, to);
  if (k === undefined) return undefined;
  const v = skipSpaces(text, k.end, to);
  return v < to ? v : undefined;
}

/** Offset just past the node (collection, quoted or plain scalar) at `c`. */
function skipFlowNode(text: string, c: number, to: number): number | undefined {
  const first = text.charCodeAt(c);
  if (first === 34 || first === 39) return skipQuoted(text, c, to);
  if (first === 123 || first === 91) {
    let depth = 0;
    for (let i = c; i < to; i++) {
      const x = text.charCodeAt(i);
      if (x === 34 || x === 39) {
        const end = skipQuoted(text, i, to);
        if (end === undefined) return undefined;
        i = end - 1;
      } else if (x === 123 || x === 91) depth++;
      else if (x === 125 || x === 93) {
        if (--depth === 0) return i + 1;
      } else if (x === HASH || x === 38 /* & */ || x === 42 /* * */ || x === 33 /* ! */ || x === 63 /* ? */) return undefined;
    }
    return undefined;
  }
  if (isFlowIndicatorOrSpecial(first)) return undefined;
  let i = c;
  while (i < to) {
    const x = text.charCodeAt(i);
    if (x === 44 || x === 125 || x === 93) break;
    if (x === 123 || x === 91 || x === HASH) return undefined;
    if (x === COLON && (i + 1 >= to || text.charCodeAt(i + 1) === SPACE)) break;
    i++;
  }
  return i;
}

/** Offset just past a quoted scalar at `c`; undefined for escapes or when it does not close on the line. */
function skipQuoted(text: string, c: number, to: number): number | undefined {
  const quote = text.charCodeAt(c);
  for (let i = c + 1; i < to; i++) {
    const x = text.charCodeAt(i);
    if (x === 92 /* \ */ && quote === 34) return undefined;
    if (x === quote) {
      if (quote === 39 && i + 1 < to && text.charCodeAt(i + 1) === 39) {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return undefined;
}

/** Characters that start something the flow reader does not follow: anchors, aliases, tags, explicit keys, comments, block scalars. */
function isFlowIndicatorOrSpecial(ch: number): boolean {
  return ch === 38 || ch === 42 || ch === 33 || ch === 63 || ch === HASH || ch === 124 || ch === 62 || ch === 44 || ch === 125 || ch === 93 || ch === 37 || ch === 64 || ch === 96;
}

interface PositionIndex {
  readonly root: unknown;
  readonly rootOffset: number;
  readonly keys: WeakMap<object, Map<string, number>>;
  readonly items: WeakMap<object, number[]>;
}

/**
 * Re-parses one document with js-yaml's node listener and records, for every
 * mapping, the offset of each key, and for every sequence, the offset of each item.
 */
function buildPositionIndex(text: string): PositionIndex | null {
  const keys = new WeakMap<object, Map<string, number>>();
  const items = new WeakMap<object, number[]>();
  interface Frame {
    readonly start: number;
    readonly kids: { start: number; result: unknown }[];
  }
  const stack: Frame[] = [];
  let rootOffset = 0;
  const listener = (event: 'open' | 'close', state: { position: number; result: unknown }) => {
    if (event === 'open') {
      stack.push({ start: skipInsignificant(text, state.position), kids: [] });
      return;
    }
    const frame = stack.pop();
    if (frame === undefined) return;
    const result = state.result;
    if (Array.isArray(result)) {
      if (!items.has(result)) items.set(result, frame.kids.map((k) => sequenceDash(text, k.start)));
    } else if (isRecord(result) && !keys.has(result)) {
      const map = new Map<string, number>();
      for (let i = 0; i + 1 < frame.kids.length; i += 2) {
        const key = frame.kids[i];
        if (key !== undefined && (typeof key.result === 'string' || typeof key.result === 'number')) map.set(String(key.result), key.start);
      }
      keys.set(result, map);
    }
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.kids.push({ start: frame.start, result });
    else rootOffset = frame.start;
  };
  try {
    const root = jsYaml.load(text, { listener, schema: KUBERNETES_SCHEMA } as jsYaml.LoadOptions);
    return { root, rootOffset, keys, items };
  } catch {
    return null;
  }
}

/**
 * js-yaml reports a block sequence item where its content starts; the block walk (and
 * the user) point at its `-`. Looks back from the content for the dash, on the same line
 * (`- name: x`, `- &anchor`) or on an earlier line holding only the dash and maybe a
 * comment (`-` then the content below); an item of a flow sequence has none and keeps
 * its own start.
 */
function sequenceDash(text: string, start: number): number {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  if (text[i] === '-' && (i === 0 || /\s/.test(text[i - 1] as string))) return i;
  if (text[i] !== '\n' && text[i] !== '\r') return start;
  // The content is first on its line: walk up over blank and comment lines to a line that is just `-`.
  let end = i;
  while (end >= 0) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(lineStart, end).replace(/\r$/, '');
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) {
      end = lineStart - 1;
      continue;
    }
    const dash = /^-(?:[ \t]+#.*)?[ \t]*$/.test(content);
    return dash ? lineStart + (line.length - content.length) : start;
  }
  return start;
}

/** Skips spaces, line breaks and comments: js-yaml reports a node's position before them. */
function skipInsignificant(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i++;
    else if (ch === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl + 1;
    } else break;
  }
  return i;
}
