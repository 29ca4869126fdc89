/**
 * A manifest file's text, split into YAML documents, with lazy line/column lookup.
 * Documents are found with one regex pass over `---` / `...` markers so that one
 * bad document never hides the others, and positions are only computed for the
 * few paths that findings point at.
 */
import type { Position } from '../core/resource.js';

export interface TextDocument {
  /** 0-based index within the file. */
  readonly index: number;
  /** Offset of the document's first character in the file text. */
  readonly start: number;
  /** Offset just past the document's last character. */
  readonly end: number;
  /** The Helm template named by a `# Source:` comment at the top of the document. */
  readonly template?: string;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r]|$)/gm;
const HELM_SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/m;
/** A line that is neither blank nor a comment. */
const HAS_CONTENT = /^[ \t]*[^#\s]/m;

export class SourceText {
  private lineStartsCache: Int32Array | undefined;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  /**
   * Splits on document markers (`---`, `...`). Documents with nothing but comments
   * and blank lines are dropped; `index` counts the remaining ones from 0.
   */
  documents(): TextDocument[] {
    const docs: TextDocument[] = [];
    let start = 0;
    const push = (end: number) => {
      const body = this.text.slice(start, end);
      if (!HAS_CONTENT.test(body)) return;
      const source = body.includes('Source:') ? HELM_SOURCE.exec(body) : null;
      const index = docs.length;
      docs.push(source?.[1] !== undefined ? { index, start, end, template: source[1] } : { index, start, end });
    };
    MARKER.lastIndex = 0;
    for (let m = MARKER.exec(this.text); m !== null; m = MARKER.exec(this.text)) {
      push(m.index);
      start = m.index + 3;
    }
    push(this.text.length);
    return docs;
  }

  /** 1-based line and column of a text offset. */
  position(offset: number): Position {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  /** Offset of the start of a 0-based line. */
  lineStart(line: number): number {
    return this.lineStarts()[line] ?? this.text.length;
  }

  lineCount(): number {
    return this.lineStarts().length;
  }

  /** The 0-based line's text without its line break. */
  line(line: number): string {
    const starts = this.lineStarts();
    const from = starts[line];
    if (from === undefined) return '';
    const next = starts[line + 1];
    let to = next === undefined ? this.text.length : next - 1;
    if (to > from && this.text.charCodeAt(to - 1) === 13) to--;
    return this.text.slice(from, to);
  }

  /** Offset of the start of every line (computed once, on the first position asked for). */
  lineStarts(): Int32Array {
    if (this.lineStartsCache !== undefined) return this.lineStartsCache;
    const { text } = this;
    let starts = new Int32Array(Math.max(16, text.length >> 5));
    let n = 1; // starts[0] = 0
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (n === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = i + 1;
    }
    this.lineStartsCache = starts.slice(0, n);
    return this.lineStartsCache;
  }
}
