/**
 * sshd's effective configuration from its files, the way sshd reads them: keywords
 * case-insensitive, `Include` processed where it stands (globs allowed), the first
 * value obtained for a keyword wins, and `Match` blocks apply only to matching
 * connections (so they do not change the global value).
 */
import { posix } from 'node:path';
import type { FactView } from './facts.js';

export interface SshdValue {
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

export interface SshdConfig {
  readonly files: readonly string[];
  /** Lower-case keyword → first value. */
  readonly values: ReadonlyMap<string, SshdValue>;
  /** Keywords set inside Match blocks (reported, not applied). */
  readonly matchOverrides: readonly string[];
}

export const SSHD_CONFIG = '/etc/ssh/sshd_config';

function globFiles(view: FactView, pattern: string): string[] {
  const path = pattern.startsWith('/') ? pattern : posix.join('/etc/ssh', pattern);
  if (!path.includes('*') && !path.includes('?')) return [path];
  const dir = posix.dirname(path);
  const re = new RegExp(`^${posix.basename(path).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return (view.list(dir) ?? []).filter((n) => re.test(n)).sort().map((n) => posix.join(dir, n));
}

export function readSshdConfig(view: FactView, main = SSHD_CONFIG): SshdConfig | undefined {
  if (view.read(main) === undefined) return undefined;
  const values = new Map<string, SshdValue>();
  const files: string[] = [];
  const matchOverrides: string[] = [];
  let inMatch = false;
  const visit = (file: string, depth: number) => {
    const text = view.read(file);
    if (text === undefined || depth > 8) return;
    files.push(file);
    text.split('\n').forEach((raw, i) => {
      const line = raw.replace(/#.*$/, '').trim();
      if (line === '') return;
      const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
      if (m === null) return;
      const key = (m[1] ?? '').toLowerCase();
      const value = (m[2] ?? '').trim().replace(/^"(.*)"$/, '$1');
      if (key === 'match') {
        inMatch = value.toLowerCase() !== 'all';
        return;
      }
      if (key === 'include') {
        for (const pattern of value.split(/\s+/)) for (const f of globFiles(view, pattern)) visit(f, depth + 1);
        return;
      }
      if (inMatch) {
        matchOverrides.push(`${key} ${value} (${file}:${i + 1}, inside Match)`);
        return;
      }
      if (!values.has(key)) values.set(key, { value, file, line: i + 1 });
    });
  };
  visit(main, 0);
  return { files, values, matchOverrides };
}
