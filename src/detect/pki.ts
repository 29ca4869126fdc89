/**
 * Just enough X.509 to run an HTTPS receiver without openssl: an ECDSA P-256 CA and leaf
 * certificates (server and/or client), DER-encoded by hand and signed with node:crypto.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), len(content.length), content]);
const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const integer = (b: Buffer): Buffer => tlv(0x02, (b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const bits = (b: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 + n, content);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const p of parts.slice(2)) {
    const stack: number[] = [p & 0x7f];
    for (let v = p >> 7; v > 0; v >>= 7) stack.unshift((v & 0x7f) | 0x80);
    out.push(...stack);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  const s = d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

function name(cn: string, org?: string): Buffer {
  const rdns = [set(seq(oid('2.5.4.3'), utf8(cn)))];
  if (org !== undefined) rdns.unshift(set(seq(oid('2.5.4.10'), utf8(org))));
  return seq(...rdns);
}

const ext = (id: string, critical: boolean, value: Buffer): Buffer => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

export interface KeyPair {
  readonly certPem: string;
  readonly keyPem: string;
  readonly key: KeyObject;
  /** DER subject, to use as the issuer of certificates it signs. */
  readonly subject: Buffer;
}

export interface CertRequest {
  readonly commonName: string;
  readonly organization?: string;
  readonly hosts?: readonly string[];
  readonly server?: boolean;
  readonly client?: boolean;
  readonly days?: number;
}

function build(req: CertRequest, isCA: boolean, issuer: KeyPair | undefined): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subject = name(req.commonName, req.organization);
  const now = Date.now();
  const exts: Buffer[] = [];
  if (isCA) {
    exts.push(ext('2.5.29.19', true, seq(bool(true))));
    exts.push(ext('2.5.29.15', true, bits(Buffer.from([0x86]))));
  } else {
    exts.push(ext('2.5.29.19', true, seq()));
    exts.push(ext('2.5.29.15', true, bits(Buffer.from([0x80]))));
    const usages = [...(req.server === true ? ['1.3.6.1.5.5.7.3.1'] : []), ...(req.client === true ? ['1.3.6.1.5.5.7.3.2'] : [])];
    if (usages.length > 0) exts.push(ext('2.5.29.37', false, seq(...usages.map(oid))));
    const hosts = req.hosts ?? [];
    if (hosts.length > 0) {
      const names = hosts.map((h) => {
        if (isIP(h) === 4) return tlv(0x87, Buffer.from(h.split('.').map(Number)));
        return tlv(0x82, Buffer.from(h, 'ascii'));
      });
      exts.push(ext('2.5.29.17', false, seq(...names)));
    }
  }
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])),
    ECDSA_SHA256,
    issuer?.subject ?? subject,
    seq(time(new Date(now - 3600_000)), time(new Date(now + (req.days ?? 365) * 86400_000))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...exts)),
  );
  const signature = sign('sha256', tbs, issuer?.key ?? privateKey);
  const der = seq(tbs, ECDSA_SHA256, bits(signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { certPem, keyPem, key: createPrivateKey(keyPem), subject };
}

export function createCA(commonName: string, days = 365): KeyPair {
  return build({ commonName, days }, true, undefined);
}

export function issueCertificate(ca: KeyPair, req: CertRequest): KeyPair {
  return build(req, false, ca);
}
