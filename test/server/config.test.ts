/** Config validation and defaults, cron, tokens, the self-signed certificate, cluster naming. */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDir, loadConfig, parseConfig, storageUrl } from '../../src/server/config.js';
import { parseCron } from '../../src/server/cron.js';
import { resolveTargets } from '../../src/server/scanner.js';
import { loadTls } from '../../src/server/tls.js';
import { bearer, generateToken, hashToken, TokenVerifier } from '../../src/server/tokens.js';
import { parseStorageUrl, redact } from '../../src/server/storage/db.js';

const tmp = mkdtempSync(join(tmpdir(), 'kubefort-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('configuration', () => {
  it('defaults every setting', () => {
    const c = parseConfig(undefined);
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8443, tokens: [], schedule: '0 * * * *', scanOnStart: true, clusters: [], retention: { days: 90 }, limits: { bodyBytes: 16 * 1024 * 1024 }, scheduler: { tickSeconds: 15, leaseSeconds: 900 } });
    expect(c.storage).toBeUndefined();
  });

  it('rejects unknown keys, bad types, bad cron and weak tokens, naming every path', () => {
    let message = '';
    try {
      parseConfig({ prot: 1, port: 'x', clusters: [{ name: 'a', schedule: '61 * * * *' }], tokens: [{ name: 't', value: 'short' }] });
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    for (const part of ['(root): Unrecognized key: "prot"', 'port: Invalid input', 'clusters.0.schedule: not a valid 5-field cron expression', 'tokens.0']) expect(message).toContain(part);
    expect(() => parseConfig({ clusters: [{ inCluster: true, context: 'c' }] })).toThrowError(/inCluster excludes kubeconfig and context/);
    expect(() => parseConfig({ tls: { cert: 'a' } })).toThrowError(/tls\.key/);
    expect(() => parseConfig({ schedule: '@hourly' })).toThrowError(/schedule/);
  });

  it('reads YAML files and names the file in errors', async () => {
    const file = join(tmp, 'ok.yaml');
    writeFileSync(file, 'port: 9443\nclusters:\n  - context: kind-dev\n    schedule: "*/15 * * * *"\n');
    expect(await loadConfig(file)).toMatchObject({ port: 9443, clusters: [{ context: 'kind-dev', schedule: '*/15 * * * *' }] });
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'port: [\n');
    await expect(loadConfig(bad)).rejects.toMatchObject({ code: 'KF_ERR_SERVER_CONFIG', message: expect.stringContaining(bad) });
    await expect(loadConfig(join(tmp, 'missing.yaml'))).rejects.toMatchObject({ code: 'KF_ERR_SERVER_CONFIG' });
  });

  it('puts data under $KUBEFORT_DATA_DIR, else XDG data home, and SQLite there by default', () => {
    expect(dataDir({}, { KUBEFORT_DATA_DIR: '/d' })).toBe('/d');
    expect(dataDir({}, { XDG_DATA_HOME: '/x' })).toBe('/x/kubefort');
    expect(dataDir({ dataDir: '/c' }, { KUBEFORT_DATA_DIR: '/d' })).toBe('/c');
    expect(dataDir({}, {})).toMatch(/\.local\/share\/kubefort$/);
    expect(storageUrl({}, { KUBEFORT_DATA_DIR: '/d' })).toBe('sqlite:/d/kubefort.sqlite');
    expect(storageUrl({ storage: 'postgres://u@h/db' }, {})).toBe('postgres://u@h/db');
  });

  it('names clusters by name, context, in-cluster or the current context, and refuses duplicates', async () => {
    const c = parseConfig({ clusters: [{ context: 'a' }, { name: 'b', kubeconfig: '/k', schedule: '5 * * * *' }, { inCluster: true }] });
    expect(await resolveTargets(c, async () => 'cur')).toEqual([
      { name: 'a', source: { context: 'a' }, schedule: '0 * * * *' },
      { name: 'b', source: { kubeconfig: '/k' }, schedule: '5 * * * *' },
      { name: 'in-cluster', source: { inCluster: true }, schedule: '0 * * * *' },
    ]);
    expect((await resolveTargets(parseConfig({}), async () => 'kind-dev'))[0]).toMatchObject({ name: 'kind-dev', source: {} });
    await expect(resolveTargets(parseConfig({ clusters: [{ context: 'a' }, { context: 'a' }] }))).rejects.toThrow(/two clusters are named "a"/);
  });

  it('parses storage URLs and redacts passwords', () => {
    expect(parseStorageUrl('sqlite:/tmp/x.db')).toEqual({ kind: 'sqlite', target: '/tmp/x.db' });
    expect(parseStorageUrl('sqlite:///tmp/x.db')).toEqual({ kind: 'sqlite', target: '/tmp/x.db' });
    expect(parseStorageUrl('postgresql://u:p@h/db').kind).toBe('postgres');
    expect(() => parseStorageUrl('mysql://h/db')).toThrow(/neither/);
    expect(redact('postgres://kubefort:s3cret@db:5432/k')).toBe('postgres://kubefort:***@db:5432/k');
  });
});

