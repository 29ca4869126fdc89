/**
 * IPv4 addresses as numbers (0 … 2^32-1), CIDRs as closed intervals, and the
 * disjoint partition of the address space that ipBlock boundaries induce: every
 * interval of the partition is either wholly inside or wholly outside each
 * ipBlock, so it can stand for "any address in it".
 */

export const IPV4_MAX = 0xffffffff;

export interface Interval {
  readonly lo: number;
  readonly hi: number;
}

export function parseIPv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (m === null) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** `10.0.0.0/8` → [10.0.0.0, 10.255.255.255]; host bits are ignored, as Kubernetes does when it masks the CIDR. */
export function parseCIDR(text: string): Interval | undefined {
  const [address, bitsText] = text.trim().split('/');
  if (address === undefined) return undefined;
  const base = parseIPv4(address);
  if (base === undefined) return undefined;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const lo = Math.floor(base / size) * size;
  return { lo, hi: lo + size - 1 };
}

export function isIPv6(text: string): boolean {
  return text.includes(':');
}

export function formatInterval(iv: Interval): string {
  return `${formatIPv4(iv.lo)}-${formatIPv4(iv.hi)}`;
}

/** Parses `a.b.c.d-e.f.g.h` (or a single address, or a CIDR). */
export function parseInterval(text: string): Interval | undefined {
  const t = text.trim();
  if (t.includes('/')) return parseCIDR(t);
  const [a, b] = t.split('-');
  const lo = a === undefined ? undefined : parseIPv4(a);
  const hi = b === undefined ? lo : parseIPv4(b);
  return lo === undefined || hi === undefined || lo > hi ? undefined : { lo, hi };
}

/** The partition of 0.0.0.0-255.255.255.255 whose boundaries are the given intervals' ends. */
export function partition(intervals: readonly Interval[]): Interval[] {
  const cuts = new Set<number>([0, IPV4_MAX + 1]);
  for (const iv of intervals) {
    cuts.add(iv.lo);
    cuts.add(iv.hi + 1);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const atoms: Interval[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) atoms.push({ lo: sorted[i] as number, hi: (sorted[i + 1] as number) - 1 });
  return atoms;
}

/** Index of the atom containing `address` (atoms sorted and covering the space). */
export function atomOf(atoms: readonly Interval[], address: number): number {
  let lo = 0;
  let hi = atoms.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((atoms[mid] as Interval).lo <= address) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Merges sorted, possibly adjacent intervals into maximal ones. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.lo - b.lo);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && iv.lo <= last.hi + 1) out[out.length - 1] = { lo: last.lo, hi: Math.max(last.hi, iv.hi) };
    else out.push(iv);
  }
  return out;
}
