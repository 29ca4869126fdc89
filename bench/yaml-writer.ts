/**
 * A small YAML writer for the benchmark corpus: block style like `helm template`
 * and `kubectl` output, with the variety real repositories have: comments above
 * keys and after values, quoted and plain strings, compact or indented sequences,
 * block scalars for embedded config files, and some flow-style collections.
 * Every choice is drawn from the caller's seeded random source, so a corpus is
 * the same bytes on every machine.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface WriterStyle {
  /** `key:\n  - item` (Helm) rather than `key:\n- item` (kubectl). */
  readonly indentSequences: boolean;
  /** Probability that a small collection is written in flow style (`{a: 1}`, `[x, y]`). */
  readonly flowProbability: number;
  /** Probability of a comment line above a mapping key. */
  readonly commentProbability: number;
  /** Probability of a comment after a scalar value. */
  readonly trailingCommentProbability: number;
  /** Probability that a string that could be plain is quoted anyway. */
  readonly quoteProbability: number;
}

const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~|\.inf|\.nan|-\.inf)$/i;
const NUMBER_LIKE = /^[-+]?(?:\d|\.\d)|^0[xob]/i;
const PLAIN_BLOCK = /^[A-Za-z0-9_./][A-Za-z0-9_./:@=+-]*$/;
const PLAIN_FLOW = /^[A-Za-z0-9_./][A-Za-z0-9_./@=+-]*$/;

const COMMENTS = [
  'managed by the platform team',
  'see the runbook before changing this',
  'TODO: tighten once the migration is done',
  'keep in sync with the values file',
  'required by the service mesh',
  'set by CI',
  'do not edit: generated',
  'bumped for the Q3 load test',
];

export class YamlWriter {
  constructor(
    private readonly style: WriterStyle,
    private readonly random: () => number,
  ) {}

  /** One document body (no `---`), ending with a line break. */
  document(value: { [key: string]: Json }): string {
    const out: string[] = [];
    this.mapping(value, 0, out, false);
    return `${out.join('\n')}\n`;
  }

  private chance(p: number): boolean {
    return p > 0 && this.random() < p;
  }

  private comment(): string {
    return COMMENTS[Math.floor(this.random() * COMMENTS.length)] as string;
  }

  private mapping(value: { [key: string]: Json }, indent: number, out: string[], firstOnDash: boolean): void {
    const pad = ' '.repeat(indent);
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (!(first && firstOnDash) && this.chance(this.style.commentProbability)) out.push(`${pad}# ${this.comment()}`);
      first = false;
      const key = this.key(k);
      this.entry(`${pad}${key}:`, v, indent, out);
    }
  }

  /** Writes `head` (a key and its colon, or a dash) followed by the value. */
  private entry(head: string, v: Json, indent: number, out: string[]): void {
    if (typeof v === 'string' && v.includes('\n')) {
      const chomp = v.endsWith('\n') ? '' : '-';
      out.push(`${head} |${chomp}`);
      const pad = ' '.repeat(indent + 2);
      const lines = (v.endsWith('\n') ? v.slice(0, -1) : v).split('\n');
      for (const line of lines) out.push(line === '' ? '' : `${pad}${line}`);
      return;
    }
    if (v === null || typeof v !== 'object') {
      const tail = this.chance(this.style.trailingCommentProbability) ? `  # ${this.comment()}` : '';
      out.push(`${head} ${this.scalar(v, false)}${tail}`);
      return;
    }
    if (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0) {
      out.push(`${head} ${Array.isArray(v) ? '[]' : '{}'}`);
      return;
    }
    if (this.style.flowProbability > 0 && this.chance(this.style.flowProbability)) {
      const flow = this.flow(v);
      if (flow.length <= 100) {
        out.push(`${head} ${flow}`);
        return;
      }
    }
    out.push(head);
    if (Array.isArray(v)) this.sequence(v, this.style.indentSequences || head.trimStart().startsWith('-') ? indent + 2 : indent, out);
    else this.mapping(v, indent + 2, out, false);
  }

  private sequence(items: Json[], indent: number, out: string[]): void {
    const pad = ' '.repeat(indent);
    for (const item of items) {
      if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0) {
        const lines: string[] = [];
        this.mapping(item, indent + 2, lines, true);
        const [firstLine, ...rest] = lines;
        out.push(`${pad}- ${(firstLine as string).slice(indent + 2)}`, ...rest);
      } else if (Array.isArray(item) && item.length > 0) {
        out.push(`${pad}- ${this.flow(item)}`);
      } else {
        this.entry(`${pad}-`, item, indent, out);
      }
    }
  }

  private flow(v: Json): string {
    if (v === null || typeof v !== 'object') return this.scalar(v, true);
    if (Array.isArray(v)) return `[${v.map((x) => this.flow(x)).join(', ')}]`;
    return `{${Object.entries(v)
      .map(([k, x]) => `${this.flowKey(k)}: ${this.flow(x)}`)
      .join(', ')}}`;
  }

  private key(k: string): string {
    return PLAIN_BLOCK.test(k) && !RESERVED.test(k) && !NUMBER_LIKE.test(k) && !k.endsWith(':') ? k : JSON.stringify(k);
  }

  private flowKey(k: string): string {
    return PLAIN_FLOW.test(k) && !RESERVED.test(k) && !NUMBER_LIKE.test(k) ? k : JSON.stringify(k);
  }

  private scalar(v: string | number | boolean | null, flow: boolean): string {
    if (v === null) return 'null';
    if (typeof v !== 'string') return String(v);
    const plain = (flow ? PLAIN_FLOW : PLAIN_BLOCK).test(v) && !RESERVED.test(v) && !NUMBER_LIKE.test(v) && !v.endsWith(':');
    if (plain && !this.chance(this.style.quoteProbability)) return v;
    if (!flow && plain && this.random() < 0.3) return `'${v.replace(/'/g, "''")}'`;
    return JSON.stringify(v);
  }
}
