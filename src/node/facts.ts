/**
 * Host facts: what a source read from a node's file system (under `--root`), keyed by
 * host path. Evaluation reads them through a FactView, which never does I/O: when
 * it is asked for something the source has not read yet it answers "unknown" and
 * records the need, and the source reads exactly those paths and runs it again
 * (see sources/host.ts). So every file is read once, and only files a control
 * actually looks at are read.
 */
import { posix } from 'node:path';

export type FileType = 'file' | 'directory' | 'symlink' | 'other';

export interface FileFact {
  /** Host path, absolute, as on the node (not prefixed by the root). */
  readonly path: string;
  readonly exists: boolean;
  readonly type?: FileType;
  /** Permission bits including setuid/setgid/sticky (`mode & 0o7777`). */
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  /** For a symlink: what it points to, and the fact of the target (resolved inside the root). */
  readonly linkTarget?: string;
  readonly target?: FileFact;
  /** Text content, when it was read (regular files up to the size limit). */
  readonly content?: string;
  /** Entry names, when the directory was listed. */
  readonly entries?: readonly string[];
  /** Why it could not be read (permission denied, too large …). */
  readonly error?: string;
}

export interface HostFacts {
  /** The root the host was read under (`/` on a node, a fixture directory in tests). */
  readonly root: string;
  readonly files: ReadonlyMap<string, FileFact>;
}

export type NeedKind = 'stat' | 'read' | 'list';
export interface Need {
  readonly kind: NeedKind;
  readonly path: string;
}

/** Normalises a host path: absolute, no `.`/`..`, no trailing slash. */
export function hostPath(path: string): string {
  const normal = posix.normalize(posix.join('/', path));
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

/** Pure lookups over facts; records what is missing. */
export class FactView {
  readonly needs = new Map<string, Need>();

  constructor(readonly facts: HostFacts) {}

  private need(kind: NeedKind, path: string): void {
    this.needs.set(`${kind}:${path}`, { kind, path });
  }

  /** The file's fact (lstat; a symlink carries its target's fact), or undefined while not yet read. */
  stat(path: string): FileFact | undefined {
    const p = hostPath(path);
    const fact = this.facts.files.get(p);
    if (fact === undefined) this.need('stat', p);
    return fact;
  }

  /** The fact that describes the file's permissions: the symlink's target for a symlink. */
  effective(path: string): FileFact | undefined {
    const fact = this.stat(path);
    return fact?.type === 'symlink' && fact.target !== undefined ? fact.target : fact;
  }

  exists(path: string): boolean | undefined {
    return this.stat(path)?.exists;
  }

  /** Text of a regular file; undefined when missing, unreadable, or not yet read. */
  read(path: string): string | undefined {
    const p = hostPath(path);
    const fact = this.facts.files.get(p);
    if (fact === undefined || (fact.exists && fact.content === undefined && fact.error === undefined && (fact.type === 'file' || fact.type === 'symlink'))) {
      this.need('read', p);
      return undefined;
    }
    if (fact.type === 'symlink') return fact.target?.content;
    return fact.content;
  }

  /** Entry names of a directory, sorted; undefined when missing or not yet listed. */
  list(path: string): readonly string[] | undefined {
    const p = hostPath(path);
    const fact = this.facts.files.get(p);
    const dir = fact?.type === 'symlink' ? fact.target : fact;
    if (fact === undefined || (dir?.exists === true && dir.type === 'directory' && dir.entries === undefined && dir.error === undefined)) {
      this.need('list', p);
      return undefined;
    }
    return dir?.entries;
  }

  /** Every file and directory below `dir` (not `dir` itself), depth first, sorted. */
  walk(dir: string, depth = 8): FileFact[] {
    const out: FileFact[] = [];
    const entries = this.list(dir);
    if (entries === undefined || depth <= 0) return out;
    for (const name of entries) {
      const path = hostPath(`${dir}/${name}`);
      const fact = this.stat(path);
      if (fact === undefined) continue;
      out.push(fact);
      if (fact.type === 'directory') out.push(...this.walk(path, depth - 1));
    }
    return out;
  }

  /** True while the view has asked for facts the source has not read. */
  get incomplete(): boolean {
    return this.needs.size > 0;
  }
}

/** `/etc/passwd` or `/etc/group` → id → name. */
export function parseIdFile(text: string | undefined): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of (text ?? '').split('\n')) {
    if (line.startsWith('#')) continue;
    const fields = line.split(':');
    const id = Number(fields[2]);
    if (fields[0] !== undefined && fields[0] !== '' && Number.isInteger(id) && !names.has(id)) names.set(id, fields[0]);
  }
  return names;
}

/** `/etc/group` → group name → member user names. */
export function parseGroupMembers(text: string | undefined): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const line of (text ?? '').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [name, , , members] = line.split(':');
    if (name === undefined) continue;
    groups.set(name, (members ?? '').split(',').map((m) => m.trim()).filter((m) => m !== ''));
  }
  return groups;
}

/** `0o640` → `0640`. */
export function formatMode(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}
