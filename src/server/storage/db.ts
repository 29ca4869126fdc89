/**
 * Opens the database named by a storage URL: `sqlite:PATH` / `file:PATH` (embedded, through
 * libsql's prebuilt binary) or `postgres://…` / `postgresql://…` (through pg). Both are kysely
 * instances over the same schema; the caller migrates.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { ServerError } from '../errors.js';
import { migrateToLatest, type DialectKind } from './migrations.js';
import type { Database } from './schema.js';

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly kind: DialectKind;
  /** The URL with any password replaced by `***`, for logs. */
  readonly display: string;
}

interface LibsqlDatabase extends SqliteDatabase {
  exec(sql: string): unknown;
}
type LibsqlConstructor = new (path: string) => LibsqlDatabase;

export function parseStorageUrl(url: string): { kind: DialectKind; target: string } {
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', target: url };
  const m = /^(?:sqlite|file):(?:\/\/)?(.+)$/.exec(url);
  if (m?.[1] !== undefined) return { kind: 'sqlite', target: resolve(m[1]) };
  throw new ServerError('KF_ERR_SERVER_CONFIG', `storage URL "${redact(url)}" is neither sqlite:PATH nor postgres://…`);
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export async function openDatabase(url: string, options: { poolSize?: number } = {}): Promise<OpenDatabase> {
  const { kind, target } = parseStorageUrl(url);
  let db: Kysely<Database>;
  if (kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target, max: options.poolSize ?? 5 });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    // libsql is a better-sqlite3-compatible binding whose binary ships in the npm package.
    const Libsql = createRequire(import.meta.url)('libsql') as LibsqlConstructor;
    const database = new Libsql(target);
    database.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  }
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>, kind);
  } catch (error) {
    await db.destroy();
    throw new ServerError('KF_ERR_SERVER_STORAGE', `cannot open storage ${redact(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { db, kind, display: redact(url) };
}
