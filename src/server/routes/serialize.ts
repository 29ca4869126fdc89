/** Storage rows to API objects: camelCase, JSON columns parsed. */
import type { ScanSummaryJson, ClusterRow, FindingRow, ScanRow } from '../storage/store.js';

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

export function clusterJson(r: ClusterRow, latest: ScanRow | undefined) {
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
  };
}
