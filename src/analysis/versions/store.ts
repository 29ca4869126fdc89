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
  return validateVersionData(JSON.parse(text), file);
}

/** Reads version data from a file or an http(s) URL, validates it, and saves it. */
export async function updateVersionData(from: string, file = versionDataFile()): Promise<VersionData> {
  let text: string;
  if (/^https?:\/\//.test(from)) {
    const response = await fetch(from);
    if (!response.ok) throw new KubefortError('KF_ERR_DATA', `${from}: HTTP ${response.status}`);
    text = await response.text();
  } else {
    text = await readFile(from, 'utf8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new KubefortError('KF_ERR_DATA', `${from}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const data = validateVersionData(parsed, from);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
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
