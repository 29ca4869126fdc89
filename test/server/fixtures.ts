/** Hand-built scan results for the service tests. */
import type { Area } from '../../src/core/area.js';
import type { Finding, ScanResult } from '../../src/core/finding.js';
import type { Severity } from '../../src/core/severity.js';
import { summarise } from '../../src/engine/scan.js';

export function finding(fingerprint: string, over: { checkId?: string; area?: Area; severity?: Severity; name?: string; namespace?: string; kind?: string; title?: string } = {}): Finding {
  return {
    checkId: over.checkId ?? 'KF-W-001',
    checkName: 'privileged',
    messageId: 'privileged',
    title: over.title ?? 'Privileged container',
    area: over.area ?? 'workload',
    severity: over.severity ?? 'high',
    resource: { apiVersion: 'v1', kind: over.kind ?? 'Pod', ...(over.namespace === undefined ? { namespace: 'default' } : over.namespace === '' ? {} : { namespace: over.namespace }), name: over.name ?? `pod-${fingerprint}` },
    location: { path: 'spec.containers[0].securityContext.privileged', cluster: 'test' },
    message: `container app of ${over.name ?? `pod-${fingerprint}`} is privileged`,
    remediation: 'set securityContext.privileged to false',
    frameworks: [{ framework: 'cis-1.12', control: '5.2.2' }],
    fingerprint,
  } as Finding;
}

export function scanResult(findings: Finding[], options: { startedAt?: string; checks?: string[]; type?: 'cluster' | 'node'; node?: string } = {}): ScanResult {
  return {
    apiVersion: 'kubefort.io/v1alpha1',
    kind: 'ScanResult',
    tool: { name: 'kubefort', version: 'test' },
    startedAt: options.startedAt ?? new Date().toISOString(),
    durationMs: 42,
    target: options.type === 'node' ? { type: 'node', paths: [options.node ?? 'node-1'] } : { type: 'cluster', context: 'test' },
    summary: summarise(10, findings, 0, []),
    findings,
    suppressed: [],
    errors: [],
    checks: options.checks ?? [...new Set(findings.map((f) => f.checkId))],
  };
}
