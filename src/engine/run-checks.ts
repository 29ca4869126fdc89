/**
 * Runs checks over an inventory and turns their reports into findings:
 * message text, location (file:line:column + JSON path), fingerprint, suppression.
 */
import { hash } from 'node:crypto';
import { DEFAULT_CHECK_OPTIONS, type Check, type CheckOptions, type MessageData, type Report } from '../core/check.js';
import { scanError, type ScanError } from '../core/errors.js';
import type { Finding, FindingLocation } from '../core/finding.js';
import type { Inventory } from '../core/inventory.js';
import { formatPath, type JsonPath } from '../core/path.js';
import type { Resource } from '../core/resource.js';
import { AREAS } from '../core/area.js';
import { severityRank } from '../core/severity.js';
import { Suppressor, type SuppressionOptions } from './suppressions.js';

export interface CheckRun {
  readonly findings: Finding[];
  readonly suppressed: Finding[];
  readonly errors: ScanError[];
}

export interface RunOptions {
  readonly checkOptions?: Partial<CheckOptions>;
  readonly suppression?: Partial<SuppressionOptions>;
}

export function runChecks(inventory: Inventory, checks: readonly Check[], options: RunOptions = {}): CheckRun {
  const today = options.suppression?.today ?? options.checkOptions?.today ?? new Date().toISOString().slice(0, 10);
  const checkOptions: CheckOptions = { ...DEFAULT_CHECK_OPTIONS, today, ...options.checkOptions };
  const suppressor = new Suppressor({
    exceptions: options.suppression?.exceptions ?? [],
    allowAnnotations: options.suppression?.allowAnnotations ?? true,
    today,
  });
  const run: CheckRun = { findings: [], suppressed: [], errors: [] };
  const seen = new Set<string>();
  // Per resource: the ref part of the fingerprint input (every check reports on the same objects).
  const refKeys = new WeakMap<Resource, string>();
  for (const check of checks) {
    const { meta } = check;
    const checkPrefix = `${meta.id}\u0000`;
    const report = (r: Report<string>) => {
      // Fingerprint first: a duplicate is dropped before paying for its position and message.
      const path = r.path ?? EMPTY_PATH;
      const pathText = path.length === 0 ? '' : formatPath(path);
      let refKey = refKeys.get(r.resource);
      if (refKey === undefined) refKeys.set(r.resource, (refKey = refKeyOf(r.resource)));
      const print = fingerprintOf(`${checkPrefix}${refKey}${pathText}\u0000${r.messageId}\u0000${r.key ?? ''}`);
      if (seen.has(print)) return; // the same field reported twice by one check (e.g. pod and container level)
      seen.add(print);
      const finding = toFinding(check, r, path, pathText, print);
      const verdict = suppressor.verdict(meta, r.resource);
      if (verdict.state === 'active') run.suppressed.push({ ...finding, suppression: verdict.suppression });
      else if (verdict.state === 'expired')
        run.findings.push({ ...finding, message: `${finding.message} (suppression expired ${verdict.suppression.expires ?? ''})`, expiredSuppression: verdict.suppression });
      else run.findings.push(finding);
    };
    try {
      check.run(inventory, { report, options: checkOptions });
    } catch (error) {
      run.errors.push(scanError('KF_ERR_CHECK_FAILED', `check ${meta.id} (${meta.name}) failed: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
  run.errors.push(...suppressor.errors);
  sortFindings(run.findings);
  sortFindings(run.suppressed);
  return run;
}

function toFinding(check: Check, r: Report<string>, path: JsonPath, pathText: string, print: string): Finding {
  const { meta } = check;
  const template = meta.messages[r.messageId] ?? r.messageId;
  return {
    checkId: meta.id,
    checkName: meta.name,
    messageId: r.messageId,
    title: meta.title,
    area: meta.area,
    severity: r.severity ?? meta.severity,
    resource: r.resource.ref,
    location: locationOf(r.resource, path, pathText),
    message: renderMessage(template, r.data),
    remediation: meta.remediation,
    frameworks: meta.frameworks,
    fingerprint: print,
  };
}

function locationOf(resource: Resource, path: JsonPath, pathText: string): FindingLocation {
  const { origin } = resource;
  // Built field by field, in the order the JSON report shows them.
  const location: { -readonly [K in keyof FindingLocation]: FindingLocation[K] } = { path: pathText };
  if (origin.file !== undefined) {
    location.file = origin.file;
    const position = resource.locate(path);
    if (position !== undefined) {
      location.line = position.line;
      location.column = position.column;
    }
  }
  if (origin.documentIndex !== undefined) location.documentIndex = origin.documentIndex;
  if (origin.template !== undefined) location.template = origin.template;
  if (origin.cluster !== undefined) location.cluster = origin.cluster;
  return location;
}

/** Same check, object, field and message id (and key): same fingerprint, whatever the file, line or wording. */
export function fingerprint(checkId: string, resource: Resource, path: string, key = ''): string {
  return fingerprintOf(`${checkId}\u0000${refKeyOf(resource)}${path}\u0000${key}`);
}

const EMPTY_PATH: JsonPath = [];

/**
 * `formatMessage(template, data)`, with each template split once into literal text and
 * placeholders: [text, name, placeholder as written, text, name, placeholder, text, …].
 */
const TEMPLATES = new Map<string, readonly string[]>();
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

function renderMessage(template: string, data: MessageData | undefined): string {
  if (data === undefined) return template;
  let parts = TEMPLATES.get(template);
  if (parts === undefined) {
    const compiled: string[] = [];
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      compiled.push(template.slice(last, m.index), m[1] as string, m[0]);
      last = m.index + m[0].length;
    }
    compiled.push(template.slice(last));
    TEMPLATES.set(template, (parts = compiled));
  }
  if (parts.length === 1) return template;
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 3) {
    const value = data[parts[i] as string];
    out += value === undefined ? (parts[i + 1] as string) : String(value);
    out += parts[i + 2] as string;
  }
  return out;
}

/** `kind␀namespace␀name␀`: the object's part of a fingerprint's input. */
function refKeyOf(resource: Resource): string {
  const { kind, namespace, name } = resource.ref;
  return `${kind}\u0000${namespace ?? ''}\u0000${name}\u0000`;
}

function fingerprintOf(input: string): string {
  return hash('sha256', input, 'hex').slice(0, 16);
}

const AREA_ORDER = new Map<string, number>(AREAS.map((a, i) => [a, i]));

/**
 * Sorts in place in the order of `compareFindings`, but with the keys computed once per finding:
 * files and check ids are ranked once by `localeCompare` (equal under it, equal rank), so the
 * comparator only subtracts numbers. The sort is stable, as `Array.prototype.sort` is.
 */
export function sortFindings(findings: Finding[]): Finding[] {
  const n = findings.length;
  if (n < 2) return findings;
  const fileRank = rankStrings(findings.map((f) => f.location.file ?? ''));
  const checkRank = rankStrings(findings.map((f) => f.checkId));
  const keys = findings.map((f, i) => ({
    f,
    i,
    sev: -severityRank(f.severity),
    area: AREA_ORDER.get(f.area) ?? 0,
    file: fileRank.get(f.location.file ?? '') as number,
    line: f.location.line ?? 0,
    check: checkRank.get(f.checkId) as number,
  }));
  keys.sort((a, b) => a.sev - b.sev || a.area - b.area || a.file - b.file || a.line - b.line || a.check - b.check || a.i - b.i);
  for (let i = 0; i < n; i++) findings[i] = (keys[i] as (typeof keys)[number]).f;
  return findings;
}

function rankStrings(values: readonly string[]): Map<string, number> {
  const distinct = [...new Set(values)].sort((a, b) => a.localeCompare(b));
  const rank = new Map<string, number>();
  let r = 0;
  for (let i = 0; i < distinct.length; i++) {
    const v = distinct[i] as string;
    if (i > 0 && (distinct[i - 1] as string).localeCompare(v) !== 0) r++;
    rank.set(v, r);
  }
  return rank;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (AREA_ORDER.get(a.area) ?? 0) - (AREA_ORDER.get(b.area) ?? 0) ||
    (a.location.file ?? '').localeCompare(b.location.file ?? '') ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    a.checkId.localeCompare(b.checkId)
  );
}
