/**
 * Runs due scans. Each tick an instance claims due clusters one at a time (a lease row in
 * storage: FOR UPDATE SKIP LOCKED on PostgreSQL), scans, records, and sets the next due time
 * from the cron schedule. Replicas sharing a database never run the same slot twice; a slot
 * whose instance died is taken over when its lease expires. Missed slots while every instance
 * was down are coalesced into one scan.
 */
import { parseCron } from './cron.js';
import type { Metrics } from './metrics.js';
import { scanOutput, type ScanFunction } from './scanner.js';
import type { ClusterRow, Store } from './storage/store.js';

export interface SchedulerOptions {
  readonly store: Store;
  readonly scan: ScanFunction;
  readonly metrics: Metrics;
  readonly instance: string;
  readonly tickMs: number;
  readonly leaseMs: number;
  readonly clock?: () => Date;
  readonly log?: (level: 'info' | 'warn', message: string) => void;
}

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Scans finished by this instance (for tests and logs). */
  readonly completed: { cluster: string; scanId: number; status: string }[] = [];

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .then(() => undefined)
        .catch((error: unknown) => this.options.log?.('warn', `scheduler tick failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.options.tickMs);
        });
    }, delay);
    this.timer.unref();
  }

  /** Claims and runs due scans until none is due. */
  async tick(): Promise<number> {
    let ran = 0;
    for (;;) {
      const now = this.now();
      const claimed = await this.options.store.claimDue(this.options.instance, this.options.leaseMs, now);
      if (claimed === undefined) break;
      await this.runOne(claimed);
      ran++;
      if (this.stopped) break;
    }
    return ran;
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  private async runOne(cluster: ClusterRow): Promise<void> {
    const { store, metrics, instance } = this.options;
    const started = this.now();
    const t0 = performance.now();
    try {
      const source = JSON.parse(cluster.source) as Parameters<ScanFunction>[0];
      const { result, analyses } = scanOutput(await this.options.scan(source, await store.exceptionRules(cluster.id)));
      const recorded = await store.recordScan(cluster.id, result, { trigger: 'scheduled', instance, ...(analyses === undefined ? {} : { analyses }) });
      metrics.scans.inc({ cluster: cluster.name, status: 'ok' });
      this.completed.push({ cluster: cluster.name, scanId: recorded.scan.id, status: 'ok' });
      this.options.log?.('info', `scanned ${cluster.name}: ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} (${recorded.added} new, ${recorded.fixed} fixed)`);
      for (const [kind, outcome] of Object.entries(analyses ?? {})) if (outcome.status === 'error') this.options.log?.('warn', `${kind} analysis of ${cluster.name} failed: ${outcome.error}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = await store.recordFailedScan(cluster.id, message, { trigger: 'scheduled', instance, startedAt: started, durationMs: Math.round(performance.now() - t0) });
      metrics.scans.inc({ cluster: cluster.name, status: 'error' });
      metrics.scanErrors.inc({ cluster: cluster.name });
      this.completed.push({ cluster: cluster.name, scanId: failed.id, status: 'error' });
      this.options.log?.('warn', `scan of ${cluster.name} failed: ${message}`);
    } finally {
      metrics.scanDuration.observe({ cluster: cluster.name }, (performance.now() - t0) / 1000);
      const next = parseCron(cluster.schedule).next(this.now());
      await store.finishClaim(cluster.id, instance, next);
    }
  }
}
