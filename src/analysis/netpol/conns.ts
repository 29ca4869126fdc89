/**
 * Connection sets: for each protocol NetworkPolicy knows (TCP, UDP, SCTP), a set of
 * port ranges within 1-65535. Immutable; every operation returns a canonical value,
 * so two equal sets have the same `key` (used to intern them in the engine).
 */

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Flat sorted list of closed ranges [lo1, hi1, lo2, hi2, …]: disjoint and not adjacent. */
export type PortRanges = readonly number[];

const FULL: PortRanges = [MIN_PORT, MAX_PORT];
const NONE: PortRanges = [];

export function isProtocol(value: string): value is Protocol {
  return (PROTOCOLS as readonly string[]).includes(value);
}

/** Canonical ranges from any list of closed ranges (clipped to 1-65535, merged). */
export function normaliseRanges(pairs: readonly (readonly [number, number])[]): PortRanges {
  const sorted = pairs
    .map(([lo, hi]) => [Math.max(MIN_PORT, lo), Math.min(MAX_PORT, hi)] as const)
    .filter(([lo, hi]) => lo <= hi)
    .sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) {
      if (hi > (out[last] as number)) out[last] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

export function rangesUnion(a: PortRanges, b: PortRanges): PortRanges {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const pairs: [number, number][] = [];
  for (let i = 0; i < a.length; i += 2) pairs.push([a[i] as number, a[i + 1] as number]);
  for (let i = 0; i < b.length; i += 2) pairs.push([b[i] as number, b[i + 1] as number]);
  return normaliseRanges(pairs);
}

export function rangesIntersect(a: PortRanges, b: PortRanges): PortRanges {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i] as number, b[j] as number);
    const hi = Math.min(a[i + 1] as number, b[j + 1] as number);
    if (lo <= hi) out.push(lo, hi);
    if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
    else j += 2;
  }
  return out;
}

export function rangesSubtract(a: PortRanges, b: PortRanges): PortRanges {
  let out: number[] = [...a];
  for (let j = 0; j < b.length; j += 2) {
    const blo = b[j] as number;
    const bhi = b[j + 1] as number;
    const next: number[] = [];
    for (let i = 0; i < out.length; i += 2) {
      const lo = out[i] as number;
      const hi = out[i + 1] as number;
      if (bhi < lo || blo > hi) next.push(lo, hi);
      else {
        if (lo < blo) next.push(lo, blo - 1);
        if (hi > bhi) next.push(bhi + 1, hi);
      }
    }
    out = next;
  }
  return out;
}

function rangesEqual(a: PortRanges, b: PortRanges): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function formatRanges(r: PortRanges): string {
  const parts: string[] = [];
  for (let i = 0; i < r.length; i += 2) parts.push(r[i] === r[i + 1] ? String(r[i]) : `${r[i]}-${r[i + 1]}`);
  return parts.join(',');
}

/** An immutable set of (protocol, port) pairs. */
export class ConnSet {
  /** Canonical text, equal for equal sets. */
  readonly key: string;

  private constructor(private readonly byProtocol: Readonly<Record<Protocol, PortRanges>>) {
    this.key = PROTOCOLS.map((p) => `${p}:${formatRanges(byProtocol[p])}`).join('|');
  }

  static readonly NONE = new ConnSet({ SCTP: NONE, TCP: NONE, UDP: NONE });
  static readonly ALL = new ConnSet({ SCTP: FULL, TCP: FULL, UDP: FULL });

  static of(byProtocol: Partial<Record<Protocol, PortRanges>>): ConnSet {
    return new ConnSet({ SCTP: byProtocol.SCTP ?? NONE, TCP: byProtocol.TCP ?? NONE, UDP: byProtocol.UDP ?? NONE });
  }

  /** One protocol: every port, one port, or the range lo..hi. */
  static ports(protocol: Protocol, lo?: number, hi?: number): ConnSet {
    const range: [number, number] = lo === undefined ? [MIN_PORT, MAX_PORT] : [lo, hi ?? lo];
    return ConnSet.of({ [protocol]: normaliseRanges([range]) });
  }

