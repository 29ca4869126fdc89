/**
 * The analyses the service records with each cluster scan, over the inventory the scan read:
 * RBAC escalation paths and NetworkPolicy reachability. Each is run apart and timed; one that
 * throws is recorded as an error and never fails the scan.
 */
import type { Inventory } from '../../core/inventory.js';
import { netpolAnalysis, type NetpolAnalysis } from './netpol.js';
import { rbacAnalysis, type RbacAnalysis } from './rbac.js';

export * from './netpol.js';
export * from './rbac.js';

export const ANALYSIS_KINDS = ['rbac', 'netpol'] as const;
export type AnalysisKind = (typeof ANALYSIS_KINDS)[number];

export type AnalysisOutcome<T> = { readonly status: 'ok'; readonly body: T; readonly durationMs: number } | { readonly status: 'error'; readonly error: string; readonly durationMs: number };

export interface ClusterAnalyses {
  readonly rbac: AnalysisOutcome<RbacAnalysis>;
  readonly netpol: AnalysisOutcome<NetpolAnalysis>;
}

/** A few counts of an analysis, kept next to it for listings. */
export type AnalysisSummary = Readonly<Record<string, number | boolean | null>>;

function timed<T>(run: () => T): AnalysisOutcome<T> {
  const t0 = performance.now();
  try {
    const body = run();
    return { status: 'ok', body, durationMs: Math.round(performance.now() - t0) };
  } catch (error) {
    return { status: 'error', error: (error instanceof Error ? error.message : String(error)).slice(0, 2000), durationMs: Math.round(performance.now() - t0) };
  }
}

export function analyseInventory(inventory: Inventory): ClusterAnalyses {
  return { rbac: timed(() => rbacAnalysis(inventory)), netpol: timed(() => netpolAnalysis(inventory)) };
}

export function summariseAnalysis(body: RbacAnalysis | NetpolAnalysis): AnalysisSummary {
  if (body.kind === 'RbacAnalysis') {
    return { paths: body.total, critical: body.counts.bySeverity.critical, toClusterAdmin: body.counts.bySink['cluster-admin'], subjects: body.counts.subjects, capped: body.capped };
  }
  return {
    namespaces: body.totals.namespaces,
    withoutDefaultDenyIngress: body.totals.withoutDefaultDenyIngress,
    openToAll: body.totals.openToAll,
    fromOutside: body.totals.fromOutside,
    connections: body.connections.total,
    capped: body.connections.capped,
    cniEnforces: body.cni.enforces,
  };
}

