/**
 * A private PostgreSQL server for tests: initdb in a temp dir, pg_ctl start on 127.0.0.1 at a
 * free port, trust authentication, fsync off. As root it runs the binaries as the `postgres`
 * user (initdb refuses root). Fails loudly when the binaries are missing: CI installs them with
 * `apt-get install -y postgresql`.
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface Postgres {
  readonly port: number;
  /** postgres://kubefort@127.0.0.1:PORT/NAME */
  url(database: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export function postgresBinDir(): string {
  const env = process.env.KUBEFORT_PG_BIN;
  if (env !== undefined && existsSync(join(env, 'initdb'))) return env;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions[0];
  if (found === undefined) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (set KUBEFORT_PG_BIN, or run: apt-get update && apt-get install -y postgresql)');
  }
  return join(base, found, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'kubefort-pg-'));
  const asRoot = userInfo().uid === 0;
  const exec = async (file: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, file);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, file), ...args] : args;
    return run(command, argv, { timeout: 60_000 });
  };
  if (asRoot) {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  await exec('initdb', ['-D', data, '-U', 'kubefort', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const log = join(dir, 'postgres.log');
  try {
    await exec('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`, 'start']);
  } catch (error) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    throw new Error(`PostgreSQL did not start: ${error instanceof Error ? error.message : String(error)}\n${text}`);
  }
  const url = (database: string) => `postgres://kubefort@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    port,
    url,
    async createDatabase(name: string): Promise<string> {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
