/**
 * De-duplication of repeated deliveries (webhook retries, overlapping files). auditID alone is
 * client-settable (the Audit-ID header is used verbatim), so an attacker could reuse a benign
 * request's ID to have a malicious event dropped: the key also has the stage, both timestamps,
 * the user, the URI and the response code.
 */
import type { AuditEvent } from './event.js';

export function eventKey(e: AuditEvent): string {
  return `${e.auditID}\u0000${e.stage}\u0000${e.requestReceivedTimestamp}\u0000${e.stageTimestamp}\u0000${e.user.username}\u0000${e.verb}\u0000${e.requestURI}\u0000${e.code}\u0000${e.sourceIP}`;
}

/** A bounded set of recently seen event keys (insertion-ordered; the oldest is forgotten first). */
export class Deduplicator {
  private readonly seen = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** True the first time an event is seen. */
  first(e: AuditEvent): boolean {
    const k = eventKey(e);
    if (this.seen.has(k)) return false;
    this.seen.add(k);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next();
      if (oldest.done !== true) this.seen.delete(oldest.value);
    }
    return true;
  }

  /** Forgets an event (its batch could not be kept, so the retry must be processed). */
  forget(key: string): void {
    this.seen.delete(key);
  }

  get size(): number {
    return this.seen.size;
  }
}
