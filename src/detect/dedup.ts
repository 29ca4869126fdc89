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

export function eventKey(e: AuditEvent): string {
  return fingerprint(e).toString(36);
}

/**
 * A bounded set of recently seen events, in two generations: when the current one is full it
 * becomes the previous one and the older is dropped. Lookups and inserts stay O(1) (evicting one
 * entry at a time from the front of a Map makes every later eviction skip the deleted slots).
 */
export class Deduplicator {
  private current = new Set<number>();
  private previous = new Set<number>();
  private readonly generation: number;
  constructor(capacity: number) {
    this.generation = Math.max(1, Math.ceil(capacity / 2));
  }

  /** True the first time an event is seen. */
  first(e: AuditEvent): boolean {
    const fp = fingerprint(e);
    if (this.current.has(fp) || this.previous.has(fp)) return false;
    this.current.add(fp);
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Set();
    }
    return true;
  }

  /** Forgets an event (its batch could not be kept, so the retry must be processed). */
  forget(key: string): void {
    const fp = parseInt(key, 36);
    this.current.delete(fp);
    this.previous.delete(fp);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}
