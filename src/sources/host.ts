/**
 * A node's host facts, read under `--root DIR` (default `/`): file modes and owners
 * (lstat; a symlink's target is resolved inside the root), text of the files the
 * controls read (processes' `/proc/<pid>/cmdline` and `environ`, static pod
 * manifests, kubelet and kube-proxy config files, sshd_config, os-release, sysctls
 * under `/proc/sys` …), and directory listings.
 *
 * What to read is decided by the evaluation itself: it runs over a FactView, which
 * records every fact it lacks; this source reads those, and runs it again, until
 * nothing is missing. Each path is read once. This is the only place that touches
 * the file system.
 */
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { FactView, hostPath, type FileFact, type FileType, type HostFacts, type Need } from '../node/facts.js';

/** The file-system calls the source makes, so tests can overlay owners when not run as root. */
export interface HostFs {
  lstat(path: string): Promise<{ mode: number; uid: number; gid: number; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; size: number }>;
  stat(path: string): Promise<{ mode: number; uid: number; gid: number; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; size: number }>;
  readFile(path: string): Promise<Buffer>;
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
}

export const nodeFs: HostFs = { lstat, stat, readFile: (p) => readFile(p), readdir: (p) => readdir(p), readlink };

export interface HostReadOptions {
  readonly fs?: HostFs;
  /** Files larger than this are not read (their mode and owner still are). */
  readonly maxFileBytes?: number;
  /** Safety bound on evaluation rounds. */
  readonly maxRounds?: number;
}

const MAX_FILE = 4 * 1024 * 1024;

/**
 * Reads the host facts `evaluate` needs. `evaluate` must be pure over the view;
 * it is run until it asks for nothing new (at most `maxRounds` times).
 */
export async function readHostFacts(root: string, evaluate: (view: FactView) => void, options: HostReadOptions = {}): Promise<HostFacts> {
  const fs = options.fs ?? nodeFs;
  const files = new Map<string, FileFact>();
  const facts: HostFacts = { root, files };
  const maxRounds = options.maxRounds ?? 16;
  for (let round = 0; round < maxRounds; round++) {
    const view = new FactView(facts);
    evaluate(view);
    if (!view.incomplete) break;
    await Promise.all([...view.needs.values()].map((need) => satisfy(fs, root, files, need, options.maxFileBytes ?? MAX_FILE)));
  }
  return facts;
}

function onDisk(root: string, path: string): string {
  return posix.join(root, path);
}

function typeOf(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): FileType {
  if (s.isSymbolicLink()) return 'symlink';
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  return 'other';
}

function message(error: unknown): string {
  if (error instanceof Error && 'code' in error) return String((error as { code: unknown }).code);
  return error instanceof Error ? error.message : String(error);
}

async function statFact(fs: HostFs, root: string, path: string, depth = 0): Promise<FileFact> {
  try {
    const s = await fs.lstat(onDisk(root, path));
    const type = typeOf(s);
    const fact: FileFact = { path, exists: true, type, mode: s.mode & 0o7777, uid: s.uid, gid: s.gid };
    if (type !== 'symlink') return fact;
    const link = await fs.readlink(onDisk(root, path));
    // Resolve inside the root: an absolute target is relative to the root, a relative one to the link's directory.
    const targetPath = hostPath(link.startsWith('/') ? link : posix.join(posix.dirname(path), link));
    if (path.startsWith('/proc/') && depth === 0) {
      // /proc magic links (/proc/<pid>/root, cwd) are resolved by the kernel, not textually.
      try {
        const t = await fs.stat(onDisk(root, path));
        return { ...fact, linkTarget: link, target: { path, exists: true, type: typeOf(t), mode: t.mode & 0o7777, uid: t.uid, gid: t.gid } };
      } catch (error) {
        return { ...fact, linkTarget: link, target: { path, exists: false, error: message(error) } };
      }
    }
    const target = depth < 8 ? await statFact(fs, root, targetPath, depth + 1) : { path: targetPath, exists: false, error: 'too many levels of symbolic links' };
    return { ...fact, linkTarget: link, target: target.type === 'symlink' && target.target !== undefined ? target.target : target };
  } catch (error) {
    const code = message(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? { path, exists: false } : { path, exists: false, error: code };
  }
}

async function satisfy(fs: HostFs, root: string, files: Map<string, FileFact>, need: Need, maxBytes: number): Promise<void> {
  let fact = files.get(need.path) ?? (await statFact(fs, root, need.path));
  const real = fact.type === 'symlink' ? fact.target : fact;
  const readPath = fact.type === 'symlink' && !need.path.startsWith('/proc/') && real !== undefined ? real.path : need.path;
  if (need.kind === 'read' && real?.exists === true && real.type === 'file' && real.content === undefined && real.error === undefined) {
    let update: Partial<FileFact>;
    try {
      const buffer = await fs.readFile(onDisk(root, readPath));
      update = buffer.length > maxBytes ? { error: `larger than ${maxBytes} bytes` } : { content: buffer.toString('utf8') };
    } catch (error) {
      update = { error: message(error) };
    }
    fact = fact.type === 'symlink' && fact.target !== undefined ? { ...fact, target: { ...fact.target, ...update } } : { ...fact, ...update };
  }
  if (need.kind === 'list' && real?.exists === true && real.type === 'directory' && real.entries === undefined && real.error === undefined) {
    let update: Partial<FileFact>;
    try {
      update = { entries: (await fs.readdir(onDisk(root, readPath))).sort() };
    } catch (error) {
      update = { error: message(error) };
    }
    fact = fact.type === 'symlink' && fact.target !== undefined ? { ...fact, target: { ...fact.target, ...update } } : { ...fact, ...update };
  }
  files.set(need.path, fact);
}
