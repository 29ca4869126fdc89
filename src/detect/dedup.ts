/**
 * De-duplication of repeated deliveries (webhook retries, overlapping files). auditID alone is
 * client-settable (the Audit-ID header is used verbatim), so an attacker could reuse a benign
 * request's ID to have a malicious event dropped: an event is a duplicate only when its auditID and
 * stage *and* a fingerprint of both timestamps, the user, the verb, the URI, the response code and
 * the source IP match an event already seen.
 */
import type { AuditEvent } from './event.js';

function mix(h: number, s: string): number {
  let x = h;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 0x01000193);
  return Math.imul(x ^ 0xff, 0x01000193);
}

/** FNV-1a over the stage and the fields an attacker cannot make equal without sending the same request. */
function fingerprint(e: AuditEvent): number {
  let h = mix(0x811c9dc5, e.stage);
  h = mix(h, e.requestReceivedTimestamp);
  h = mix(h, e.stageTimestamp);
  h = mix(h, e.user.username);
  h = mix(h, e.verb);
  h = mix(h, e.requestURI);
  h = mix(h, e.sourceIP);
  return Math.imul(h ^ e.code, 0x01000193) >>> 0;
}

export function eventKey(e: AuditEvent): string {
  return `${e.auditID}\u0000${fingerprint(e).toString(36)}`;
}

/** A bounded set of recently seen events (insertion-ordered; the oldest is forgotten first). */
export class Deduplicator {
  /** auditID → fingerprints seen (one per stage, usually one or two). */
  private readonly seen = new Map<string, number | number[]>();
  private count = 0;
  constructor(private readonly capacity: number) {}

  /** True the first time an event is seen. */
  first(e: AuditEvent): boolean {
    const id = e.auditID;
    const fp = fingerprint(e);
    const prev = this.seen.get(id);
    if (prev === undefined) this.seen.set(id, fp);
    else if (typeof prev === 'number') {
      if (prev === fp) return false;
      this.seen.set(id, [prev, fp]);
    } else {
      if (prev.includes(fp)) return false;
      prev.push(fp);
    }
    this.count++;
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next();
      if (oldest.done !== true) this.seen.delete(oldest.value);
    }
    return true;
  }

  /** Forgets an event (its batch could not be kept, so the retry must be processed). */
  forget(key: string): void {
    const [id = '', fp36 = ''] = key.split('\u0000');
    const fp = parseInt(fp36, 36);
    const prev = this.seen.get(id);
    if (prev === fp) this.seen.delete(id);
    else if (Array.isArray(prev)) {
      const rest = prev.filter((x) => x !== fp);
      if (rest.length === 0) this.seen.delete(id);
      else this.seen.set(id, rest);
    }
  }

  get size(): number {
    return this.seen.size;
  }
}
