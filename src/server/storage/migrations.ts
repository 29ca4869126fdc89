/**
 * The one set of migrations, for SQLite and PostgreSQL alike. Only the id column
 * differs (serial vs integer autoincrement), so each migration takes the dialect.
 * Migrations are append-only: a released one is never edited.
 */
import { gunzipSync } from 'node:zlib';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type CreateTableBuilder } from 'kysely';
import { summariseAnalysis, type NetpolAnalysis, type RbacAnalysis } from '../analysis/index.js';
import type { Database } from './schema.js';

export type DialectKind = 'sqlite' | 'postgres';

type Db = Kysely<unknown>;

function withId<T extends string>(table: CreateTableBuilder<T, never>, kind: DialectKind): CreateTableBuilder<T, 'id'> {
  return kind === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

function migrations(kind: DialectKind): Record<string, Migration> {
  return {
    '0001_initial': {
      async up(db: Db): Promise<void> {
        await withId(db.schema.createTable('clusters'), kind)
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('schedule', 'text', (c) => c.notNull())
          .addColumn('next_run_at', 'text', (c) => c.notNull())
          .addColumn('lease_owner', 'text')
          .addColumn('lease_until', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await withId(db.schema.createTable('scans'), kind)
          .addColumn('cluster_id', 'integer', (c) => c.notNull().references('clusters.id').onDelete('cascade'))
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('trigger', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('instance', 'text')
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text', (c) => c.notNull())
          .addColumn('duration_ms', 'integer', (c) => c.notNull())
          .addColumn('resources', 'integer', (c) => c.notNull())
          .addColumn('findings', 'integer', (c) => c.notNull())
          .addColumn('new_findings', 'integer', (c) => c.notNull())
          .addColumn('fixed_findings', 'integer', (c) => c.notNull())
          .addColumn('open_findings', 'integer', (c) => c.notNull())
          .addColumn('summary', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('scans_cluster_started').on('scans').columns(['cluster_id', 'started_at']).execute();
        await withId(db.schema.createTable('findings'), kind)
          .addColumn('cluster_id', 'integer', (c) => c.notNull().references('clusters.id').onDelete('cascade'))
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('check_id', 'text', (c) => c.notNull())
          .addColumn('message_id', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('area', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('namespace', 'text')
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('path', 'text', (c) => c.notNull())
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('remediation', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .addColumn('first_seen_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text', (c) => c.notNull())
          .addColumn('first_scan_id', 'integer', (c) => c.notNull())
          .addColumn('last_scan_id', 'integer', (c) => c.notNull())
          .addColumn('fixed_at', 'text')
          .addColumn('fixed_scan_id', 'integer')
          .addColumn('reopened', 'integer', (c) => c.notNull().defaultTo(0))
          .addUniqueConstraint('findings_cluster_fingerprint', ['cluster_id', 'fingerprint'])
          .execute();
        await db.schema.createIndex('findings_open').on('findings').columns(['cluster_id', 'fixed_at']).execute();
        await db.schema
          .createTable('scan_changes')
          .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id').onDelete('cascade'))
          .addColumn('finding_id', 'integer', (c) => c.notNull().references('findings.id').onDelete('cascade'))
          .addColumn('change', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('scan_changes_pk', ['scan_id', 'finding_id'])
          .execute();
        await db.schema.createIndex('scan_changes_finding').on('scan_changes').column('finding_id').execute();
        await withId(db.schema.createTable('exceptions'), kind)
          .addColumn('cluster_id', 'integer', (c) => c.references('clusters.id').onDelete('cascade'))
          .addColumn('check_id', 'text', (c) => c.notNull())
          .addColumn('namespace', 'text')
          .addColumn('name', 'text')
          .addColumn('kind', 'text')
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('owner', 'text')
          .addColumn('expires', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await withId(db.schema.createTable('audit_alerts'), kind)
          .addColumn('cluster_id', 'integer', (c) => c.notNull().references('clusters.id').onDelete('cascade'))
          .addColumn('rule_id', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('event_time', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('audit_alerts_cluster_time').on('audit_alerts').columns(['cluster_id', 'event_time']).execute();
        await withId(db.schema.createTable('api_tokens'), kind)
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull().unique())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('settings')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
    },
    // RBAC escalation paths and NetworkPolicy reachability recorded with each cluster scan. A body
    // (gzipped JSON: 1.5 MB of reachability for a 10,000-object estate is 51 KB) is stored once per
    // cluster, kind and content (SHA-256 of the JSON), so hourly scans of an unchanged cluster add
    // one small row each; bodies no scan refers to any more are pruned.
    '0002_scan_analyses': {
      async up(db: Db): Promise<void> {
        await withId(db.schema.createTable('analysis_bodies'), kind)
          .addColumn('cluster_id', 'integer', (c) => c.notNull().references('clusters.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('digest', 'text', (c) => c.notNull())
          .addColumn('body', kind === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('analysis_bodies_content', ['cluster_id', 'kind', 'digest'])
          .execute();
        await db.schema
          .createTable('scan_analyses')
          .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id').onDelete('cascade'))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('body_id', 'integer', (c) => c.references('analysis_bodies.id'))
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('duration_ms', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('scan_analyses_pk', ['scan_id', 'kind'])
          .execute();
        await db.schema.createIndex('scan_analyses_body').on('scan_analyses').column('body_id').execute();
      },
    },
    // The counts the cluster list shows per cluster (GET /clusters → analysis) live beside each
    // analysis, in scan_analyses.summary (JSON), computed when it is recorded. Summaries recorded
    // before this version lack some (RBAC: exposed subjects, to kube-system Secrets; reachability:
    // namespaces with workloads, workloads, default-deny egress): they are recomputed from the stored
    // bodies, one body at a time (a summary is a function of its body, so every scan sharing a body
    // gets the same one), with this version's summariseAnalysis: a later change to the counts needs
    // a migration of its own. No table changes.
    '0003_analysis_summary_counts': {
      async up(db: Db): Promise<void> {
        await resummarise(db as unknown as Kysely<Database>);
      },
    },
  };
}

/** Recomputes the summary of every successful analysis from its body; a body that cannot be read keeps its old summary. */
async function resummarise(db: Kysely<Database>): Promise<void> {
  const ids = await db.selectFrom('analysis_bodies').select('id').orderBy('id').execute();
  for (const { id } of ids) {
    const row = await db.selectFrom('analysis_bodies').select('body').where('id', '=', id).executeTakeFirst();
    if (row === undefined) continue;
    let summary: string;
    try {
      summary = JSON.stringify(summariseAnalysis(JSON.parse(gunzipSync(row.body).toString('utf8')) as RbacAnalysis | NetpolAnalysis));
    } catch {
      continue;
    }
    await db.updateTable('scan_analyses').set({ summary }).where('body_id', '=', id).where('status', '=', 'ok').execute();
  }
}

class InlineProvider implements MigrationProvider {
  constructor(private readonly kind: DialectKind) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.kind);
  }
}

/** Brings the database to the latest schema; concurrent instances are serialised by kysely's migration lock. */
export async function migrateToLatest(db: Kysely<unknown>, kind: DialectKind): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InlineProvider(kind) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
