/**
 * Every read and write of the service, over one kysely instance (SQLite or PostgreSQL).
 * Recording a scan is one transaction: the scan row, the findings' first/last seen and
 * fixed times, and the scan's drift (new / open / fixed) against the previous state.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Area } from '../../core/area.js';
import type { Finding, ScanResult } from '../../core/finding.js';
import type { Severity } from '../../core/severity.js';
import type { ExceptionRule } from '../../engine/suppressions.js';
import { CLUSTER_NAME_RULE, clusterNameProblem } from '../cluster-name.js';
import { ServerError } from '../errors.js';
import { ANALYSIS_KINDS, summariseAnalysis, type AnalysisKind, type AnalysisSummary, type ClusterAnalyses, type NetpolAnalysis, type RbacAnalysis } from '../analysis/index.js';
import { drift, scoreScan, timeToFix, type ScanScore, type TimeToFix } from '../history.js';
import type { DialectKind } from './migrations.js';
import type { ClusterTable, Database, FindingTable, ScanTable } from './schema.js';

export type ClusterRow = Selectable<ClusterTable>;
export type ScanRow = Selectable<ScanTable>;
export type FindingRow = Selectable<FindingTable>;

export interface ClusterSource {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly inCluster?: boolean;
}

export interface ScanSummaryJson {
  readonly bySeverity: Partial<Record<Severity, number>>;
  readonly byArea: Partial<Record<Area, number>>;
  readonly score: ScanScore;
  readonly errors: number;
}

export interface RecordedScan {
  readonly scan: ScanRow;
  readonly added: number;
  readonly fixed: number;
  readonly stillOpen: number;
}

export interface FindingFilter {
  readonly cluster?: number;
  /** open (default), fixed or all. */
  readonly status?: 'open' | 'fixed' | 'all';
  readonly severity?: readonly string[];
  readonly area?: readonly string[];
  readonly check?: string;
  readonly namespace?: string;
  readonly kind?: string;
  /** Case-insensitive substring of title, message, name or check id. */
  readonly q?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export interface NewException {
  readonly clusterId?: number | null;
  readonly checkId: string;
  readonly kind?: string | null;
  readonly namespace?: string | null;
  readonly name?: string | null;
  readonly reason: string;
  readonly owner?: string | null;
  readonly expires?: string | null;
}

export interface NewAlert {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly eventTime: string;
  readonly detail?: Record<string, unknown>;
}

export interface TrendPoint {
  readonly scanId: number;
  readonly at: string;
  readonly scope: string;
  readonly status: string;
  readonly findings: number;
  readonly new: number;
  readonly fixed: number;
  readonly bySeverity: Partial<Record<Severity, number>>;
  readonly byArea: Partial<Record<Area, number>>;
  readonly score: number | null;
  readonly scoreByArea: Partial<Record<Area, number>>;
}

/** One recorded analysis of a scan (body null when the analysis failed). */
export interface StoredAnalysis<K extends AnalysisKind = AnalysisKind> {
  readonly scan: ScanRow;
  readonly kind: K;
  readonly status: string;
  readonly error: string | null;
  readonly body: (K extends 'rbac' ? RbacAnalysis : NetpolAnalysis) | null;
  readonly summary: AnalysisSummary;
  readonly durationMs: number;
}

export interface AnalysisHistoryPoint {
  readonly scanId: number;
  readonly at: string;
  readonly status: string;
  readonly summary: AnalysisSummary;
}

/** The newest recorded analysis of one kind, without its body: what the cluster list shows. */
export interface LatestAnalysis extends AnalysisHistoryPoint {
  readonly error: string | null;
}

const iso = (d: Date) => d.toISOString();

/** No cluster row gets a name the API could not address (the routes and the config check first; this is the backstop). */
function assertClusterName(name: string): void {
  const problem = clusterNameProblem(name);
  if (problem !== undefined) throw new ServerError('KF_ERR_BAD_REQUEST', `${JSON.stringify(name)} is not a valid cluster name (${problem}): ${CLUSTER_NAME_RULE}`);
}

