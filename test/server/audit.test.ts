/** The audit webhook with the real detection engine: EventList in, alerts stored and counted. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectionEngineDetector } from '../../src/server/audit.js';
import { loadConfig } from '../../src/server/config.js';
import { startService } from '../../src/server/service.js';
import { buildApp } from '../../src/server/app.js';
import { openDatabase } from '../../src/server/storage/db.js';
import { Store } from '../../src/server/storage/store.js';
import { hashToken, TokenVerifier } from '../../src/server/tokens.js';

const tmp = mkdtempSync(join(tmpdir(), 'kubefort-audit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const exec = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: '00000000-0000-0000-0000-00000000e001',
  stage: 'ResponseStarted',
  requestURI: '/api/v1/namespaces/default/pods/web/exec?command=sh&command=-c&command=id&stdin=true',
  verb: 'get',
  user: { username: 'jane', groups: ['system:authenticated'] },
  sourceIPs: ['10.0.0.7'],
  userAgent: 'kubectl/v1.33.0',
  objectRef: { resource: 'pods', namespace: 'default', name: 'web', apiVersion: 'v1', subresource: 'exec' },
  responseStatus: { metadata: {}, code: 101 },
  requestReceivedTimestamp: '2026-01-01T00:00:00.000000Z',
  stageTimestamp: '2026-01-01T00:00:00.010000Z',
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
};

describe('audit webhook with the detection engine', () => {
  it('raises the exec alert once (duplicates dropped), skips events that do not parse, and counts every event', async () => {
    const open = await openDatabase(`sqlite:${join(tmp, 'a.sqlite')}`);
    const detector = await detectionEngineDetector();
    const app = await buildApp({ store: new Store(open.db, open.kind), tokens: new TokenVerifier([{ name: 't', sha256: hashToken('kf_audit-test-token-0123456789') }]), detectAudit: detector });
    try {
      const headers = { authorization: 'Bearer kf_audit-test-token-0123456789' };
      const res = await app.inject({ method: 'POST', url: '/api/v1/clusters/prod/audit', headers, payload: { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [exec, exec, { kind: 'Event' }] } });
      expect(res.json()).toEqual({ received: 3, alerts: 1 });
      expect(detector.invalid()).toBe(1);
      const alerts = (await app.inject({ url: '/api/v1/alerts', headers })).json() as { items: { message: string; detail: { evidence: { users: string[] } } }[] };
      expect(alerts.items).toHaveLength(1);
      expect(alerts.items[0]?.message).toContain('jane exec into default/web');
      expect(alerts.items[0]?.detail.evidence.users).toEqual(['jane']);
      expect((await app.inject({ url: '/metrics', headers })).body).toContain('kubefort_audit_events_received_total{cluster="prod"} 3');
    } finally {
      await app.close();
    }
  });

  it('runs the custom rules the config file names (relative to it) beside the catalogue, and refuses to start on a bad one', async () => {
    const dir = mkdtempSync(join(tmp, 'rules-'));
    writeFileSync(
      join(dir, 'acme.yaml'),
      'apiVersion: kubefort.io/v1alpha1\nkind: AuditRule\nid: ACME-D-001\ntitle: Exec by jane\nseverity: high\ndescription: jane must not exec into pods.\nmatch: {resources: [pods/exec]}\nexpression: event.user.username == "jane"\n',
    );
    const token = 'kf_audit-test-token-0123456789';
    const base = `storage: "sqlite:${join(dir, 'db.sqlite')}"\ndataDir: "${join(dir, 'data')}"\nscanOnStart: false\ntokens: [{name: t, value: ${token}}]\n`;
    writeFileSync(join(dir, 'kubefort.yaml'), `${base}audit: {rules: [acme.yaml]}\n`);
    const config = await loadConfig(join(dir, 'kubefort.yaml'));
    expect(config.audit.rules).toEqual([join(dir, 'acme.yaml')]);
    const service = await startService({ config, port: 0, scan: async () => Promise.reject(new Error('no scans here')), print: () => undefined });
    try {
      const res = await service.app.inject({ method: 'POST', url: '/api/v1/clusters/prod/audit', headers: { authorization: `Bearer ${token}` }, payload: { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [exec] } });
      expect(res.json()).toEqual({ received: 1, alerts: 2 });
      const alerts = (await service.app.inject({ url: '/api/v1/alerts', headers: { authorization: `Bearer ${token}` } })).json() as { items: { ruleId: string }[] };
      expect(alerts.items.map((a) => a.ruleId).sort()).toEqual(['ACME-D-001', 'KF-D-015']);
    } finally {
      await service.close();
    }
    writeFileSync(join(dir, 'bad.yaml'), 'apiVersion: kubefort.io/v1alpha1\nkind: AuditRule\nid: ACME-D-002\ntitle: t\nseverity: high\ndescription: d\nexpression: event.user.usernam == "x"\n');
    writeFileSync(join(dir, 'kubefort.yaml'), `${base}audit: {rules: [bad.yaml]}\n`);
    await expect(startService({ config: await loadConfig(join(dir, 'kubefort.yaml')), port: 0, print: () => undefined })).rejects.toThrow(/ACME-D-002/);
  });
});