describe('cron', () => {
  const next = (expr: string, from: string) => parseCron(expr).next(new Date(from)).toISOString();
  it('computes the next run strictly after a time, in UTC', () => {
    expect(next('0 * * * *', '2026-01-01T10:00:00.000Z')).toBe('2026-01-01T11:00:00.000Z');
    expect(next('0 * * * *', '2026-01-01T10:59:59.000Z')).toBe('2026-01-01T11:00:00.000Z');
    expect(next('*/15 * * * *', '2026-01-01T10:16:00.000Z')).toBe('2026-01-01T10:30:00.000Z');
    expect(next('30 2 * * 1', '2026-01-01T00:00:00.000Z')).toBe('2026-01-05T02:30:00.000Z');
    expect(next('0 0 1 1 *', '2026-06-01T00:00:00.000Z')).toBe('2027-01-01T00:00:00.000Z');
  });
  it('refuses other than 5 fields and out-of-range values', () => {
    for (const bad of ['* * * *', '0 * * * * *', '60 * * * *', '* 24 * * *', 'x * * * *']) expect(() => parseCron(bad), bad).toThrow();
  });
});

describe('tokens', () => {
  it('generates long random tokens and verifies only their hash', () => {
    const t = generateToken();
    expect(t).toMatch(/^kf_[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(t);
    const v = new TokenVerifier([{ name: 'ui', sha256: hashToken(t) }, { name: 'ci', sha256: hashToken('other-token-value-000000000') }]);
    expect(v.verify(t)).toBe('ui');
    expect(v.verify('other-token-value-000000000')).toBe('ci');
    expect(v.verify(`${t}x`)).toBeUndefined();
    expect(v.verify('')).toBeUndefined();
    expect(v.verify(undefined)).toBeUndefined();
    expect(new TokenVerifier([{ name: 'empty', sha256: hashToken('') }]).verify(undefined)).toBeUndefined();
  });
  it('reads bearer headers', () => {
    expect(bearer('Bearer abc')).toBe('abc');
    expect(bearer('bearer abc ')).toBe('abc');
    expect(bearer('Basic abc')).toBeUndefined();
    expect(bearer(undefined)).toBeUndefined();
  });
});

describe('TLS', () => {
  it('generates a self-signed ECDSA certificate once, keeps it with a private key file, and prints the same fingerprint', async () => {
    const dir = join(tmp, 'tls');
    const first = await loadTls(undefined, dir);
    expect(first.generated).toBe(true);
    const cert = new X509Certificate(first.cert);
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(cert.checkPrivateKey((await import('node:crypto')).createPrivateKey(first.key))).toBe(true);
    expect(first.fingerprint).toBe(cert.fingerprint256);
    expect(first.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(statSync(join(dir, 'tls.key')).mode & 0o777).toBe(0o600);
    const second = await loadTls(undefined, dir);
    expect([second.generated, second.fingerprint]).toEqual([false, first.fingerprint]);
    const given = await loadTls({ cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key') }, join(tmp, 'unused'));
    expect(given).toMatchObject({ generated: false, fingerprint: first.fingerprint, cert: readFileSync(join(dir, 'tls.crt'), 'utf8') });
    await expect(loadTls({ cert: join(tmp, 'none.crt'), key: join(tmp, 'none.key') }, dir)).rejects.toMatchObject({ code: 'KF_ERR_SERVER_TLS' });
  });
});
