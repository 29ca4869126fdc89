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

/** A few counts of an analysis, kept next to it for listings (scan_analyses.summary). */
export type AnalysisSummary = Readonly<Record<string, number | boolean | null>>;

/** The counts of an RBAC analysis the overview lists (GET /clusters → analysis.rbac.summary). */
export interface RbacSummary {
  readonly paths: number;
  readonly critical: number;
  readonly toClusterAdmin: number;
  readonly toKubeSystemSecrets: number;
  readonly subjects: number;
  /** Subjects with a chain whose pods are exposed; null when an analysis recorded before they were counted was capped. */
  readonly exposedSubjects: number | null;
  readonly capped: boolean;
}

/** The counts of a reachability analysis the overview lists (GET /clusters → analysis.netpol.summary). */
export interface NetpolSummary {
  /** true: an enforcing network plugin runs; false: only plugins that ignore NetworkPolicy; null: none recognised. */
  readonly cniEnforces: boolean | null;
  readonly namespaces: number;
  readonly namespacesWithWorkloads: number;
  /** Namespaces with workloads and no default-deny ingress (egress) policy. */
  readonly withoutDefaultDenyIngress: number;
  readonly withoutDefaultDenyEgress: number;
  readonly workloads: number;
  readonly openToAll: number;
  /** Workloads accepting connections from addresses outside the cluster. */
  readonly fromOutside: number;
  /** Allowed workload connections; null when the estate was over the size limits for the list. */
  readonly connections: number | null;
  readonly capped: boolean;
}

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

/**
 * The counts kept beside an analysis, computed from its body when it is recorded (and by migration
 * 0003 for bodies recorded before some of them were counted): listings read these, never the body.
 */
export function summariseAnalysis(body: RbacAnalysis | NetpolAnalysis): RbacSummary | NetpolSummary {
  if (body.kind === 'RbacAnalysis') {
    const c = body.counts;
    // Bodies recorded before exposedSubjects was counted: their kept paths tell, unless some were left out.
    const exposedSubjects = c.exposedSubjects ?? (body.capped ? null : new Set(body.paths.filter((p) => p.exposed).map((p) => p.label)).size);
    return { paths: body.total, critical: c.bySeverity.critical, toClusterAdmin: c.bySink['cluster-admin'], toKubeSystemSecrets: c.bySink['kube-system-secrets'], subjects: c.subjects, exposedSubjects, capped: body.capped };
  }
  const t = body.totals;
  return {
    cniEnforces: body.cni.enforces,
    namespaces: t.namespaces,
    namespacesWithWorkloads: body.namespaces.filter((n) => n.workloads > 0).length,
    withoutDefaultDenyIngress: t.withoutDefaultDenyIngress,
    withoutDefaultDenyEgress: t.withoutDefaultDenyEgress,
    workloads: t.workloads,
    openToAll: t.openToAll,
    fromOutside: t.fromOutside,
    connections: body.connections.skipped === undefined ? body.connections.total : null,
    capped: body.connections.capped,
  };
}
