/**
 * The tables of the service, as kysely types. One schema for SQLite and PostgreSQL:
 * times are ISO-8601 UTC strings (they sort and compare as text on both), structured
 * values are JSON text, ids are integers.
 */
import type { Generated } from 'kysely';

export interface ClusterTable {
  id: Generated<number>;
  name: string;
  /** How to reach it: JSON of { kubeconfig?, context?, inCluster? } (paths and names only, never credentials). */
  source: string;
  schedule: string;
  /** When the next scheduled scan is due; kept until a scan of that slot finishes, so a crash never loses it. */
  next_run_at: string;
  /** The instance holding the scan lease, and until when. */
  lease_owner: string | null;
  lease_until: string | null;
  created_at: string;
}

export interface ScanTable {
  id: Generated<number>;
  cluster_id: number;
  scope: string;
  /** scheduled | node | manual */
  trigger: string;
  /** ok | error */
  status: string;
  error: string | null;
  instance: string | null;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  resources: number;
  findings: number;
  new_findings: number;
  fixed_findings: number;
  open_findings: number;
  /** JSON: { bySeverity, byArea, scoreByArea, score } */
  summary: string;
}

export interface FindingTable {
  id: Generated<number>;
  cluster_id: number;
  /** What a scan of this kind covers: `cluster`, or `node:<name>` for a node scan. Fixed is decided within a scope. */
  scope: string;
  fingerprint: string;
  check_id: string;
  message_id: string;
  title: string;
  area: string;
  severity: string;
  kind: string;
  namespace: string | null;
  name: string;
  path: string;
  message: string;
  remediation: string;
  /** JSON: frameworks and location of the latest sighting. */
  detail: string;
  first_seen_at: string;
  last_seen_at: string;
  first_scan_id: number;
  last_scan_id: number;
  fixed_at: string | null;
  fixed_scan_id: number | null;
  /** How many times it came back after being fixed. */
  reopened: number;
}

/** Drift of one scan: each finding that appeared, stayed open or was fixed in it. */
export interface ScanChangeTable {
  scan_id: number;
  finding_id: number;
  /** new | open | fixed */
  change: string;
}

export interface ExceptionTable {
  id: Generated<number>;
  /** null: every cluster. */
  cluster_id: number | null;
  check_id: string;
  namespace: string | null;
  name: string | null;
  kind: string | null;
  reason: string;
  owner: string | null;
  expires: string | null;
  created_at: string;
}

export interface AuditAlertTable {
  id: Generated<number>;
  cluster_id: number;
  rule_id: string;
  severity: string;
  message: string;
  event_time: string;
  received_at: string;
  /** JSON of the alert's evidence (user, verb, object), as the detector gives it. */
  detail: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  /** Hex SHA-256 of the token: the token itself is never stored. */
  sha256: string;
  created_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

/**
 * One analysis result (RBAC escalation paths or NetworkPolicy reachability) as gzipped JSON,
 * stored once per cluster, kind and content: scans of an unchanged cluster share it.
 */
export interface AnalysisBodyTable {
  id: Generated<number>;
  cluster_id: number;
  /** rbac | netpol */
  kind: string;
  /** Hex SHA-256 of the JSON. */
  digest: string;
  /** gzip of the JSON of an RbacAnalysis or NetpolAnalysis (src/server/analysis): names and connections, never a secret value. Read back as a Buffer (pg) or an ArrayBuffer (libsql). */
  body: Uint8Array | ArrayBuffer;
  /** Length of the JSON in characters (body is smaller). */
  size: number;
  created_at: string;
}

/** Which analysis result a scan recorded, or why it has none. */
export interface ScanAnalysisTable {
  scan_id: number;
  kind: string;
  /** ok | error */
  status: string;
  error: string | null;
  body_id: number | null;
  /** JSON: a few counts of the body, for listings. */
  summary: string;
  duration_ms: number;
}

export interface Database {
  clusters: ClusterTable;
  scans: ScanTable;
  findings: FindingTable;
  scan_changes: ScanChangeTable;
  exceptions: ExceptionTable;
  audit_alerts: AuditAlertTable;
  api_tokens: ApiTokenTable;
  settings: SettingTable;
  analysis_bodies: AnalysisBodyTable;
  scan_analyses: ScanAnalysisTable;
}
