/**
 * Fixture roots keep their modes and owners in `.fixture.json` (git keeps only the
 * executable bit). `applyFixture` sets the modes with chmod; as root it also chowns
 * (everything to root, then the declared owners, resolved through the fixture's own
 * etc/passwd and etc/group); when not root it returns a HostFs that reports the
 * declared owners instead, so the same verdicts are asserted either way.
 */
import { readFileSync } from 'node:fs';
import { chmod, chown, lstat, readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFs, type HostFs } from '../../src/sources/host.js';
import { parseIdFile } from '../../src/node/facts.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'nodes');
export const FIXTURE_NAMES = ['kubeadm-default', 'kubeadm-hardened', 'kubeadm-insecure', 'worker-insecure', 'worker-flags-only', 'k3s-server'] as const;
export type FixtureName = (typeof FIXTURE_NAMES)[number];

interface FixtureFile {
  readonly modes: Record<string, string>;
  readonly owners: Record<string, string>;
}

function idsByName(file: string): Map<string, number> {
  const names = parseIdFile(readFileSync(file, 'utf8'));
  return new Map([...names].map(([id, name]) => [name, id]));
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [dir];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

export interface PreparedFixture {
  readonly root: string;
  /** Present when not running as root: reports the declared owners. */
  readonly fs?: HostFs;
  /** Declared owner of each path (relative), resolved to ids. */
  readonly owners: ReadonlyMap<string, { uid: number; gid: number }>;
}

export async function applyFixture(name: FixtureName, options: { overlayOwners?: boolean } = {}): Promise<PreparedFixture> {
  const root = join(FIXTURES, name);
  const spec = JSON.parse(readFileSync(join(root, '.fixture.json'), 'utf8')) as FixtureFile;
  for (const [path, mode] of Object.entries(spec.modes)) await chmod(join(root, path), Number.parseInt(mode, 8));
  const users = idsByName(join(root, 'etc/passwd'));
  const groups = idsByName(join(root, 'etc/group'));
  const owners = new Map<string, { uid: number; gid: number }>();
  for (const [path, owner] of Object.entries(spec.owners)) {
    const [user = '', group = ''] = owner.split(':');
    const uid = users.get(user);
    const gid = groups.get(group);
    if (uid === undefined || gid === undefined) throw new Error(`${name}: owner ${owner} of ${path} is not in the fixture's etc/passwd or etc/group`);
    owners.set(path, { uid, gid });
  }
  if (process.getuid?.() === 0 && options.overlayOwners !== true) {
    for (const path of await walk(root)) await chown(path, 0, 0);
    for (const [path, { uid, gid }] of owners) await chown(join(root, path), uid, gid);
    return { root, owners };
  }
  const ownerOf = (p: string) => owners.get(relative(root, p)) ?? { uid: 0, gid: 0 };
  const overlay = async (p: string, real: Awaited<ReturnType<HostFs['lstat']>>) => {
    const { uid, gid } = ownerOf(p);
    return { mode: real.mode, size: real.size, uid, gid, isFile: () => real.isFile(), isDirectory: () => real.isDirectory(), isSymbolicLink: () => real.isSymbolicLink() };
  };
  const fs: HostFs = { ...nodeFs, lstat: async (p) => overlay(p, await lstat(p)), stat: async (p) => overlay(p, await nodeFs.stat(p)) };
  return { root, fs, owners };
}
