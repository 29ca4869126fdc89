/** Query parameters drawn from closed sets: an unknown value is a 400 naming the allowed ones, never an empty 200. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { openDatabase } from '../../src/server/storage/db.js';
import { Store } from '../../src/server/storage/store.js';
import { hashToken, TokenVerifier } from '../../src/server/tokens.js';
import { finding, scanResult } from './fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'kubefort-query-'));
const TOKEN = 'kf_query-test-token-0123456789abcdefgh';
const headers = { authorization: `Bearer ${TOKEN}` };

describe('enum-like query parameters', () => {
  let app: FastifyInstance;
  let clusterId: number;
  beforeAll(async () => {
    const open = await openDatabase(`sqlite:${join(tmp, 'q.sqlite')}`);
    const store = new Store(open.db, open.kind);
    app = await buildApp({ store, tokens: new TokenVerifier([{ name: 'ci', sha256: hashToken(TOKEN) }]), webRoot: null });
    const c = await store.upsertCluster('prod', { context: 'prod' }, '0 * * * *', new Date(), new Date());
    clusterId = c.id;
    await store.recordScan(c.id, scanResult([finding('a', { severity: 'critical' }), finding('b', { severity: 'low', checkId: 'KF-R-001', area: 'rbac' })], { checks: ['KF-W-001', 'KF-R-001'] }), { trigger: 'scheduled' });
  });
  afterAll(async () => {
    await app.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  const get = (url: string) => app.inject({ url, headers });

  it('GET /findings refuses an unknown severity, area or status with 400, naming the allowed values', async () => {
    for (const [query, allowed] of [
      ['severity=bogus', 'critical, high, medium, low, info'],
      ['severity=critical,bogus', 'critical, high'],
      ['severity=critical,', 'critical, high'],
      ['area=bogus', 'supply-chain'],
      ['area=rbac,networking', 'network'],
      ['status=closed', 'open, fixed, all'],
    ] as const) {
      const res = await get(`/api/v1/findings?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ error: { code: 'KF_ERR_BAD_REQUEST', message: expect.stringContaining(allowed) } });
    }
    expect((await get('/api/v1/findings?severity=bogus')).json().error.message).toContain('not "bogus"');
  });

  it('GET /findings still filters by valid values', async () => {
    expect((await get('/api/v1/findings?severity=critical')).json()).toMatchObject({ total: 1 });
    expect((await get('/api/v1/findings?severity=critical,low&area=rbac,workload&status=all')).json()).toMatchObject({ total: 2 });
    expect((await get('/api/v1/findings?area=supply-chain')).json()).toMatchObject({ total: 0 });
    expect((await get('/api/v1/findings')).statusCode).toBe(200);
  });

  it('GET /clusters/{id}/rbac refuses an unknown severity or sink with the allowed values', async () => {
    for (const [query, allowed] of [['severity=high', 'critical, info'], ['sink=root', 'cluster-admin, kube-system-secrets']] as const) {
      const res = await get(`/api/v1/clusters/${clusterId}/rbac?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.message, query).toContain(allowed);
    }
  });

  it('publishes the allowed values in /openapi.json', async () => {
    const doc = (await get('/openapi.json')).json() as { paths: Record<string, { get: { parameters: { name: string; schema: { enum?: string[]; pattern?: string } }[] } }> };
    const params = (path: string) => Object.fromEntries((doc.paths[path]?.get.parameters ?? []).map((p) => [p.name, p.schema]));
    const findings = params('/api/v1/findings');
    expect(findings.status?.enum).toEqual(['open', 'fixed', 'all']);
    const severity = new RegExp(findings.severity?.pattern ?? '$^');
    expect(severity.test('critical,high')).toBe(true);
    expect(severity.test('bogus')).toBe(false);
    expect(new RegExp(findings.area?.pattern ?? '$^').test('supply-chain,rbac')).toBe(true);
    expect(params('/api/v1/clusters/{id}/rbac').sink?.enum).toEqual(['cluster-admin', 'kube-system-secrets']);
  });
});
