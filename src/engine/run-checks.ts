/**
 * Runs checks over an inventory and turns their reports into findings:
 * message text, location (file:line:column + JSON path), fingerprint, suppression.
 */
import { hash } from 'node:crypto';
import { DEFAULT_CHECK_OPTIONS, formatMessage, type Check, type CheckOptions, type Report } from '../core/check.js';
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
  for (const check of checks) {
    const { meta } = check;
    const report = (r: Report<string>) => {
      // Fingerprint first: a duplicate is dropped before paying for its position and message.
      const path = r.path ?? [];
      const pathText = formatPath(path);
      const print = fingerprint(meta.id, r.resource, pathText, `${r.messageId}\u0000${r.key ?? ''}`);
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
  run.findings.sort(compareFindings);
  run.suppressed.sort(compareFindings);
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
    message: formatMessage(template, r.data),
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
  const { kind, namespace, name } = resource.ref;
  return hash('sha256', `${checkId}\u0000${kind}\u0000${namespace ?? ''}\u0000${name}\u0000${path}\u0000${key}`, 'hex').slice(0, 16);
}

const AREA_ORDER = new Map<string, number>(AREAS.map((a, i) => [a, i]));

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    (AREA_ORDER.get(a.area) ?? 0) - (AREA_ORDER.get(b.area) ?? 0) ||
    (a.location.file ?? '').localeCompare(b.location.file ?? '') ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    a.checkId.localeCompare(b.checkId)
  );
}
