import { mkdirSync, mkdtempSync, readFileSync, rmdirSync } from 'node:fs';
import { request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DetectionEngine, type Alert } from '../../src/detect/engine.js';
import { createAuditListener, listenerStats, type ListenOptions } from '../../src/detect/listen.js';
import { createCA, issueCertificate } from '../../src/detect/pki.js';
import { RULES } from '../../src/detect/rules/index.js';
import { slackBody } from '../../src/detect/sinks.js';
import { raw } from './support.js';

const ca = createCA('test-ca');
const serving = issueCertificate(ca, { commonName: 'listener', hosts: ['127.0.0.1'], server: true });
const clientCA = createCA('client-ca');
const client = issueCertificate(clientCA, { commonName: 'apiserver', client: true });
let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  servers = [];
});

async function start(over: Partial<ListenOptions> = {}) {
  const alerts: Alert[] = [];
  const server = createAuditListener({
    engine: new DetectionEngine({ rules: [RULES['secret-listing']] }),
    sinks: [{ name: 'mem', write: (a) => void alerts.push(...a) }],
    cert: serving.certPem,
    key: serving.keyPem,
    token: 's3cret',
    clientCA: clientCA.certPem,
    ...over,
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { server, alerts, port: (server.address() as AddressInfo).port };
}

function post(port: number, body: string, opts: { token?: string; cert?: boolean; method?: string; type?: string } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/audit?timeout=30s',
        method: opts.method ?? 'POST',
        ca: ca.certPem,
        ...(opts.cert === true ? { cert: client.certPem, key: client.keyPem } : {}),
        headers: { 'content-type': opts.type ?? 'application/json', ...(opts.token === undefined ? {} : { authorization: `Bearer ${opts.token}` }) },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (e) => (e.message.includes('EPIPE') || e.message.includes('ECONNRESET') ? resolve(413) : reject(e)));
    req.end(body);
  });
}

const batch = (...items: unknown[]) => JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items });
const listAll = raw({ auditID: 'l1', objectRef: { resource: 'secrets', namespace: '' }, requestURI: '/api/v1/secrets' });

describe('audit webhook listener', () => {
  it('authenticates by client certificate or bearer token', async () => {
    const { port } = await start();
    expect(await post(port, batch())).toBe(401);
    expect(await post(port, batch(), { token: 'wrong' })).toBe(401);
    expect(await post(port, batch(), { token: 's3cret' })).toBe(200);
    expect(await post(port, batch(), { cert: true })).toBe(200);
  });

  it('answers 405, 415, 400 and 413 for what is not an EventList within the limit', async () => {
    const { port } = await start({ bodyLimit: 2000 });
    expect(await post(port, '', { token: 's3cret', method: 'PUT' })).toBe(405);
    expect(await post(port, batch(), { token: 's3cret', type: 'text/plain' })).toBe(415);
    expect(await post(port, '{nope', { token: 's3cret' })).toBe(400);
    expect(await post(port, batch(...Array.from({ length: 10 }, () => raw())), { token: 's3cret' })).toBe(413);
  });

  it('is idempotent under retries: a resent batch raises no second alert', async () => {
    const { port, alerts, server } = await start();
    expect(await post(port, batch(listAll, raw()), { token: 's3cret' })).toBe(200);
    expect(await post(port, batch(listAll, raw({ auditID: 'other' })), { token: 's3cret' })).toBe(200);
    expect(alerts).toHaveLength(1);
    expect(listenerStats(server)).toMatchObject({ batches: 2, events: 4, duplicates: 1 });
  });

  it('answers 503 when it cannot keep the events, and processes the retry once it can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-listen-'));
    const eventsFile = join(dir, 'events.jsonl');
    mkdirSync(eventsFile); // a directory: appending fails, even as root
    const { port, alerts } = await start({ eventsFile });
    expect(await post(port, batch(listAll), { token: 's3cret' })).toBe(503);
    expect(alerts).toHaveLength(0);
    rmdirSync(eventsFile);
    expect(await post(port, batch(listAll), { token: 's3cret' })).toBe(200);
    expect(alerts).toHaveLength(1);
    expect(readFileSync(eventsFile, 'utf8')).toContain('"auditID":"l1"');
  });

  it('formats a Slack-compatible body', () => {
    const alert: Alert = { ruleId: 'KF-D-001', rule: 'brute-force-authentication', title: 'Brute force', severity: 'high', attack: ['T1110'], messageId: 'burst', message: '30 failed logins', time: '2026-01-01T00:00:00.000Z', evidence: { auditIDs: ['a'], users: [], sourceIPs: ['1.2.3.4'], userAgents: [], objects: [], count: 30, firstSeen: 'x', lastSeen: 'y' } };
    const body = slackBody(alert);
    expect(body.text).toBe(':red_circle: [HIGH] KF-D-001 Brute force: 30 failed logins');
    expect(JSON.stringify(body.blocks)).toContain('(none: failed authentication)');
  });
});
