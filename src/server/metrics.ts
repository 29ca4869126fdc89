/**
 * Prometheus metrics in the text exposition format (0.0.4), without a client library: a few
 * counters and one histogram kept in memory per instance, and the open-findings gauge read
 * from storage at scrape time (so every replica reports the same fleet-wide numbers).
 */
export type Labels = Readonly<Record<string, string>>;

const DURATION_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? '' : `{${keys.map((k) => `${k}="${escape(labels[k] ?? '')}"`).join(',')}}`;
}

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels, by = 1): void {
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  get(labels: Labels): number {
    return this.values.get(labelText(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of [...this.values].sort()) lines.push(`${this.name}${key} ${value}`);
    return lines.join('\n');
  }
}

class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}
  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    const s = this.series.get(key) ?? { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count++;
    this.series.set(key, s);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, s] of [...this.series].sort(([a], [b]) => a.localeCompare(b))) {
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i] ?? 0}`));
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${key} ${s.sum}`);
      lines.push(`${this.name}_count${key} ${s.count}`);
    }
    return lines.join('\n');
  }
}

export class Metrics {
  readonly scans = new Counter('kubefort_scans_total', 'Scans finished by this instance, by cluster and status (ok, error).');
  readonly scanErrors = new Counter('kubefort_scan_errors_total', 'Scans that failed (cluster unreachable, kubeconfig unusable), by cluster.');
  readonly scanDuration = new Histogram('kubefort_scan_duration_seconds', 'Duration of scans run by this instance, by cluster.', DURATION_BUCKETS);
  readonly nodeReports = new Counter('kubefort_node_reports_received_total', 'Node-scan reports received, by cluster.');
  readonly auditEvents = new Counter('kubefort_audit_events_received_total', 'Audit events received through the webhook, by cluster.');
  readonly alerts = new Counter('kubefort_audit_alerts_total', 'Audit alerts raised, by cluster and rule.');

  /** The whole exposition; `open` are the open-finding counts from storage. */
  render(open: readonly { cluster: string; area: string; severity: string; n: number }[]): string {
    const gauge = ['# HELP kubefort_findings_open Open findings, by cluster, hardening area and severity.', '# TYPE kubefort_findings_open gauge'];
    for (const o of [...open].sort((a, b) => `${a.cluster}\0${a.area}\0${a.severity}`.localeCompare(`${b.cluster}\0${b.area}\0${b.severity}`))) {
      gauge.push(`kubefort_findings_open${labelText({ cluster: o.cluster, area: o.area, severity: o.severity })} ${o.n}`);
    }
    return [gauge.join('\n'), this.scans.render(), this.scanErrors.render(), this.scanDuration.render(), this.nodeReports.render(), this.auditEvents.render(), this.alerts.render()].join('\n') + '\n';
  }
}