  ranges(protocol: Protocol): PortRanges {
    return this.byProtocol[protocol];
  }

  get isEmpty(): boolean {
    return PROTOCOLS.every((p) => this.byProtocol[p].length === 0);
  }

  get isAll(): boolean {
    return PROTOCOLS.every((p) => rangesEqual(this.byProtocol[p], FULL));
  }

  union(other: ConnSet): ConnSet {
    if (other.isEmpty || this === other) return this;
    if (this.isEmpty) return other;
    return ConnSet.of(Object.fromEntries(PROTOCOLS.map((p) => [p, rangesUnion(this.byProtocol[p], other.byProtocol[p])])));
  }

  intersect(other: ConnSet): ConnSet {
    if (this === other) return this;
    return ConnSet.of(Object.fromEntries(PROTOCOLS.map((p) => [p, rangesIntersect(this.byProtocol[p], other.byProtocol[p])])));
  }

  subtract(other: ConnSet): ConnSet {
    return ConnSet.of(Object.fromEntries(PROTOCOLS.map((p) => [p, rangesSubtract(this.byProtocol[p], other.byProtocol[p])])));
  }

  equals(other: ConnSet): boolean {
    return this.key === other.key;
  }

  /** True when every connection of `other` is in this set. */
  contains(other: ConnSet): boolean {
    return other.subtract(this).isEmpty;
  }

  /** `All Connections`, `No Connections`, or `TCP 80,443,UDP 53` (protocols alphabetical), as connectivity analysers print them. */
  toString(): string {
    if (this.isAll) return 'All Connections';
    if (this.isEmpty) return 'No Connections';
    return PROTOCOLS.filter((p) => this.byProtocol[p].length > 0)
      .map((p) => `${p} ${formatRanges(this.byProtocol[p])}`)
      .join(',');
  }

  /** Plain data for JSON output: `{TCP: ["80", "8000-8080"]}`. */
  toJSON(): Partial<Record<Protocol, string[]>> {
    const out: Partial<Record<Protocol, string[]>> = {};
    for (const p of PROTOCOLS) {
      const r = this.byProtocol[p];
      if (r.length > 0) out[p] = formatRanges(r).split(',');
    }
    return out;
  }

  /** Parses `toString()` output (and the analyser convention it follows). */
  static parse(text: string): ConnSet {
    const t = text.trim();
    if (t === 'All Connections' || t === 'All connections') return ConnSet.ALL;
    if (t === 'No Connections' || t === '') return ConnSet.NONE;
    const acc: Record<Protocol, [number, number][]> = { SCTP: [], TCP: [], UDP: [] };
    let current: Protocol | undefined;
    for (const raw of t.split(',')) {
      let token = raw.trim();
      const m = /^([A-Za-z]+)\s+(.*)$/.exec(token);
      if (m !== null) {
        const proto = (m[1] as string).toUpperCase();
        if (!isProtocol(proto)) throw new Error(`unknown protocol in "${text}"`);
        current = proto;
        token = m[2] as string;
      } else if (/^[A-Za-z]+$/.test(token)) {
        const proto = token.toUpperCase();
        if (!isProtocol(proto)) throw new Error(`unknown protocol in "${text}"`);
        acc[proto].push([MIN_PORT, MAX_PORT]);
        current = undefined;
        continue;
      }
      if (current === undefined) throw new Error(`port without protocol in "${text}"`);
      const r = /^(\d+)(?:-(\d+))?$/.exec(token);
      if (r === null) throw new Error(`bad port range "${token}" in "${text}"`);
      const lo = Number(r[1]);
      acc[current].push([lo, r[2] === undefined ? lo : Number(r[2])]);
    }
    return ConnSet.of({ SCTP: normaliseRanges(acc.SCTP), TCP: normaliseRanges(acc.TCP), UDP: normaliseRanges(acc.UDP) });
  }
}
