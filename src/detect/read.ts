/**
 * Audit log readers: JSON lines (the log backend), EventList documents and JSON arrays (one per
 * line or a whole pretty-printed file), gzip (rotated with --audit-log-compress), lumberjack
 * rotation siblings, stdin, and a follower that tails a live log across rotation. Bad lines are
 * reported with file:line and skipped; nothing here throws on bad content. A file that cannot be
 * read (a read error, a broken gzip stream, binary data) is a `fatal` problem: the caller decides.
 * Problem messages never carry raw bytes of the input: excerpts are escaped and short.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { toAuditEvent, toEventFast, type AuditEvent } from './event.js';
import { unwrapManaged } from './managed.js';

export interface ReadProblem {
  readonly file: string;
  /** 1-based; 0 when the problem is the file's, not a line's. */
  readonly line: number;
  readonly message: string;
  /** The file, or the rest of it, could not be read (not one bad line): events are missing. */
  readonly fatal?: true;
}

/** Longest problem message, after escaping. */
const MAX_MESSAGE = 200;

/**
 * Text from the input made safe for a terminal and a log line: control characters (C0, DEL, C1),
 * line and paragraph separators, bidirectional overrides and the BOM are written as `\uXXXX`, and
 * the whole is cut to a short excerpt.
 */
