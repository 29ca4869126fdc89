import type { AuditEvent } from '../../src/detect/event.js';
import { toAuditEvent } from '../../src/detect/event.js';

let n = 0;
/** A raw audit event with sensible defaults; `over` replaces fields. */
export function raw(over: Record<string, unknown> = {}): Record<string, unknown> {
  n++;
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/default/pods',
    verb: 'list',
    user: { username: 'jane', groups: ['system:authenticated'] },
    sourceIPs: ['10.0.0.7'],
    userAgent: 'kubectl/v1.33.0 (linux/amd64) kubernetes/abc',
    objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: '2026-01-01T00:00:00.000000Z',
    stageTimestamp: '2026-01-01T00:00:00.010000Z',
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
    ...over,
  };
}

export function ev(over: Record<string, unknown> = {}): AuditEvent {
  const r = toAuditEvent(raw(over));
  if (!r.ok) throw new Error(r.message);
  return r.event;
}

export const at = (seconds: number): string => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();
