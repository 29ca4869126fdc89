/**
 * Version data newer than the bundled copy, saved by `kubefort data update` under the
 * user's data directory. kubefort is offline by default: nothing here touches the
 * network unless `update` is asked to read a URL.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { KubefortError } from '../../core/errors.js';
import { isRecord } from '../../core/path.js';
import type { KnownCve, MinorRelease, VersionData } from './data.js';

export function dataDirectory(): string {
  return process.env.KUBEFORT_DATA_DIR ?? join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'kubefort');
}

export function versionDataFile(): string {
  return join(dataDirectory(), 'versions.json');
}

/** The saved data, or undefined when there is none (then the bundled data applies). */
export async function loadSavedVersionData(file = versionDataFile()): Promise<VersionData | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new KubefortError('KF_ERR_DATA', `${file}: the saved version data is not JSON (${messageOf(error)}); run kubefort data update --from FILE|URL again, or delete it to use the bundled data`);
  }
  return validateVersionData(parsed, file);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const FS_REASONS: Readonly<Record<string, string>> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a directory', ENOTDIR: 'a parent is not a directory', EROFS: 'read-only file system' };

/** A file-system error in a few words (the path is named by the caller). */
function fsReason(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  return FS_REASONS[code] ?? messageOf(error);
}

/** Reads version data from a file or an http(s) URL, validates it, and saves it. */
export async function updateVersionData(from: string, file = versionDataFile()): Promise<VersionData> {
  let text: string;
  if (/^https?:\/\//.test(from)) {
    let response: Response;
    try {
      response = await fetch(from);
      text = await response.text();
    } catch (error) {
      // fetch() says only "fetch failed"; the reason (DNS, refused, TLS) is its cause.
      const cause = error instanceof Error && error.cause !== undefined ? `: ${messageOf(error.cause)}` : '';
      throw new KubefortError('KF_ERR_DATA', `cannot fetch ${from}: ${messageOf(error)}${cause}`);
    }
    if (!response.ok) throw new KubefortError('KF_ERR_DATA', `${from}: HTTP ${response.status}`);
  } else {
    try {
      text = await readFile(from, 'utf8');
    } catch (error) {
      throw new KubefortError('KF_ERR_READ', `cannot read ${from}: ${fsReason(error)}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new KubefortError('KF_ERR_DATA', `${from}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const data = validateVersionData(parsed, from);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  } catch (error) {
    throw new KubefortError('KF_ERR_DATA', `cannot save ${file}: ${fsReason(error)} (KUBEFORT_DATA_DIR chooses another directory)`);
  }
  return data;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const VERSION = /^\d+\.\d+(\.\d+)?$/;

export function validateVersionData(value: unknown, source: string): VersionData {
  const fail = (message: string): never => {
    throw new KubefortError('KF_ERR_DATA', `${source}: ${message}`);
  };
  if (!isRecord(value)) return fail('expected an object');
  if (typeof value.asOf !== 'string' || !DATE.test(value.asOf)) fail('asOf must be a date YYYY-MM-DD');
  if (typeof value.source !== 'string') fail('source must be a string');
  if (!Array.isArray(value.releases) || value.releases.length === 0) fail('releases must be a non-empty list');
  if (!Array.isArray(value.cves)) fail('cves must be a list');
  (value.releases as unknown[]).forEach((r, i) => {
    if (!isRecord(r)) return fail(`releases[${i}] is not an object`);
    if (typeof r.minor !== 'string' || !/^\d+\.\d+$/.test(r.minor)) fail(`releases[${i}].minor must look like 1.34`);
    for (const key of ['released', 'endOfStandardSupport', 'endOfLife'] as const) if (typeof r[key] !== 'string' || !DATE.test(r[key])) fail(`releases[${i}].${key} must be a date`);
    if (typeof r.latestPatch !== 'string' || !VERSION.test(r.latestPatch)) fail(`releases[${i}].latestPatch must look like 1.34.2`);
  });
  (value.cves as unknown[]).forEach((c, i) => {
    if (!isRecord(c)) return fail(`cves[${i}] is not an object`);
    if (typeof c.id !== 'string' || typeof c.title !== 'string' || typeof c.url !== 'string') fail(`cves[${i}] needs id, title and url`);
    if (!['kube-apiserver', 'kubelet', 'kube-controller-manager', 'kube-proxy'].includes(String(c.component))) fail(`cves[${i}].component is not a known component`);
    if (!['critical', 'high', 'medium', 'low'].includes(String(c.severity))) fail(`cves[${i}].severity must be critical, high, medium or low`);
    if (!Array.isArray(c.affected) || !c.affected.every((r) => isRecord(r) && typeof r.introduced === 'string' && (r.fixed === undefined || typeof r.fixed === 'string'))) fail(`cves[${i}].affected must be a list of {introduced, fixed?}`);
  });
  return {
    asOf: value.asOf as string,
    source: value.source as string,
    releases: value.releases as MinorRelease[],
    cves: value.cves as KnownCve[],
  };
}
