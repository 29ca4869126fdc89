// Each generated audit policy profile on the real kube-apiserver: the events the profile promises
// are written, and no secret value appears anywhere in the log.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePolicy, PROFILE_PROMISES, PROFILES, type Profile } from '../../src/audit/policy/generate.js';
import { startCluster, type Cluster } from '../harness/cluster.js';
import { apiRequest, type ApiResponse } from '../harness/request.js';

const T = 180_000;
const SECRET_VALUE = 'kf-audit-canary-7f3a9c';

interface AuditEvent {
  level: string;
  stage: string;
  verb: string;
  requestURI: string;
  user: { username?: string };
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string };
  responseStatus?: { code?: number };
  requestObject?: unknown;
  responseObject?: unknown;
}

function admin(c: Cluster, path: string, method = 'GET', body?: unknown): Promise<ApiResponse> {
  return apiRequest(c.server, path, { method, body, ca: readFileSync(c.caFile), cert: readFileSync(c.adminCertFile), key: readFileSync(c.adminKeyFile) });
}

function events(c: Cluster): AuditEvent[] {
  const text = readFileSync(c.auditLog ?? '', 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditEvent);
}

describe.each(PROFILES)('generated audit policy on the API server: %s', (profile: Profile) => {
  let c: Cluster;
  const promises = PROFILE_PROMISES[profile];
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), `kf-audit-${profile}-`));
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, generatePolicy(profile), { mode: 0o600 });
    // The hardened profile logs to <cluster dir>/audit/audit.log; only the policy is replaced.
    c = await startCluster({ profile: 'hardened', args: [`--audit-policy-file=${policyFile}`] });
    expect(c.auditLog).toBeDefined();
    expect(c.apiserverArgs).toContain(`--audit-policy-file=${policyFile}`);

    const created = await admin(c, '/api/v1/namespaces/default/secrets', 'POST', { metadata: { name: 'kf-canary' }, stringData: { password: SECRET_VALUE } });
    expect(created.status, created.body).toBe(201);
    const read = await admin(c, '/api/v1/namespaces/default/secrets/kf-canary');
    expect(read.status).toBe(200);
    const pod = await admin(c, '/api/v1/namespaces/default/pods', 'POST', { metadata: { name: 'kf-web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } });
    expect(pod.status, pod.body).toBe(201);
    const exec = await admin(c, '/api/v1/namespaces/default/pods/kf-web/exec?command=cat&command=%2Fetc%2Fshadow&container=web&stdout=true', 'POST');
    expect(exec.status).toBeGreaterThanOrEqual(400);
    const wrong = await apiRequest(c.server, '/api/v1/namespaces/default/pods', { ca: readFileSync(c.caFile), token: 'not-a-valid-token' });
    expect(wrong.status).toBe(401);
    // The log backend writes synchronously, but give it a moment on a loaded machine.
    for (let i = 0; i < 120 && !events(c).some((e) => e.responseStatus?.code === 401); i++) await new Promise((r) => setTimeout(r, 250));
  }, T);
  afterAll(async () => {
    await c?.stop();
  }, T);

  it('never writes the secret value (plain or base64) anywhere in the log', () => {
    const text = readFileSync(c.auditLog ?? '', 'utf8');
    expect(text).toContain('kf-canary');
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
  });

  it('logs the secret write and read at Metadata, without bodies', () => {
    const secretEvents = events(c).filter((e) => e.objectRef?.resource === 'secrets' && e.objectRef.name === 'kf-canary' && e.user.username === 'kubefort-admin');
    expect(secretEvents.map((e) => `${e.verb} ${e.stage} ${e.level}`)).toEqual(expect.arrayContaining([`create ResponseComplete ${promises.secretWrite}`, `get ResponseComplete ${promises.secretWrite}`]));
    expect(secretEvents.every((e) => e.requestObject === undefined && e.responseObject === undefined)).toBe(true);
    expect(events(c).some((e) => e.stage === 'RequestReceived')).toBe(false);
  });

  it('logs the failed login: one ResponseStarted event, code 401, no user', () => {
    const failed = events(c).filter((e) => e.responseStatus?.code === 401);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ stage: 'ResponseStarted', level: promises.failedLogin, verb: 'list', user: {}, objectRef: { resource: 'pods', namespace: 'default' } });
  });

  it('logs the exec attempt with its command in requestURI', () => {
    const exec = events(c).filter((e) => e.objectRef?.subresource === 'exec');
    expect(exec.length).toBeGreaterThan(0);
    expect(exec[0]).toMatchObject({ level: promises.exec, verb: 'create', objectRef: { resource: 'pods', name: 'kf-web' } });
    expect(exec[0]?.requestURI).toContain('command=%2Fetc%2Fshadow');
  });

  it('logs the pod creation at the promised level', () => {
    const create = events(c).find((e) => e.objectRef?.resource === 'pods' && e.objectRef.name === 'kf-web' && e.objectRef.subresource === undefined && e.verb === 'create' && e.stage === 'ResponseComplete');
    expect(create?.level).toBe(promises.podCreate);
    if (promises.podCreate === 'RequestResponse') {
      expect(JSON.stringify(create?.requestObject)).toContain('nginx:1.27');
      expect(JSON.stringify(create?.responseObject)).not.toContain('managedFields');
    } else expect(create?.requestObject).toBeUndefined();
    const reads = events(c).filter((e) => e.objectRef?.resource === 'secrets' && e.verb === 'get');
    expect(reads.every((e) => e.level === 'Metadata')).toBe(true);
  });
});
