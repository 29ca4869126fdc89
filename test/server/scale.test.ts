/**
 * Two service instances against one PostgreSQL: every due scan runs exactly once, and a scan
 * claimed by an instance that died is taken over when its lease expires.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/server/config.js';
import { Metrics } from '../../src/server/metrics.js';
import { Scheduler } from '../../src/server/scheduler.js';
import type { ScanFunction } from '../../src/server/scanner.js';
import { startService, type Service } from '../../src/server/service.js';
import { openDatabase } from '../../src/server/storage/db.js';
import { Store } from '../../src/server/storage/store.js';
import { finding, scanResult } from './fixtures.js';
import { startPostgres, type Postgres } from './postgres.js';

let pgServer: Postgres;
const tmp = mkdtempSync(join(tmpdir(), 'kubefort-scale-'));
beforeAll(async () => {
  pgServer = await startPostgres();
}, 120_000);
afterAll(async () => {
  await pgServer?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const CLUSTERS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];

describe('two replicas on one PostgreSQL', () => {
  it('scan each due cluster exactly once between them, and serve the same history', async () => {
    const url = await pgServer.createDatabase('replicas');
    const calls: { cluster: string; instance: string }[] = [];
    const scanAs = (instance: string): ScanFunction => async (source) => {
      calls.push({ cluster: source.context ?? '?', instance });
      await new Promise((r) => setTimeout(r, 150));
      return scanResult([finding(`${source.context}-1`)]);
    };
    const config = (instance: string) =>
      parseConfig({
        host: '127.0.0.1',
        storage: url,
        dataDir: join(tmp, instance),
        tokens: [{ name: 'test', value: 'kf_scale-test-token-0123456789' }],
        instanceId: instance,
        schedule: '0 0 1 1 *',
        scheduler: { tickSeconds: 0.05, leaseSeconds: 60 },
        clusters: CLUSTERS.map((c) => ({ name: c, context: c })),
      });
    const services: Service[] = [];
    try {
      // Both start together: migrations are serialised by kysely's lock, cluster rows are upserted by both.
      services.push(...(await Promise.all(['a', 'b'].map((i) => startService({ config: config(i), port: 0, scan: scanAs(i), print: () => undefined })))));
      const deadline = Date.now() + 20_000;
      while ((await services[0]!.store.scans({ limit: 100 })).length < CLUSTERS.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Give a double scan, if there were one, time to show.
      await new Promise((r) => setTimeout(r, 500));
      expect(calls.map((c) => c.cluster).sort()).toEqual(CLUSTERS);
      const scans = await services[0]!.store.scans({ limit: 100 });
      expect(scans).toHaveLength(CLUSTERS.length);
      expect(new Set(scans.map((s) => s.instance))).toEqual(new Set(calls.map((c) => c.instance)));
      // Both did work: with 150 ms scans and 50 ms ticks neither can take all six alone first.
      expect(new Set(calls.map((c) => c.instance))).toEqual(new Set(['a', 'b']));
      const auth = { authorization: 'Bearer kf_scale-test-token-0123456789' };
      const fromA = (await services[0]!.app.inject({ url: '/api/v1/findings', headers: auth })).json() as { total: number };
      const fromB = (await services[1]!.app.inject({ url: '/api/v1/findings', headers: auth })).json() as { total: number };
      expect([fromA.total, fromB.total]).toEqual([CLUSTERS.length, CLUSTERS.length]);
      for (const c of await services[1]!.store.clusters()) expect(c.lease_owner).toBeNull();
    } finally {
      await Promise.all(services.map((s) => s.close()));
    }
  }, 60_000);

  it('take over a scan whose instance died once its lease expires, and never run a slot twice', async () => {
    const url = await pgServer.createDatabase('takeover');
    const open = async () => {
      const o = await openDatabase(url);
      return new Store(o.db, o.kind);
    };
    const [s1, s2] = await Promise.all([open(), open()]);
    try {
      let now = new Date('2026-03-01T10:00:00.000Z');
      const clock = () => now;
      await s1.upsertCluster('prod', { context: 'prod' }, '0 * * * *', now, now);
      // Instance "dead" claims the slot and never finishes.
      expect(await s1.claimDue('dead', 60_000, now)).toMatchObject({ lease_owner: 'dead' });
      const scanned: string[] = [];
      const scheduler = new Scheduler({ store: s2, metrics: new Metrics(), instance: 'alive', tickMs: 1000, leaseMs: 60_000, clock, scan: async () => {
        scanned.push(now.toISOString());
        return scanResult([]);
      } });
      expect(await scheduler.tick()).toBe(0);
      now = new Date('2026-03-01T10:00:59.000Z');
      expect(await scheduler.tick()).toBe(0);
      now = new Date('2026-03-01T10:01:01.000Z');
      expect(await scheduler.tick()).toBe(1);
      expect(scanned).toEqual(['2026-03-01T10:01:01.000Z']);
      // The next slot is 11:00; nothing runs before it, and it runs once.
      expect(await s2.cluster(1)).toMatchObject({ next_run_at: '2026-03-01T11:00:00.000Z', lease_owner: null });
      now = new Date('2026-03-01T10:59:59.000Z');
      expect(await scheduler.tick()).toBe(0);
      now = new Date('2026-03-01T11:00:00.000Z');
      const [x, y] = await Promise.all([scheduler.tick(), scheduler.tick()]);
      expect(x + y).toBe(1);
      // The dead instance cannot release what it no longer holds.
      expect(await s1.finishClaim(1, 'dead', new Date('2026-03-01T10:30:00.000Z'))).toBe(false);
    } finally {
      await Promise.all([s1.close(), s2.close()]);
    }
  }, 60_000);
});
