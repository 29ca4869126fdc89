/** Storage rows to API objects: camelCase, JSON columns parsed; and the response schemas of the cluster routes. */
import type { AnalysisKind, AnalysisSummary } from '../analysis/index.js';
import type { ScanSummaryJson, ClusterRow, FindingRow, LatestAnalysis, ScanRow } from '../storage/store.js';
import { clusterAnalysisSchema, netpolSummarySchema, rbacSummarySchema } from './analysis-schema.js';

export function findingJson(r: FindingRow) {
  const detail = JSON.parse(r.detail) as { apiVersion?: string; checkName?: string; location?: unknown; frameworks?: unknown };
  return {
    id: r.id,
    clusterId: r.cluster_id,
    scope: r.scope,
    fingerprint: r.fingerprint,
    checkId: r.check_id,
    checkName: detail.checkName ?? null,
    messageId: r.message_id,
    title: r.title,
    area: r.area,
    severity: r.severity,
    resource: { apiVersion: detail.apiVersion ?? null, kind: r.kind, namespace: r.namespace, name: r.name },
    path: r.path,
    location: detail.location ?? null,
    message: r.message,
    remediation: r.remediation,
    frameworks: detail.frameworks ?? [],
    status: r.fixed_at === null ? 'open' : 'fixed',
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    fixedAt: r.fixed_at,
    firstScanId: r.first_scan_id,
    lastScanId: r.last_scan_id,
    fixedScanId: r.fixed_scan_id,
    reopened: r.reopened,
  };
}

export function scanJson(r: ScanRow) {
  const summary = JSON.parse(r.summary) as ScanSummaryJson;
  return {
    id: r.id,
    clusterId: r.cluster_id,
    scope: r.scope,
    trigger: r.trigger,
    status: r.status,
    error: r.error,
    instance: r.instance,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    resources: r.resources,
    findings: r.findings,
    new: r.new_findings,
    fixed: r.fixed_findings,
    stillOpen: r.open_findings,
    bySeverity: summary.bySeverity,
    byArea: summary.byArea,
    score: summary.score.overall,
    scoreByArea: summary.score.byArea,
  };
}

const SUMMARY_SCHEMAS = { rbac: rbacSummarySchema, netpol: netpolSummarySchema } as const;

/**
 * The newest analysis of a kind as the cluster list gives it: counts only. A summary missing a
 * count (a body migration 0003 could not read) gives no counts rather than zeros.
 */
export function latestAnalysisJson(kind: AnalysisKind, a: LatestAnalysis | null) {
  if (a === null) return null;
  const schema = SUMMARY_SCHEMAS[kind];
  const complete = a.status === 'ok' && schema.required.every((k) => k in a.summary);
  const summary: AnalysisSummary | null = complete ? Object.fromEntries(schema.required.map((k) => [k, a.summary[k] ?? null])) : null;
  return { scanId: a.scanId, at: a.at, status: a.status, error: a.error, summary };
}

export function clusterJson(r: ClusterRow, latest: ScanRow | undefined, analyses: Record<AnalysisKind, LatestAnalysis | null>) {
  const source = JSON.parse(r.source) as Record<string, unknown>;
  return {
    id: r.id,
    name: r.name,
    // Paths and context names only: a kubeconfig's credentials are never read into storage.
    source,
    schedule: r.schedule === '' ? null : r.schedule,
    nextRunAt: r.schedule === '' ? null : r.next_run_at,
    scanning: r.lease_until !== null && r.lease_until > new Date().toISOString(),
    latestScan: latest === undefined ? null : scanJson(latest),
    analysis: { rbac: latestAnalysisJson('rbac', analyses.rbac), netpol: latestAnalysisJson('netpol', analyses.netpol) },
  };
}

const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const counts = { type: 'object', additionalProperties: int } as const;
const scores = { type: 'object', additionalProperties: { type: 'number' } } as const;

/** A scan as scanJson gives it. */
export const scanSchema = {
  type: 'object',
  required: ['id', 'clusterId', 'scope', 'trigger', 'status', 'error', 'instance', 'startedAt', 'finishedAt', 'durationMs', 'resources', 'findings', 'new', 'fixed', 'stillOpen', 'bySeverity', 'byArea', 'score', 'scoreByArea'],
  properties: {
    id: int,
    clusterId: int,
    scope: { ...str, description: '`cluster`, or `node:<name>` for a node scan' },
    trigger: { ...str, description: 'scheduled, node or manual' },
    status: { enum: ['ok', 'error'] },
    error: strOrNull,
    instance: strOrNull,
    startedAt: str,
    finishedAt: str,
    durationMs: int,
    resources: int,
    findings: { ...int, description: 'findings of this scan' },
    new: int,
    fixed: int,
    stillOpen: int,
    bySeverity: counts,
    byArea: counts,
    score: { type: ['number', 'null'], description: 'share of the checks that ran and found nothing, 0-100' },
    scoreByArea: scores,
  },
} as const;

/** A cluster as clusterJson gives it (GET /clusters items, GET /clusters/{id}). */
export const clusterSchema = {
  type: 'object',
  required: ['id', 'name', 'source', 'schedule', 'nextRunAt', 'scanning', 'latestScan', 'analysis'],
  properties: {
    id: int,
    name: str,
    source: { type: 'object', description: 'kubeconfig path, context, inCluster, namespace (never credentials)', additionalProperties: true },
    schedule: strOrNull,
    nextRunAt: strOrNull,
    scanning: { type: 'boolean', description: 'an instance holds the scan lease now' },
    latestScan: { anyOf: [{ type: 'null' }, scanSchema] },
    analysis: clusterAnalysisSchema,
  },
} as const;
