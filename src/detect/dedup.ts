/**
 * De-duplication of repeated deliveries (webhook retries, overlapping files). auditID alone is
 * client-settable (the Audit-ID header is used verbatim), so an attacker could reuse a benign
 * request's ID to have a malicious event dropped: an event is a duplicate only when its auditID and
 * stage *and* a fingerprint of both timestamps, the user, the verb, the URI, the response code and
 * the source IP match an event already seen.
 */
import type { AuditEvent } from './event.js';

/**
 * A 62-bit fingerprint (two 32-bit FNV-1a lanes with a murmur3 finaliser) of the auditID, the stage
 * and the fields an attacker cannot make equal without sending the same request. With 2·10^5
 * remembered events, a new event is mistaken for a seen one with odds of about 4·10^-14. No crypto hash: an exact key
 * string per event would cost an allocation and a Map entry; two integers in a typed array cost neither.
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
  // The length ends each field (above any UTF-16 unit), so no characters can move between fields.
  A = Math.imul(a ^ (0x10000 + s.length), 0x01000193);
  B = Math.imul(b ^ (0x10000 + s.length), 0x5bd1e995);
}

/** Hashes the identity fields of an event into A (30 bits, the table key) and B (32 bits, stored next to it). */
function hashEvent(e: AuditEvent): void {
  A = 0x811c9dc5;
  B = 0x01000193 ^ 0x9e3779b9;
  mix(e.auditID);
  // The stage is one of four literals: its number is enough (and cheaper than its 16 characters).
  const st = e.stage;
  A = Math.imul(A ^ (st === 'ResponseComplete' ? 1 : st === 'ResponseStarted' ? 2 : st === 'RequestReceived' ? 3 : 4), 0x01000193);
  B = Math.imul(B ^ (st === 'ResponseComplete' ? 1 : st === 'ResponseStarted' ? 2 : st === 'RequestReceived' ? 3 : 4), 0x5bd1e995);
  mix(e.requestReceivedTimestamp);
  mix(e.stageTimestamp);
  mix(e.user.username);
  mix(e.verb);
  mix(e.requestURI);
  mix(e.sourceIP);
  let a = Math.imul(A ^ e.code, 0x01000193);
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  let b = B ^ (B >>> 15);
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  A = a & 0x3fffffff;
  B = b | 0;
}

/** A 62-bit fingerprint (two 32-bit lanes) as one string: what `forget` takes back. */
export function eventKey(e: AuditEvent): string {
  hashEvent(e);
  return `${A.toString(36)}.${(B >>> 0).toString(36)}`;
}

/**
 * One generation: an open-addressing table (linear probing) in one typed array, key and value side
 * by side so that a probe touches one cache line, and remembering hundreds of thousands of events
 * costs no garbage collection. Slot key 0 = empty, -1 = forgotten; a key k is stored as k + 1.
 */
class Generation {
  readonly slots: Int32Array;
  readonly mask: number;
  size = 0;
  constructor(readonly limit: number) {
    let n = 1024;
    while (n < limit * 2) n *= 2;
    this.slots = new Int32Array(n * 2);
    this.mask = n - 1;
  }

  /** Index of (k, v) in `slots`, or -1. */
  find(k: number, v: number): number {
    const slots = this.slots;
    const key = k + 1;
    for (let i = Math.imul(k, 0x9e3779b1) & this.mask; ; i = (i + 1) & this.mask) {
      const at = slots[i * 2];
      if (at === 0) return -1;
      if (at === key && slots[i * 2 + 1] === v) return i * 2;
    }
  }

  add(k: number, v: number): void {
    const slots = this.slots;
    for (let i = Math.imul(k, 0x9e3779b1) & this.mask; ; i = (i + 1) & this.mask) {
      if (slots[i * 2] === 0) {
        slots[i * 2] = k + 1;
        slots[i * 2 + 1] = v;
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
    hashEvent(e);
    const k = A;
    const v = B;
    if (this.current.find(k, v) !== -1 || this.previous.find(k, v) !== -1) return false;
    this.current.add(k, v);
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Generation(this.generation);
    }
    return true;
  }

  /** Forgets an event by its `eventKey` (its batch could not be kept, so the retry must be processed). */
  forget(key: string): void {
    const dot = key.indexOf('.');
    const k = parseInt(key.slice(0, dot), 36);
    const v = parseInt(key.slice(dot + 1), 36) | 0;
    for (const g of [this.current, this.previous]) {
      const i = g.find(k, v);
      // A tombstone keeps the probe chains of later keys intact.
      if (i !== -1) g.slots[i] = -1;
    }
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}
