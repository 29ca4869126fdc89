/**
 * API tokens. Only SHA-256 hashes are kept (in the config or the database); a presented token
 * is hashed and compared with every known hash in constant time, without an early exit.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function generateToken(): string {
  return `kf_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class TokenVerifier {
  private readonly hashes: Buffer[];
  private readonly names: string[];
  constructor(tokens: readonly { name: string; sha256: string }[]) {
    this.hashes = tokens.map((t) => Buffer.from(t.sha256, 'hex'));
    this.names = tokens.map((t) => t.name);
  }

  get size(): number {
    return this.hashes.length;
  }

  /** The matching token's name, or undefined. Time does not depend on which hash matches or how much of it. */
  verify(presented: string | undefined): string | undefined {
    const digest = createHash('sha256').update(presented ?? '', 'utf8').digest();
    let match = -1;
    for (let i = 0; i < this.hashes.length; i++) {
      const hash = this.hashes[i];
      if (hash !== undefined && hash.length === digest.length && timingSafeEqual(hash, digest) && presented !== undefined) match = i;
    }
    return match < 0 ? undefined : this.names[match];
  }
}

/** The token of an `Authorization: Bearer …` header. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}