export class Store {
  constructor(
    readonly db: Kysely<Database>,
    readonly kind: DialectKind,
  ) {}

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /** A cheap round trip, for /readyz. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  // ---- clusters and scheduling ------------------------------------------------------------

  /** Creates or updates a configured cluster; a new one, or one whose schedule changed, is due at `firstRunAt`. */
  async upsertCluster(name: string, source: ClusterSource, schedule: string, firstRunAt: Date, now = new Date()): Promise<ClusterRow> {
    assertClusterName(name);
    const existing = await this.db.selectFrom('clusters').selectAll().where('name', '=', name).executeTakeFirst();
    const sourceJson = JSON.stringify(source);
    if (existing === undefined) {
      await this.db
        .insertInto('clusters')
        .values({ name, source: sourceJson, schedule, next_run_at: iso(firstRunAt), lease_owner: null, lease_until: null, created_at: iso(now) })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    } else if (existing.schedule !== schedule || existing.source !== sourceJson) {
      await this.db
        .updateTable('clusters')
        .set({ source: sourceJson, schedule, ...(existing.schedule !== schedule ? { next_run_at: iso(firstRunAt) } : {}) })
        .where('id', '=', existing.id)
        .execute();
    }
    return this.db.selectFrom('clusters').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  }

  /**
   * The cluster row of a name, created without a schedule when absent and `create` is set: the
   * intake routes (node scans, audit webhook) take reports of clusters this service does not scan.
   */
  async clusterByName(name: string, create = false, now = new Date()): Promise<ClusterRow | undefined> {
    const row = await this.db.selectFrom('clusters').selectAll().where('name', '=', name).executeTakeFirst();
    if (row !== undefined || !create) return row;
    assertClusterName(name);
    await this.db
      .insertInto('clusters')
      .values({ name, source: '{}', schedule: '', next_run_at: '9999-12-31T00:00:00.000Z', lease_owner: null, lease_until: null, created_at: iso(now) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return this.db.selectFrom('clusters').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async cluster(id: number): Promise<ClusterRow | undefined> {
    return this.db.selectFrom('clusters').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async clusters(): Promise<ClusterRow[]> {
    return this.db.selectFrom('clusters').selectAll().orderBy('name').execute();
  }

  /**
   * Claims one cluster whose scan is due and whose lease is free, for `leaseMs`. On PostgreSQL the
   * candidate row is locked with FOR UPDATE SKIP LOCKED, so concurrent instances pick different
   * rows without waiting; on both databases the update is guarded, so a lost race claims nothing.
   * The due time stays until `finishClaim`: an instance that dies mid-scan lets its lease expire
   * and another instance runs the same slot.
   */
  async claimDue(instance: string, leaseMs: number, now = new Date()): Promise<ClusterRow | undefined> {
    const nowIso = iso(now);
    return this.db.transaction().execute(async (trx) => {
      let query = trx
        .selectFrom('clusters')
        .select('id')
        .where('next_run_at', '<=', nowIso)
        .where('schedule', '!=', '')
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowIso)]))
        .orderBy('next_run_at')
        .limit(1);
      if (this.kind === 'postgres') query = query.forUpdate().skipLocked();
      const candidate = await query.executeTakeFirst();
      if (candidate === undefined) return undefined;
      const updated = await trx
        .updateTable('clusters')
        .set({ lease_owner: instance, lease_until: iso(new Date(now.getTime() + leaseMs)) })
        .where('id', '=', candidate.id)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowIso)]))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return undefined;
      return trx.selectFrom('clusters').selectAll().where('id', '=', candidate.id).executeTakeFirst();
    });
  }

  /** Releases a claim and sets the next due time; only the lease holder can. */
  async finishClaim(clusterId: number, instance: string, nextRunAt: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('clusters')
      .set({ lease_owner: null, lease_until: null, next_run_at: iso(nextRunAt) })
      .where('id', '=', clusterId)
      .where('lease_owner', '=', instance)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // ---- scans --------------------------------------------------------------------------------

  /** Records a finished scan and its drift against the cluster's open findings of the same scope. */
  async recordScan(clusterId: number, result: ScanResult, meta: { trigger: string; instance?: string; scope?: string; finishedAt?: Date; checkAreas?: ReadonlyMap<string, Area>; analyses?: ClusterAnalyses }): Promise<RecordedScan> {
    const scope = meta.scope ?? (result.target.type === 'node' ? `node:${result.target.paths?.[0] ?? 'unknown'}` : 'cluster');
    const finishedAt = iso(meta.finishedAt ?? new Date());
    const seenAt = result.startedAt;
    const score = scoreScan(result, meta.checkAreas);
    const summary: ScanSummaryJson = { bySeverity: result.summary.bySeverity, byArea: result.summary.byArea, score, errors: result.summary.errors };
    // One row per fingerprint: a scan can report the same fingerprint twice only by mistake.
    const unique = [...new Map(result.findings.map((f) => [f.fingerprint, f])).values()];
    return this.db.transaction().execute(async (trx) => {
      const open = await trx.selectFrom('findings').selectAll().where('cluster_id', '=', clusterId).where('scope', '=', scope).where('fixed_at', 'is', null).execute();
      const d = drift(open, unique);
      const scan = await trx
        .insertInto('scans')
        .values({
          cluster_id: clusterId,
          scope,
          trigger: meta.trigger,
          status: 'ok',
          error: null,
          instance: meta.instance ?? null,
          started_at: result.startedAt,
          finished_at: finishedAt,
          duration_ms: result.durationMs,
          resources: result.summary.resources,
          findings: unique.length,
          new_findings: d.added.length,
          fixed_findings: d.fixed.length,
          open_findings: d.stillOpen.length,
          summary: JSON.stringify(summary),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const openByFp = new Map(open.map((o) => [o.fingerprint, o]));
      const changes: { scan_id: number; finding_id: number; change: string }[] = [];
      // Still open: one bulk update of the sighting; a row-by-row update only where the text changed.
      const stillIds: number[] = [];
      for (const f of d.stillOpen) {
        const row = openByFp.get(f.fingerprint);
        if (row === undefined) continue;
        stillIds.push(row.id);
        const fresh = mutable(f);
        if ((Object.keys(fresh) as (keyof typeof fresh)[]).some((k) => row[k] !== fresh[k])) await trx.updateTable('findings').set(fresh).where('id', '=', row.id).execute();
        changes.push({ scan_id: scan.id, finding_id: row.id, change: 'open' });
      }
      for (const ids of chunks(stillIds)) await trx.updateTable('findings').set({ last_seen_at: seenAt, last_scan_id: scan.id }).where('id', 'in', ids).execute();
      // New: fixed earlier and back (reopened), or never seen (bulk insert).
      const previous = new Map<string, { id: number; reopened: number }>();
      for (const fps of chunks(d.added.map((f) => f.fingerprint))) {
        for (const r of await trx.selectFrom('findings').select(['id', 'reopened', 'fingerprint']).where('cluster_id', '=', clusterId).where('fingerprint', 'in', fps).execute()) previous.set(r.fingerprint, r);
      }
      const inserts = [];
      for (const f of d.added) {
        const before = previous.get(f.fingerprint);
        if (before === undefined) {
          inserts.push({ cluster_id: clusterId, scope, fingerprint: f.fingerprint, ...mutable(f), first_seen_at: seenAt, last_seen_at: seenAt, first_scan_id: scan.id, last_scan_id: scan.id, fixed_at: null, fixed_scan_id: null, reopened: 0 });
          continue;
        }
        await trx
          .updateTable('findings')
          .set({ ...mutable(f), scope, last_seen_at: seenAt, last_scan_id: scan.id, fixed_at: null, fixed_scan_id: null, reopened: before.reopened + 1 })
          .where('id', '=', before.id)
          .execute();
        changes.push({ scan_id: scan.id, finding_id: before.id, change: 'new' });
      }
      for (const batch of chunks(inserts, 200)) {
        for (const r of await trx.insertInto('findings').values(batch).returning('id').execute()) changes.push({ scan_id: scan.id, finding_id: r.id, change: 'new' });
      }
      // Fixed: open before, not found now.
      for (const ids of chunks(d.fixed.map((r) => r.id))) await trx.updateTable('findings').set({ fixed_at: seenAt, fixed_scan_id: scan.id }).where('id', 'in', ids).execute();
      for (const row of d.fixed) changes.push({ scan_id: scan.id, finding_id: row.id, change: 'fixed' });
      for (let i = 0; i < changes.length; i += 500) await trx.insertInto('scan_changes').values(changes.slice(i, i + 500)).execute();
      if (meta.analyses !== undefined) await this.insertAnalyses(trx, clusterId, scan.id, meta.analyses, finishedAt);
      return { scan, added: d.added.length, fixed: d.fixed.length, stillOpen: d.stillOpen.length };
    });
  }

  /** A scan's analyses: each body stored once per cluster, kind and content, then referred to by the scan. */
  private async insertAnalyses(trx: Transaction<Database>, clusterId: number, scanId: number, analyses: ClusterAnalyses, now: string): Promise<void> {
    for (const kind of ANALYSIS_KINDS) {
      const outcome = analyses[kind];
      if (outcome.status === 'error') {
        await trx.insertInto('scan_analyses').values({ scan_id: scanId, kind, status: 'error', error: outcome.error, body_id: null, summary: '{}', duration_ms: outcome.durationMs }).execute();
        continue;
      }
      const json = JSON.stringify(outcome.body);
      const digest = createHash('sha256').update(json).digest('hex');
      const find = () => trx.selectFrom('analysis_bodies').select('id').where('cluster_id', '=', clusterId).where('kind', '=', kind).where('digest', '=', digest).executeTakeFirst();
      let row = await find();
      if (row === undefined) {
        await trx
          .insertInto('analysis_bodies')
          .values({ cluster_id: clusterId, kind, digest, body: gzipSync(json), size: json.length, created_at: now })
          .onConflict((oc) => oc.columns(['cluster_id', 'kind', 'digest']).doNothing())
          .execute();
        row = await find();
      }
      if (row === undefined) throw new Error(`${kind} analysis body was not stored`);
      await trx
        .insertInto('scan_analyses')
        .values({ scan_id: scanId, kind, status: 'ok', error: null, body_id: row.id, summary: JSON.stringify(summariseAnalysis(outcome.body)), duration_ms: outcome.durationMs })
        .execute();
    }
  }

  /** The analysis of a cluster's scan: that scan's (`scanId`), or the newest scan that has one. */
  async analysis<K extends AnalysisKind>(clusterId: number, kind: K, scanId?: number): Promise<StoredAnalysis<K> | undefined> {
    let q = this.db
      .selectFrom('scan_analyses')
      .innerJoin('scans', 'scans.id', 'scan_analyses.scan_id')
      .leftJoin('analysis_bodies', 'analysis_bodies.id', 'scan_analyses.body_id')
      .selectAll('scans')
      .select(['scan_analyses.status as a_status', 'scan_analyses.error as a_error', 'scan_analyses.summary as a_summary', 'scan_analyses.duration_ms as a_duration', 'analysis_bodies.body as a_body'])
      .where('scans.cluster_id', '=', clusterId)
      .where('scan_analyses.kind', '=', kind);
    if (scanId !== undefined) q = q.where('scans.id', '=', scanId);
    const row = await q.orderBy('scans.started_at', 'desc').orderBy('scans.id', 'desc').limit(1).executeTakeFirst();
    if (row === undefined) return undefined;
    const { a_status, a_error, a_summary, a_duration, a_body, ...scan } = row;
    const body = a_body === null ? null : (JSON.parse(gunzipSync(a_body).toString('utf8')) as StoredAnalysis<K>['body']);
    return { scan, kind, status: a_status, error: a_error, body, summary: JSON.parse(a_summary) as AnalysisSummary, durationMs: a_duration };
  }

  /** The summaries of a cluster's recent analyses of one kind, newest first. */
  async analysisHistory(clusterId: number, kind: AnalysisKind, limit = 30): Promise<AnalysisHistoryPoint[]> {
    const rows = await this.db
      .selectFrom('scan_analyses')
      .innerJoin('scans', 'scans.id', 'scan_analyses.scan_id')
      .select(['scans.id as scanId', 'scans.started_at as at', 'scan_analyses.status as status', 'scan_analyses.summary as summary'])
      .where('scans.cluster_id', '=', clusterId)
      .where('scan_analyses.kind', '=', kind)
      .orderBy('scans.started_at', 'desc')
      .orderBy('scans.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ scanId: r.scanId, at: r.at, status: r.status, summary: JSON.parse(r.summary) as AnalysisSummary }));
  }

  /**
   * Per kind, the newest analysis recorded for a cluster (the one GET /clusters/{id}/rbac and /netpol
   * serve by default), read from its row alone: status, error and the counts kept beside it, never
   * the body. null: no scan of the cluster recorded that analysis.
   */
  async latestAnalyses(clusterId: number): Promise<Record<AnalysisKind, LatestAnalysis | null>> {
    const out = {} as Record<AnalysisKind, LatestAnalysis | null>;
    for (const kind of ANALYSIS_KINDS) {
      const r = await this.db
        .selectFrom('scan_analyses')
        .innerJoin('scans', 'scans.id', 'scan_analyses.scan_id')
        .select(['scans.id as scanId', 'scans.started_at as at', 'scan_analyses.status as status', 'scan_analyses.error as error', 'scan_analyses.summary as summary'])
        .where('scans.cluster_id', '=', clusterId)
        .where('scan_analyses.kind', '=', kind)
        .orderBy('scans.started_at', 'desc')
        .orderBy('scans.id', 'desc')
        .limit(1)
        .executeTakeFirst();
      out[kind] = r === undefined ? null : { ...r, summary: JSON.parse(r.summary) as AnalysisSummary };
    }
    return out;
  }

  /** Records a scan that failed (unreachable cluster, bad kubeconfig): no finding changes state. */
  async recordFailedScan(clusterId: number, error: string, meta: { trigger: string; instance?: string; startedAt: Date; durationMs: number }): Promise<ScanRow> {
    return this.db
      .insertInto('scans')
      .values({
        cluster_id: clusterId,
        scope: 'cluster',
        trigger: meta.trigger,
        status: 'error',
        error: error.slice(0, 2000),
        instance: meta.instance ?? null,
        started_at: iso(meta.startedAt),
        finished_at: iso(new Date(meta.startedAt.getTime() + meta.durationMs)),
        duration_ms: meta.durationMs,
        resources: 0,
        findings: 0,
        new_findings: 0,
        fixed_findings: 0,
        open_findings: 0,
        summary: JSON.stringify({ bySeverity: {}, byArea: {}, score: { byArea: {}, overall: null }, errors: 1 } satisfies ScanSummaryJson),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async scans(filter: { cluster?: number; limit?: number; offset?: number } = {}): Promise<ScanRow[]> {
    let q = this.db.selectFrom('scans').selectAll();
    if (filter.cluster !== undefined) q = q.where('cluster_id', '=', filter.cluster);
    return q
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 50)
      .offset(filter.offset ?? 0)
      .execute();
  }

  async scan(id: number): Promise<ScanRow | undefined> {
    return this.db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async latestScan(clusterId: number): Promise<ScanRow | undefined> {
    return this.db.selectFrom('scans').selectAll().where('cluster_id', '=', clusterId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /** The scan's drift: findings that appeared, stayed open or were fixed in it. */
  async scanChanges(scanId: number): Promise<{ new: FindingRow[]; open: FindingRow[]; fixed: FindingRow[] }> {
    const rows = await this.db
      .selectFrom('scan_changes')
      .innerJoin('findings', 'findings.id', 'scan_changes.finding_id')
      .selectAll('findings')
      .select('scan_changes.change')
      .where('scan_changes.scan_id', '=', scanId)
      .orderBy('findings.id')
      .execute();
    const out = { new: [] as FindingRow[], open: [] as FindingRow[], fixed: [] as FindingRow[] };
    for (const { change, ...row } of rows) if (change === 'new' || change === 'open' || change === 'fixed') out[change].push(row);
    return out;
  }

  // ---- findings -----------------------------------------------------------------------------

  async findings(filter: FindingFilter = {}): Promise<{ total: number; items: FindingRow[] }> {
    let q = this.db.selectFrom('findings');
    if (filter.cluster !== undefined) q = q.where('cluster_id', '=', filter.cluster);
    const status = filter.status ?? 'open';
    if (status === 'open') q = q.where('fixed_at', 'is', null);
    if (status === 'fixed') q = q.where('fixed_at', 'is not', null);
    if (filter.severity !== undefined && filter.severity.length > 0) q = q.where('severity', 'in', filter.severity);
    if (filter.area !== undefined && filter.area.length > 0) q = q.where('area', 'in', filter.area);
    if (filter.check !== undefined) q = q.where('check_id', '=', filter.check);
    if (filter.namespace !== undefined) q = q.where('namespace', '=', filter.namespace);
    if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
    if (filter.q !== undefined && filter.q !== '') {
      const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) =>
        eb.or(['title', 'message', 'name', 'check_id'].map((col) => eb(sql`lower(${sql.ref(col)})`, 'like', sql`${like} escape '\\'`))),
      );
    }
    const total = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const items = await q
      .selectAll()
      .orderBy(sql`case severity when 'critical' then 0 when 'high' then 1 when 'medium' then 2 when 'low' then 3 else 4 end`)
      .orderBy('check_id')
      .orderBy('id')
      .limit(Math.min(filter.limit ?? 100, 1000))
      .offset(filter.offset ?? 0)
      .execute();
    return { total: Number(total.n), items };
  }

  async finding(id: number): Promise<FindingRow | undefined> {
    return this.db.selectFrom('findings').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Open findings counted by cluster, area and severity (for /metrics). */
  async openCounts(): Promise<{ cluster: string; area: string; severity: string; n: number }[]> {
    const rows = await this.db
      .selectFrom('findings')
      .innerJoin('clusters', 'clusters.id', 'findings.cluster_id')
      .select(['clusters.name as cluster', 'findings.area as area', 'findings.severity as severity'])
      .select((eb) => eb.fn.countAll().as('n'))
      .where('findings.fixed_at', 'is', null)
      .groupBy(['clusters.name', 'findings.area', 'findings.severity'])
      .execute();
    return rows.map((r) => ({ cluster: r.cluster, area: r.area, severity: r.severity, n: Number(r.n) }));
  }

  // ---- history ------------------------------------------------------------------------------

  /** Counts and scores of a cluster's scans since `since`, oldest first. */
  async trend(clusterId: number, since: Date): Promise<TrendPoint[]> {
    const rows = await this.db
      .selectFrom('scans')
      .selectAll()
      .where('cluster_id', '=', clusterId)
      .where('started_at', '>=', iso(since))
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => {
      const s = JSON.parse(r.summary) as ScanSummaryJson;
      return {
        scanId: r.id,
        at: r.started_at,
        scope: r.scope,
        status: r.status,
        findings: r.findings,
        new: r.new_findings,
        fixed: r.fixed_findings,
        bySeverity: s.bySeverity,
        byArea: s.byArea,
        score: s.score.overall,
        scoreByArea: s.score.byArea,
      };
    });
  }

  /** Time from first seen to fixed, overall and per severity, for findings fixed since `since`. */
  async timeToFix(clusterId: number | undefined, since: Date): Promise<{ overall: TimeToFix; bySeverity: Record<string, TimeToFix> }> {
    let q = this.db.selectFrom('findings').select(['first_seen_at', 'fixed_at', 'severity']).where('fixed_at', '>=', iso(since));
    if (clusterId !== undefined) q = q.where('cluster_id', '=', clusterId);
    const rows = await q.execute();
    const bySeverity: Record<string, TimeToFix> = {};
    for (const severity of new Set(rows.map((r) => r.severity))) bySeverity[severity] = timeToFix(rows.filter((r) => r.severity === severity));
    return { overall: timeToFix(rows), bySeverity };
  }

  // ---- exceptions ---------------------------------------------------------------------------

  async exceptions(clusterId?: number): Promise<Selectable<Database['exceptions']>[]> {
    let q = this.db.selectFrom('exceptions').selectAll();
    if (clusterId !== undefined) q = q.where((eb) => eb.or([eb('cluster_id', 'is', null), eb('cluster_id', '=', clusterId)]));
    return q.orderBy('id').execute();
  }

  async addException(e: NewException, now = new Date()): Promise<Selectable<Database['exceptions']>> {
    return this.db
      .insertInto('exceptions')
      .values({
        cluster_id: e.clusterId ?? null,
        check_id: e.checkId,
        kind: e.kind ?? null,
        namespace: e.namespace ?? null,
        name: e.name ?? null,
        reason: e.reason,
        owner: e.owner ?? null,
        expires: e.expires ?? null,
        created_at: iso(now),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async deleteException(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('exceptions').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  /** A cluster's exceptions as the engine's rules, applied at scan time. */
  async exceptionRules(clusterId: number): Promise<ExceptionRule[]> {
    return (await this.exceptions(clusterId)).map((e) => ({
      checks: [e.check_id],
      match: { ...(e.kind === null ? {} : { kind: e.kind }), ...(e.namespace === null ? {} : { namespace: e.namespace }), ...(e.name === null ? {} : { name: e.name }) },
      reason: e.reason,
      ...(e.owner === null ? {} : { owner: e.owner }),
      ...(e.expires === null ? {} : { expires: e.expires }),
      source: `service exception #${e.id}`,
    }));
  }

  // ---- audit alerts -------------------------------------------------------------------------

  async addAlerts(clusterId: number, alerts: readonly NewAlert[], now = new Date()): Promise<number> {
    if (alerts.length === 0) return 0;
    await this.db
      .insertInto('audit_alerts')
      .values(alerts.map((a) => ({ cluster_id: clusterId, rule_id: a.ruleId, severity: a.severity, message: a.message, event_time: a.eventTime, received_at: iso(now), detail: JSON.stringify(a.detail ?? {}) })))
      .execute();
    return alerts.length;
  }

  async alerts(filter: { cluster?: number; rule?: string; limit?: number } = {}): Promise<Selectable<Database['audit_alerts']>[]> {
    let q = this.db.selectFrom('audit_alerts').selectAll();
    if (filter.cluster !== undefined) q = q.where('cluster_id', '=', filter.cluster);
    if (filter.rule !== undefined) q = q.where('rule_id', '=', filter.rule);
    return q.orderBy('event_time', 'desc').orderBy('id', 'desc').limit(filter.limit ?? 100).execute();
  }

  /** Alerts stored after `id`, oldest first (the live stream polls this, so every replica sees every alert). */
  async alertsAfter(id: number, limit = 100): Promise<Selectable<Database['audit_alerts']>[]> {
    return this.db.selectFrom('audit_alerts').selectAll().where('id', '>', id).orderBy('id').limit(limit).execute();
  }

  // ---- tokens and settings ------------------------------------------------------------------

  async tokenHashes(): Promise<{ name: string; sha256: string }[]> {
    return this.db.selectFrom('api_tokens').select(['name', 'sha256']).execute();
  }

  async addTokenHash(name: string, sha256: string, now = new Date()): Promise<void> {
    await this.db.insertInto('api_tokens').values({ name, sha256, created_at: iso(now) }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  }

  async setting(key: string): Promise<string | undefined> {
    return (await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }

  /**
   * Retention: deletes scans older than `days` (never a cluster's latest), findings fixed before
   * the cutoff, and audit alerts received before it.
   */
  async prune(days: number, now = new Date()): Promise<{ scans: number; findings: number; alerts: number; analyses: number }> {
    const cutoff = iso(new Date(now.getTime() - days * 86_400_000));
    return this.db.transaction().execute(async (trx) => {
      const latest = trx.selectFrom('scans as s2').select((eb) => eb.fn.max('s2.id').as('id')).groupBy('s2.cluster_id');
      // A pruned scan's analysis rows go with it (cascade); bodies no remaining scan refers to go after.
      const scans = await trx.deleteFrom('scans').where('started_at', '<', cutoff).where('id', 'not in', latest).executeTakeFirst();
      const findings = await trx.deleteFrom('findings').where('fixed_at', '<', cutoff).executeTakeFirst();
      const alerts = await trx.deleteFrom('audit_alerts').where('received_at', '<', cutoff).executeTakeFirst();
      const used = trx.selectFrom('scan_analyses').select('body_id').where('body_id', 'is not', null);
      const analyses = await trx.deleteFrom('analysis_bodies').where('id', 'not in', used).executeTakeFirst();
      return { scans: Number(scans.numDeletedRows), findings: Number(findings.numDeletedRows), alerts: Number(alerts.numDeletedRows), analyses: Number(analyses.numDeletedRows) };
    });
  }
}

function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The columns a later sighting refreshes. No secret value is in a finding: the scanner never puts one there. */
function mutable(f: Finding) {
  return {
    check_id: f.checkId,
    message_id: f.messageId,
    title: f.title,
    area: f.area,
    severity: f.severity,
    kind: f.resource.kind,
    namespace: f.resource.namespace ?? null,
    name: f.resource.name,
    path: f.location.path,
    message: f.message,
    remediation: f.remediation,
    detail: JSON.stringify({ apiVersion: f.resource.apiVersion, checkName: f.checkName, location: f.location, frameworks: f.frameworks }),
  };
}
