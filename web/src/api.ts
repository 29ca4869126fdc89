/** The dashboard's calls to the REST API, with the token kept in sessionStorage for the tab. */
export interface Cluster {
  id: number;
  name: string;
  schedule: string | null;
  nextRunAt: string | null;
  latestScan: Scan | null;
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
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
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