export function printable(text: string, max = MAX_MESSAGE): string {
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max - 1)}…`;
}

/** Bytes looked at for a NUL, the mark of a file that is not text. */
const BINARY_PROBE = 8192;

export interface EventSink {
  event(event: AuditEvent, file: string, line: number): void;
  problem(problem: ReadProblem): void;
}

/** A whole-file JSON document (pretty-printed EventList) is buffered up to this size. */
const MAX_DOCUMENT = 512 * 1024 * 1024;

/**
 * Turns decoded JSON values into events: an Event, an EventList, an array of either, or what a
 * managed cluster's log exporter wraps them in (GKE Cloud Logging entries, EKS CloudWatch and AKS
 * diagnostic records: managed.ts). Exporter wrappers are only looked for when a value is not an
 * Event, so plain logs pay nothing for them.
 */
export function acceptValue(value: unknown, file: string, line: number, sink: EventSink, where = '', depth = 0): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) acceptValue(value[i], file, line, sink, where === '' ? '' : `${where}[${i}]`, depth + 1);
    return;
  }
  if (typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'EventList') {
    const items = (value as { items?: unknown }).items;
    if (!Array.isArray(items)) {
      sink.problem({ file, line, message: `${where === '' ? '' : `${where}: `}EventList without an items list` });
      return;
    }
    for (let i = 0; i < items.length; i++) {
      const item: unknown = items[i];
      const e = toEventFast(item);
      if (e !== undefined) {
        sink.event(e, file, line);
        continue;
      }
      const r = toAuditEvent(item);
      if (r.ok) sink.event(r.event, file, line);
      else sink.problem({ file, line, message: `${where === '' ? '' : `${where}.`}items[${i}]: ${r.message}` });
    }
    return;
  }
  const e = toEventFast(value);
  if (e !== undefined) {
    sink.event(e, file, line);
    return;
  }
  const wrapped = depth < 4 ? unwrapManaged(value) : undefined;
  if (wrapped !== undefined) {
    if ('problem' in wrapped) sink.problem({ file, line, message: `${where === '' ? '' : `${where}: `}${wrapped.problem}` });
    else for (const inner of wrapped.values) acceptValue(inner.value, file, line, sink, where === '' ? inner.where : `${where}.${inner.where}`, depth + 1);
    return;
  }
  const r = toAuditEvent(value);
  if (r.ok) sink.event(r.event, file, line);
  else sink.problem({ file, line, message: `${where === '' ? '' : `${where}: `}${r.message}` });
}

/**
 * Splits a byte stream into lines and parses each. Stateful across chunks; `end()` handles a last
 * line without newline (a truncated write shows up as a parse problem there).
 */
export class LineParser {
  private rest: Buffer | undefined;
  private lineNo = 0;
  /** Set when the first line is the start of a multi-line JSON document. */
  private document: Buffer[] | undefined;
  private documentSize = 0;
  /** Set after the first chunk: false, or true when it was binary (the rest is ignored). */
  private probed: boolean | undefined;

  constructor(
    private readonly file: string,
    private readonly sink: EventSink,
  ) {}

  push(chunk: Buffer): void {
    if (this.probed === undefined && chunk.length > 0) {
      const nul = chunk.subarray(0, BINARY_PROBE).indexOf(0);
      this.probed = nul !== -1;
      if (this.probed) this.sink.problem({ file: this.file, line: 0, message: `binary data (a NUL byte at offset ${nul}), not an audit log`, fatal: true });
    }
    if (this.probed === true) return;
    if (this.document !== undefined) {
      this.addDocument(chunk);
      return;
    }
    let buf = this.rest === undefined ? chunk : Buffer.concat([this.rest, chunk]);
    this.rest = undefined;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break;
      this.line(buf, start, nl);
      start = nl + 1;
      if (this.document !== undefined) {
        this.addDocument(buf.subarray(start));
        return;
      }
    }
    if (start < buf.length) this.rest = buf.subarray(start);
    buf = Buffer.alloc(0);
  }

  end(): void {
    if (this.probed === true) return;
    if (this.document !== undefined) {
      const text = Buffer.concat(this.document).toString('utf8');
      this.document = undefined;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        this.sink.problem({ file: this.file, line: 1, message: `neither JSON lines nor one JSON document: ${printable(error instanceof Error ? error.message : String(error))}` });
        return;
      }
      acceptValue(value, this.file, 1, this.sink);
      return;
    }
    if (this.rest !== undefined && this.rest.length > 0) {
      const r = this.rest;
      this.rest = undefined;
      this.line(r, 0, r.length, true);
    }
  }

  private addDocument(chunk: Buffer): void {
    if (this.document === undefined) return;
    this.documentSize += chunk.length;
    if (this.documentSize > MAX_DOCUMENT) {
      this.sink.problem({ file: this.file, line: 1, message: `JSON document larger than ${MAX_DOCUMENT} bytes: not read` });
      this.document = [];
      return;
    }
    this.document.push(Buffer.from(chunk));
  }

  private line(buf: Buffer, start: number, end: number, last = false): void {
    this.lineNo++;
    let e = end;
    if (e > start && buf[e - 1] === 13) e--;
    // Skip blank lines without decoding.
    let s = start;
    while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
    if (s === e) return;
    const text = buf.toString('utf8', s, e);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const c = buf[s];
      if (this.lineNo === 1 && !last && (c === 123 || c === 91)) {
        // `{` or `[` that does not close on its line: a pretty-printed document.
        this.document = [Buffer.from(buf.subarray(start, end)), Buffer.from('\n')];
        this.documentSize = end - start;
        return;
      }
      this.sink.problem({ file: this.file, line: this.lineNo, message: `${last ? 'truncated or ' : ''}invalid JSON: ${printable(error instanceof Error ? error.message : String(error))}` });
      return;
    }
    acceptValue(value, this.file, this.lineNo, this.sink);
  }
}

async function* ungzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done === true) return;
  const head: Buffer = first.value;
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const n = await it.next();
      if (n.done === true) return;
      yield n.value;
    }
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    for await (const chunk of Readable.from(all()).pipe(createGunzip())) yield chunk as Buffer;
  } else yield* all();
}

/** Reads one stream (a file, stdin) to its end. gzip is detected by its magic bytes. */
export async function readStream(stream: AsyncIterable<Buffer>, file: string, sink: EventSink): Promise<void> {
  const parser = new LineParser(file, sink);
  try {
    for await (const chunk of ungzip(stream)) parser.push(chunk);
  } catch (error) {
    sink.problem({ file, line: 0, message: `read failed: ${printable(error instanceof Error ? error.message : String(error))}`, fatal: true });
  }
  parser.end();
}

export async function readFileEvents(path: string, sink: EventSink): Promise<void> {
  if (path === '-') return readStream(process.stdin, '<stdin>', sink);
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  return readStream(stream, path, sink);
}

/**
 * The rotated siblings of a log written by the API server (lumberjack: `audit-2024-05-01T10-00-00.000.log`
 * and `.log.gz`), oldest first, then the live file itself.
 */
export async function withRotated(path: string): Promise<string[]> {
  const dir = dirname(path);
  const ext = extname(path);
  const stem = basename(path, ext);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [path];
  }
  const rotated = names
    .filter((n) => n.startsWith(`${stem}-`) && (n.endsWith(ext) || n.endsWith(`${ext}.gz`)) && n !== basename(path))
    .sort()
    .map((n) => join(dir, n));
  return [...rotated, path];
}

/**
 * Follows a live log like `tail -F`: reads what is there, then polls; when the file is rotated
 * (new inode or shorter), the old file is drained and the new one read from its start.
 */
export async function followFile(path: string, sink: EventSink, signal: AbortSignal, pollMs = 250, fromStart = true): Promise<void> {
  let parser = new LineParser(path, sink);
  let handle = await open(path, 'r').catch(() => undefined);
  let ino = handle === undefined ? -1 : (await handle.stat()).ino;
  let offset = fromStart || handle === undefined ? 0 : (await handle.stat()).size;
  const buf = Buffer.allocUnsafe(1024 * 1024);
  const drain = async (): Promise<void> => {
    if (handle === undefined) return;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
      if (bytesRead === 0) return;
      offset += bytesRead;
      parser.push(Buffer.from(buf.subarray(0, bytesRead)));
    }
  };
  while (!signal.aborted) {
    await drain();
    const now = await stat(path).catch(() => undefined);
    if (now !== undefined && (now.ino !== ino || now.size < offset)) {
      await drain();
      parser.end();
      await handle?.close();
      handle = await open(path, 'r').catch(() => undefined);
      ino = now.ino;
      offset = 0;
      parser = new LineParser(path, sink);
      continue;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, pollMs);
      signal.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    });
  }
  await drain();
  parser.end();
  await handle?.close();
}
