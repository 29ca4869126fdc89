/**
 * De-duplication of repeated deliveries (webhook retries, overlapping files). auditID alone is
 * client-settable (the Audit-ID header is used verbatim), so an attacker could reuse a benign
 * request's ID to have a malicious event dropped: an event is a duplicate only when its auditID and
 * stage *and* a fingerprint of both timestamps, the user, the verb, the URI, the response code and
 * the source IP match an event already seen.
 */
import type { AuditEvent } from './event.js';

/**
 * A 53-bit fingerprint (two 32-bit FNV-1a variants) of the auditID, the stage and the fields an
 * attacker cannot make equal without sending the same request. 53 bits keep accidental collisions
 * among 10^5 remembered events near 10^-6; numbers make cheaper Map keys than strings.
 */
let A = 0;
let B = 0;
function mix(s: string): void {
  let a = A;
  let b = B;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  A = Math.imul(a ^ 0xff, 0x01000193);
  B = Math.imul(b ^ 0xff, 0x5bd1e995);
}

export function fingerprint(e: AuditEvent): number {
  A = 0x811c9dc5;
  B = 0x01000193 ^ 0x9e3779b9;
  mix(e.auditID);
  mix(e.stage);
  mix(e.requestReceivedTimestamp);
  mix(e.stageTimestamp);
  mix(e.user.username);
  mix(e.verb);
  mix(e.requestURI);
  mix(e.sourceIP);
  const a = Math.imul(A ^ e.code, 0x01000193) >>> 0;
  const b = (B ^ (B >>> 15)) >>> 0;
  return (b >>> 11) * 4294967296 + a;
}

/** The two halves kept by the de-duplicator: small integers, the fastest Map keys and values. */
const HIGH = 0x40000000;
const hi = (fp: number): number => Math.floor(fp / HIGH) & (HIGH - 1);
const lo = (fp: number): number => fp % HIGH;

export function eventKey(e: AuditEvent): string {
  return fingerprint(e).toString(36);
}

/**
 * A bounded set of recently seen events, in two generations: when the current one is full it
 * becomes the previous one and the older is dropped. Lookups and inserts stay O(1) (evicting one
 * entry at a time from the front of a Map makes every later eviction skip the deleted slots).
 */
/**
 * One generation: an open-addressing table (linear probing) in typed arrays, so that remembering
 * hundreds of thousands of events costs no garbage collection. Slot key 0 = empty, -1 = forgotten.
 */
class Generation {
  readonly keys: Int32Array;
  readonly values: Int32Array;
  readonly mask: number;
  size = 0;
  constructor(readonly limit: number) {
    let slots = 1024;
    while (slots < limit * 2) slots *= 2;
    this.keys = new Int32Array(slots);
    this.values = new Int32Array(slots);
    this.mask = slots - 1;
  }

  /** Slot of (k, v), or -1. `k` is stored as k + 1 so that 0 means empty. */
  find(k: number, v: number): number {
    const key = k + 1;
    for (let i = Math.imul(k, 0x9e3779b1) & this.mask; ; i = (i + 1) & this.mask) {
      const at = this.keys[i];
      if (at === 0) return -1;
      if (at === key && this.values[i] === v) return i;
    }
  }

  add(k: number, v: number): void {
    for (let i = Math.imul(k, 0x9e3779b1) & this.mask; ; i = (i + 1) & this.mask) {
      if (this.keys[i] === 0) {
        this.keys[i] = k + 1;
        this.values[i] = v;
        this.size++;
        return;
      }
    }
  }
}

/**
 * A bounded set of recently seen events, in two generations: when the current one is full it
 * becomes the previous one and the older is dropped. O(1), no per-event allocation.
 */
export class Deduplicator {
  private current: Generation;
  private previous: Generation;
  private readonly generation: number;
  constructor(capacity: number) {
    this.generation = Math.max(1, Math.ceil(capacity / 2));
    this.current = new Generation(this.generation);
    this.previous = new Generation(1);
  }

  /** True the first time an event is seen. */
  first(e: AuditEvent): boolean {
    const fp = fingerprint(e);
    const k = lo(fp);
    const v = hi(fp);
    if (this.current.find(k, v) !== -1 || this.previous.find(k, v) !== -1) return false;
    this.current.add(k, v);
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Generation(this.generation);
    }
    return true;
  }

  /** Forgets an event (its batch could not be kept, so the retry must be processed). */
  forget(key: string): void {
    const fp = parseInt(key, 36);
    const k = lo(fp);
    const v = hi(fp);
    for (const g of [this.current, this.previous]) {
      const i = g.find(k, v);
      // A tombstone keeps the probe chains of later keys intact.
      if (i !== -1) g.keys[i] = -1;
    }
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}
