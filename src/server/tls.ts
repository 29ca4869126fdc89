/**
 * The serving certificate: the configured PEM pair, or a self-signed one generated on first
 * start and kept in the data directory (key mode 0600), so its fingerprint stays the same
 * across restarts. Node can parse X.509 but not issue it: @peculiar/x509 does that over WebCrypto.
 */
import { createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { ServerError } from './errors.js';

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
  /** SHA-256 of the DER certificate, colon-separated hex (as browsers and openssl show it). */
  readonly fingerprint: string;
  readonly generated: boolean;
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

export async function generateSelfSigned(names: readonly string[] = ['localhost', hostname()], ips: readonly string[] = ['127.0.0.1', '::1'], now = new Date()): Promise<{ cert: string; key: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
    name: 'CN=kubefort',
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 825 * 86_400_000),
    signingAlgorithm: alg,
    keys: keys as unknown as x509.X509CertificateCreateSelfSignedParams['keys'],
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...[...new Set(names)].map((value): x509.JsonGeneralName => ({ type: 'dns', value })), ...ips.map((value): x509.JsonGeneralName => ({ type: 'ip', value }))]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  // Node encodes the PEM itself: no hand-written armour.
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString();
  return { cert: cert.toString('pem') + '\n', key };
}

/** The configured pair, else the pair in `dir` (generated there when absent). */
export async function loadTls(config: { cert: string; key: string } | undefined, dir: string): Promise<TlsMaterial> {
  if (config !== undefined) {
    try {
      const cert = readFileSync(config.cert, 'utf8');
      const key = readFileSync(config.key, 'utf8');
      return { cert, key, fingerprint: fingerprintOf(cert), generated: false };
    } catch (error) {
      throw new ServerError('KF_ERR_SERVER_TLS', `cannot use TLS certificate ${config.cert} / key ${config.key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const certFile = join(dir, 'tls.crt');
  const keyFile = join(dir, 'tls.key');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    const parsed = new X509Certificate(cert);
    if (Date.parse(parsed.validTo) > Date.now() + 86_400_000) return { cert, key: readFileSync(keyFile, 'utf8'), fingerprint: parsed.fingerprint256, generated: false };
  }
  const pair = await generateSelfSigned();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pair.key, { mode: 0o600 });
  writeFileSync(certFile, pair.cert, { mode: 0o644 });
  return { ...pair, fingerprint: fingerprintOf(pair.cert), generated: true };
}
