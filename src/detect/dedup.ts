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

/**
 * A bounded set of recently seen events, in two generations: when the current one is full it
 * becomes the previous one and the older is dropped. Lookups and inserts stay O(1) (evicting one
 * entry at a time from the front of a Map makes every later eviction skip the deleted slots).
 */
export class Deduplicator {
  /** auditID → fingerprints seen (one per stage, usually one or two). */
  private current = new Map<string, number | number[]>();
  private previous = new Map<string, number | number[]>();
  private readonly generation: number;
  constructor(capacity: number) {
    this.generation = Math.max(1, Math.ceil(capacity / 2));
  }

  /** True the first time an event is seen. */
  first(e: AuditEvent): boolean {
    const id = e.auditID;
    const fp = fingerprint(e);
    const old = this.previous.get(id);
    if (old !== undefined && (old === fp || (Array.isArray(old) && old.includes(fp)))) return false;
    const prev = this.current.get(id);
    if (prev === undefined) this.current.set(id, fp);
    else if (typeof prev === 'number') {
      if (prev === fp) return false;
      this.current.set(id, [prev, fp]);
    } else {
      if (prev.includes(fp)) return false;
      prev.push(fp);
    }
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Map();
    }
    return true;
  }

  /** Forgets an event (its batch could not be kept, so the retry must be processed). */
  forget(key: string): void {
    const [id = '', fp36 = ''] = key.split('\u0000');
    const fp = parseInt(fp36, 36);
    for (const map of [this.current, this.previous]) {
      const prev = map.get(id);
      if (prev === fp) map.delete(id);
      else if (Array.isArray(prev)) {
        const rest = prev.filter((x) => x !== fp);
        if (rest.length === 0) map.delete(id);
        else map.set(id, rest);
      }
    }
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}
