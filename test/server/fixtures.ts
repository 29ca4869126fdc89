/** Hand-built scan results and the estate fixture for the service tests. */
import type { Area } from '../../src/core/area.js';
import type { Finding, ScanResult } from '../../src/core/finding.js';
import type { Severity } from '../../src/core/severity.js';
import { fileURLToPath } from 'node:url';
import { Inventory } from '../../src/core/inventory.js';
import type { Resource } from '../../src/core/resource.js';
import { summarise } from '../../src/engine/scan.js';
import { scanAndAnalyse, type ScanFunction } from '../../src/server/scanner.js';
import { loadManifests } from '../../src/sources/manifests.js';

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

/** test/server/fixtures/estate.yaml: known RBAC escalation paths and NetworkPolicy gaps. */
export const ESTATE = fileURLToPath(new URL('./fixtures/estate.yaml', import.meta.url));

/** The estate's objects, optionally without some (by name), for a changed cluster. */
export async function estateResources(without: readonly string[] = []): Promise<Resource[]> {
  const load = await loadManifests([ESTATE]);
  if (load.errors.length > 0) throw new Error(`estate fixture: ${load.errors.map((e) => e.message).join('; ')}`);
  return load.resources.filter((r) => !without.includes(r.ref.name));
}

export async function estateInventory(without: readonly string[] = []): Promise<Inventory> {
  return new Inventory(await estateResources(without));
}

/** A ScanFunction over the estate fixture, with the analyses, as the service runs a live scan. */
export const estateScan: ScanFunction = async (_source, exceptions) => scanAndAnalyse(await estateResources(), { type: 'cluster', context: 'estate' }, { exceptions });
