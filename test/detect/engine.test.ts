import { mkdtempSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../src/detect/engine.js';
import { toAuditEvent, type AuditEvent } from '../../src/detect/event.js';
import { followFile, readFileEvents, withRotated, type ReadProblem } from '../../src/detect/read.js';
import { RULES } from '../../src/detect/rules/index.js';
import { kubefort } from '../support/cli.js';
import { at, ev, raw } from './support.js';

const brute = RULES['brute-force-authentication'];
const failed = (t: number, ip: string, id = `id-${t}-${ip}`) =>
  ev({ stage: 'ResponseStarted', user: {}, sourceIPs: [ip], userAgent: 'curl/8', responseStatus: { code: 401 }, annotations: {}, stageTimestamp: at(t), auditID: id });

describe('normaliser', () => {
  it('accepts v1 events and legacy fields, rejects what is not an event naming the field', () => {
    expect(toAuditEvent({ ...raw(), timestamp: '2019-01-01T00:00:00Z', metadata: { creationTimestamp: null } }).ok).toBe(true);
    expect(toAuditEvent({ ...raw(), stage: 'Done' })).toMatchObject({ ok: false, message: expect.stringContaining('stage') });
    expect(toAuditEvent({ ...raw(), user: 'jane' })).toMatchObject({ ok: false, message: expect.stringContaining('user') });
    const e = ev({ sourceIPs: ['6.6.6.6', '10.0.0.9'] });
    expect(e.sourceIP).toBe('10.0.0.9'); // only the last entry is trustworthy
    expect(ev({ user: {} }).user.username).toBe('');
  });
});

describe('engine', () => {
  it('drops redelivered events but not an attacker reusing an auditID for a different request', () => {
    const engine = new DetectionEngine({ rules: [RULES['secret-listing']] });
    const listAll = ev({ auditID: 'same', objectRef: { resource: 'secrets', namespace: '' }, requestURI: '/api/v1/secrets' });
    expect(engine.process(listAll)).toHaveLength(1);
    expect(engine.process(listAll)).toHaveLength(0); // webhook retry
    const benign = ev({ auditID: 'same', requestURI: '/api/v1/namespaces/default/pods' });
    expect(engine.process(benign)).toHaveLength(0);
    expect(engine.duplicates).toBe(1);
    const again = ev({ auditID: 'same', objectRef: { resource: 'secrets', namespace: '' }, requestURI: '/api/v1/secrets?limit=500' });
    expect(engine.process(again)).toHaveLength(1);
  });

  it('windows on a fake clock: the burst must fit in the window, then stays quiet for one window', () => {
    const engine = new DetectionEngine({ rules: [brute] });
    // 9 failures over 9 minutes: never 10 in 60 s.
    for (let i = 0; i < 9; i++) expect(engine.process(failed(i * 60, '1.1.1.1'))).toEqual([]);
    const burst = Array.from({ length: 12 }, (_, i) => engine.process(failed(1000 + i, '2.2.2.2'))).flat();
    expect(burst).toHaveLength(1);
    expect(burst[0]?.evidence).toMatchObject({ count: 10, sourceIPs: ['2.2.2.2'], users: [], firstSeen: at(1000), lastSeen: at(1009) });
    // After the quiet period a new burst alerts again.
    const later = Array.from({ length: 10 }, (_, i) => engine.process(failed(1100 + i, '2.2.2.2'))).flat();
    expect(later).toHaveLength(1);
  });

  it('uses the injected clock for events without timestamps', () => {
    let now = 0;
    const engine = new DetectionEngine({ rules: [brute], clock: () => now });
    const noTime = (i: number) => ev({ stage: 'ResponseStarted', user: {}, sourceIPs: ['3.3.3.3'], responseStatus: { code: 401 }, annotations: {}, stageTimestamp: undefined, requestReceivedTimestamp: undefined, auditID: `n${i}` });
    for (let i = 0; i < 9; i++) {
      now = i * 61_000;
      expect(engine.process(noTime(i))).toEqual([]);
    }
    now = 10 * 61_000;
    const quick = Array.from({ length: 10 }, (_, i) => engine.process(noTime(100 + i))).flat();
    expect(quick).toHaveLength(1);
  });

  it('keeps bounded state: keys beyond maxKeys evict the least recently seen', () => {
    const engine = new DetectionEngine({ rules: [brute], maxKeys: 100 });
    for (let i = 0; i < 5000; i++) engine.process(failed(i, `10.${i >> 8}.${i & 255}.1`));
    expect(engine.stateSize()).toBeLessThanOrEqual(100);
  });
});

describe('readers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kf-detect-'));
  const collect = async (file: string) => {
    const events: { e: AuditEvent; line: number }[] = [];
    const problems: ReadProblem[] = [];
    await readFileEvents(file, { event: (e, _f, line) => events.push({ e, line }), problem: (p) => problems.push(p) });
    return { events, problems };
  };

  it('JSON lines with malformed, invalid and truncated lines: reported with file:line and skipped', async () => {
    const f = join(dir, 'mixed.log');
    writeFileSync(f, [JSON.stringify(raw()), '{not json', '', JSON.stringify({ ...raw(), level: 'Everything' }), JSON.stringify(raw()), JSON.stringify(raw()).slice(0, 40)].join('\n'));
    const { events, problems } = await collect(f);
    expect(events.map((x) => x.line)).toEqual([1, 5]);
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual([`${f}:2`, `${f}:4`, `${f}:6`]);
    expect(problems[1]?.message).toContain('level');
    expect(problems[2]?.message).toContain('truncated');
  });

  it('gzip, EventList per line, JSON arrays and a pretty-printed EventList document', async () => {
    const gz = join(dir, 'a.log.gz');
    writeFileSync(gz, gzipSync(`${JSON.stringify(raw())}\n${JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [raw(), raw()] })}\n${JSON.stringify([raw()])}\n`));
    expect((await collect(gz)).events).toHaveLength(4);
    const doc = join(dir, 'list.json');
    writeFileSync(doc, JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: [raw(), raw(), { bad: true }] }, null, 2));
    const r = await collect(doc);
    expect(r.events).toHaveLength(2);
    expect(r.problems[0]?.message).toContain('items[2]');
  });

  it('lists lumberjack rotations oldest first, then the live file', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kf-rot-'));
    for (const n of ['audit.log', 'audit-2026-01-02T00-00-00.000.log.gz', 'audit-2026-01-01T00-00-00.000.log', 'other.log']) writeFileSync(join(d, n), '');
    expect((await withRotated(join(d, 'audit.log'))).map((p) => p.slice(d.length + 1))).toEqual(['audit-2026-01-01T00-00-00.000.log', 'audit-2026-01-02T00-00-00.000.log.gz', 'audit.log']);
  });

  it('follows a live file across rotation', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kf-follow-'));
    const f = join(d, 'audit.log');
    writeFileSync(f, `${JSON.stringify(raw({ auditID: 'a1' }))}\n`);
    const seen: string[] = [];
    const controller = new AbortController();
    const done = followFile(f, { event: (e) => seen.push(e.auditID), problem: () => undefined }, controller.signal, 20);
    await new Promise((r) => setTimeout(r, 100));
    appendFileSync(f, `${JSON.stringify(raw({ auditID: 'a2' }))}\n${JSON.stringify(raw({ auditID: 'a3' })).slice(0, 30)}`);
    await new Promise((r) => setTimeout(r, 100));
    appendFileSync(f, `${JSON.stringify(raw({ auditID: 'a3' })).slice(30)}\n`);
    await new Promise((r) => setTimeout(r, 100));
    renameSync(f, join(d, 'audit-2026-01-01T00-00-00.000.log'));
    writeFileSync(f, `${JSON.stringify(raw({ auditID: 'b1' }))}\n`);
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    await done;
    expect(seen).toEqual(['a1', 'a2', 'a3', 'b1']);
  });
});

describe('kubefort audit analyze (CLI)', () => {
  it('reads stdin, reports bad lines on stderr, prints alerts as JSON lines', () => {
    const lines = [
      ...Array.from({ length: 12 }, (_, i) => JSON.stringify(raw({ stage: 'ResponseStarted', user: {}, sourceIPs: ['9.9.9.9'], responseStatus: { code: 401 }, annotations: {}, stageTimestamp: at(i) }))),
      'garbage',
      JSON.stringify(raw({ objectRef: { resource: 'secrets', namespace: '' }, requestURI: '/api/v1/secrets' })),
    ].join('\n');
    const out = kubefort(['audit', 'analyze', '-', '-o', 'jsonl'], { input: lines });
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('<stdin>:13: invalid JSON');
    const alerts = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ruleId: string });
    expect(alerts.map((a) => a.ruleId)).toEqual(['KF-D-001', 'KF-D-008']);
    expect(kubefort(['audit', 'analyze', '-', '--fail-on', 'high'], { input: lines }).code).toBe(1);
    expect(kubefort(['audit', 'rules']).stdout.split('\n').filter((l) => l.startsWith('KF-D-')).length).toBeGreaterThanOrEqual(30);
  });
});
