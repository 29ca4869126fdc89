/** The dashboard's calls to the REST API, with the token kept in sessionStorage for the tab. */
export interface Cluster {
  id: number;
  name: string;
  schedule: string | null;
  nextRunAt: string | null;
  latestScan: Scan | null;
  /** Counts of the newest RBAC and reachability analyses; null: none recorded yet. */
  analysis: { rbac: LatestAnalysis<RbacSummary> | null; netpol: LatestAnalysis<NetpolSummary> | null };
}
/** The newest analysis of a kind, counts only (summary null when it failed). */
export interface LatestAnalysis<S> {
  scanId: number;
  at: string;
  status: 'ok' | 'error';
  error: string | null;
  summary: S | null;
}
export interface RbacSummary {
  paths: number;
  critical: number;
  toClusterAdmin: number;
  toKubeSystemSecrets: number;
  subjects: number;
  exposedSubjects: number | null;
  capped: boolean;
}
export interface NetpolSummary {
  cniEnforces: boolean | null;
  namespaces: number;
  namespacesWithWorkloads: number;
  withoutDefaultDenyIngress: number;
  withoutDefaultDenyEgress: number;
  workloads: number;
  openToAll: number;
  fromOutside: number;
  connections: number | null;
  capped: boolean;
}
export interface Scan {
  id: number;
  status: string;
  startedAt: string;
  findings: number;
  new: number;
  fixed: number;
  score: number | null;
  scoreByArea: Record<string, number>;
  bySeverity: Record<string, number>;
  error: string | null;
}
export interface TrendPoint {
  at: string;
  findings: number;
  score: number | null;
  scoreByArea: Record<string, number>;
  status: string;
}
export interface Finding {
  id: number;
  clusterId: number;
  checkId: string;
  title: string;
  area: string;
  severity: string;
  resource: { apiVersion: string | null; kind: string; namespace: string | null; name: string };
  path: string;
  location: { file?: string; line?: number; path?: string } | null;
  message: string;
  remediation: string;
  frameworks: { framework: string; control: string }[];
  status: string;
  firstSeenAt: string;
  lastSeenAt: string;
  fixedAt: string | null;
  reopened: number;
}
export interface Alert {
  id: number;
  ruleId: string;
  severity: string;
  message: string;
  eventTime: string;
}

/** GET /api/v1/clusters/{id}/rbac and /netpol: one scan's analysis with the recent history. */
export interface AnalysisResponse<T> {
  cluster: { id: number; name: string };
  scan: { id: number; startedAt: string; status: string };
  status: 'ok' | 'error';
  error: string | null;
  durationMs: number;
  summary: Record<string, number | boolean | null>;
  history: { scanId: number; at: string; status: string; summary: Record<string, number | boolean | null> }[];
  analysis: T | null;
}
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}
export interface RbacHop {
  from: string;
  to: string;
  primitive: string;
  text: string;
  grants: { binding: ObjectRef; role: ObjectRef; ruleIndex: number; rule: string }[];
}
export interface RbacPath {
  subject: ObjectRef;
  label: string;
  sink: 'cluster-admin' | 'kube-system-secrets';
  severity: 'critical' | 'info';
  bootstrap: boolean;
  exposed: boolean;
  workloads: string[];
  workloadCount: number;
  hops: RbacHop[];
}
export interface RbacAnalysis {
  identities: number;
  total: number;
  limit: number;
  capped: boolean;
  counts: { bySink: Record<string, number>; bySeverity: Record<string, number>; subjects: number; exposed: number; exposedSubjects?: number };
  gaps: string[];
  paths: RbacPath[];
}
export interface NetNamespace {
  name: string;
  policies: number;
  workloads: number;
  defaultDeny: { ingress: boolean; egress: boolean };
  ingressOpen: number;
  egressOpen: number;
  openToAll: number;
  fromOutside: number;
  fromOtherNamespaces: number | null;
  note?: string;
}
export interface NetWorkload {
  id: string;
  namespace: string;
  name: string;
  kind: string;
  hostNetwork: boolean;
  ingressIsolated: boolean;
  egressIsolated: boolean;
  fromEntireCluster: string | null;
  fromOutside: { range: string; conn: string }[];
  fromOutsideRanges: number;
  fromAnyAddress: boolean;
  fromNamespaces: string[] | null;
  fromNamespaceCount: number | null;
  toMetadata: string | null;
}
export interface Connection {
  src: string;
  dst: string;
  conn: string;
}
export interface NetpolAnalysis {
  cni: { plugins: { name: string; enforces: boolean; evidence: string }[]; enforces: boolean | null };
  totals: { namespaces: number; workloads: number; policies: number; withoutDefaultDenyIngress: number; withoutDefaultDenyEgress: number; openToAll: number; fromOutside: number };
  namespaces: NetNamespace[];
  workloads: { total: number; limit: number; capped: boolean; items: NetWorkload[] };
  matrix: { namespaces: string[]; cells: [number, number, number][] } | null;
  connections: { total: number; limit: number; capped: boolean; skipped?: string; items: Connection[] };
  notes: string[];
}

const KEY = 'kubefort-token';
export const token = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (t: string): void => sessionStorage.setItem(KEY, t),
  clear: (): void => sessionStorage.removeItem(KEY),
};

export class Unauthorized extends Error {}

export async function api<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token.get() ?? ''}` } });
  if (res.status === 401) throw new Unauthorized('token refused');
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `${path}: HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}

/** Server-sent alerts over fetch (EventSource cannot send the Authorization header). */
export async function streamAlerts(onAlert: (a: Alert) => void, signal: AbortSignal): Promise<void> {
  const res = await fetch('/api/v1/alerts/stream', { headers: { authorization: `Bearer ${token.get() ?? ''}`, accept: 'text/event-stream' }, signal });
  if (!res.ok || res.body === null) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (data !== '') onAlert(JSON.parse(data) as Alert);
    }
  }
}
