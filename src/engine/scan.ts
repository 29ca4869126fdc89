/**
 * A scan from start to end: load the sources, index them, run the checks,
 * and assemble the versioned ScanResult every formatter and the service read.
 */
import { AREAS, type Area } from '../core/area.js';
import type { Check, CheckOptions } from '../core/check.js';
import type { ScanError } from '../core/errors.js';
import type { Finding, ScanResult, ScanSummary } from '../core/finding.js';
import { Inventory, type ClusterFacts, type InventoryGap } from '../core/inventory.js';
import type { Resource } from '../core/resource.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import { POD_SPEC_PATHS } from '../core/workloads.js';
import { allChecks } from '../checks/index.js';
import { loadManifests, type ManifestOptions } from '../sources/manifests.js';
import { VERSION } from '../version.js';
import { runChecks } from './run-checks.js';
import { assessRisk, fixFirst, FIX_FIRST_SIZE } from './risk.js';
import { DEFAULT_EXCEPTIONS, type ExceptionRule } from './suppressions.js';
import { scanError } from '../core/errors.js';
import { BUILT_IN_KINDS } from '../core/kinds.js';

export interface ScanOptions extends ManifestOptions {
  readonly checks?: readonly Check[];
  readonly checkOptions?: Partial<CheckOptions>;
  readonly exceptions?: readonly ExceptionRule[];
  readonly allowAnnotationSuppressions?: boolean;
  /** Apply DEFAULT_EXCEPTIONS (kubeadm control-plane static pods); default true. */
  readonly defaultExceptions?: boolean;
  /** Today's date for expiry decisions (YYYY-MM-DD); defaults to the clock. */
  readonly today?: string;
}

/** Scans manifest files, directories or stdin (`-`). */
export async function scanManifests(paths: readonly string[], options: ScanOptions = {}): Promise<ScanResult> {
  const started = new Date();
  const t0 = performance.now();
  const load = await loadManifests(paths, options);
  return scanResources(load.resources, load.errors, { type: 'manifests', paths }, options, started, t0);
}

export interface ClusterScanOptions extends ScanOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
  readonly onProgress?: (done: number, total: number, kind: string) => void;
}

/** Scans the live cluster of a kubeconfig context, read-only. */
export async function scanCluster(options: ClusterScanOptions = {}): Promise<ScanResult> {
  const started = new Date();
  const t0 = performance.now();
  // Loaded on demand: the Kubernetes client is large, and manifest scans never need it.
  const { loadCluster } = await import('../sources/cluster.js');
  const load = await loadCluster({
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    ...(options.onProgress === undefined ? {} : { onProgress: (done: number, total: number, type: { kind: string }) => options.onProgress?.(done, total, type.kind) }),
  });
  const target: ScanResult['target'] = { type: 'cluster', context: load.context, ...(load.namespace === undefined ? {} : { namespace: load.namespace }) };
  return scanResources(load.resources, load.warnings, target, options, started, t0, load.gaps, load.facts);
}

/** Scans resources from any source (manifests, a live cluster, a test). */
export function scanResources(
  resources: readonly Resource[],
  sourceErrors: readonly ScanError[],
  target: ScanResult['target'],
  options: ScanOptions = {},
  started = new Date(),
  t0 = performance.now(),
  gaps: readonly InventoryGap[] = [],
  facts: ClusterFacts = {},
): ScanResult {
  return scanInventory(new Inventory(resources, gaps, facts), sourceErrors, target, options, started, t0);
}

/** Scans an inventory already built, so that a caller can analyse the same one (the service does; analyses are memoised per inventory). */
export function scanInventory(inventory: Inventory, sourceErrors: readonly ScanError[], target: ScanResult['target'], options: ScanOptions = {}, started = new Date(), t0 = performance.now()): ScanResult {
  const checks = options.checks ?? allChecks;
  const { resources } = inventory;
  const run = runChecks(inventory, checks, {
    ...(options.checkOptions === undefined ? {} : { checkOptions: options.checkOptions }),
    suppression: {
      exceptions: [...(options.exceptions ?? []), ...(options.defaultExceptions === false ? [] : DEFAULT_EXCEPTIONS)],
      allowAnnotations: options.allowAnnotationSuppressions ?? true,
      ...(options.today === undefined ? {} : { today: options.today }),
    },
  });
  const errors = [...sourceErrors, ...inventory.errors, ...run.errors, ...unknownKindNotices(inventory, checks)];
  const findings = assessRisk(inventory, run.findings, options.checkOptions ?? {});
  return {
    apiVersion: 'kubefort.io/v1alpha1',
    kind: 'ScanResult',
    tool: { name: 'kubefort', version: VERSION },
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    target,
    summary: summarise(resources.length, findings, run.suppressed.length, errors),
    findings,
    suppressed: run.suppressed,
    errors,
    checks: checks.map((c) => c.meta.id),
    fixFirst: fixFirst(findings, FIX_FIRST_SIZE),
  };
}

/** One notice per kind that is neither built into Kubernetes nor looked at by a check, so a typo'd kind or an unsupported CRD is visible. */
function unknownKindNotices(inventory: Inventory, checks: readonly Check[]): ScanError[] {
  const inspected = new Set<string>(checks.flatMap((c) => c.meta.kinds));
  for (const kind of Object.keys(POD_SPEC_PATHS)) inspected.add(kind);
  for (const kind of BUILT_IN_KINDS) inspected.add(kind);
  const notices: ScanError[] = [];
  for (const kind of inventory.kinds()) {
    if (inspected.has(kind) || inspected.has('*')) continue;
    const first = inventory.ofKind(kind)[0];
    const count = inventory.ofKind(kind).length;
    notices.push(scanError('KF_WARN_UNKNOWN_KIND', `no check inspects kind ${kind} (${count} object${count === 1 ? '' : 's'})`, first?.origin.file === undefined ? {} : { file: first.origin.file }));
  }
  return notices;
}

export function summarise(resources: number, findings: readonly Finding[], suppressed: number, errors: readonly ScanError[]): ScanSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byArea = Object.fromEntries(AREAS.map((a) => [a, 0])) as Record<Area, number>;
  for (const f of findings) {
    bySeverity[f.severity]++;
    byArea[f.area]++;
  }
  return {
    resources,
    findings: findings.length,
    suppressed,
    errors: errors.filter((e) => e.level === 'error').length,
    warnings: errors.filter((e) => e.level === 'warning').length,
    bySeverity,
    byArea,
  };
}
