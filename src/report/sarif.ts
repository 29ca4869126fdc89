/**
 * SARIF 2.1.0 for code-scanning services (GitHub, Azure DevOps, GitLab), built by
 * hand on `@types/sarif`. What the other Kubernetes scanners get wrong and this
 * formatter must not (see docs/output-formats.md):
 * - every check that ran is a rule with full metadata, even with no results;
 * - artifact URIs are relative to `%SRCROOT%` (the working directory), URI-encoded,
 *   with forward slashes; files outside it get an absolute `file:` URI;
 * - a region only when the line is known: never a fake 1:1;
 * - live-cluster findings have no file, so they get logical locations only;
 * - suppressed findings stay in the log, with `suppressions`;
 * - input problems are tool execution notifications, not results.
 */
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { findCheck } from '../checks/index.js';
import type { CheckMeta } from '../core/check.js';
import { ERRORS, type ErrorCode, type ScanError } from '../core/errors.js';
import type { Finding, ScanResult, Suppression } from '../core/finding.js';
import { FRAMEWORK_TITLES, type FrameworkRef } from '../core/framework.js';
import { formatRef } from '../core/resource.js';
import type { Severity } from '../core/severity.js';
import type { Formatter } from './formatter.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const KUBEFORT_INFORMATION_URI = 'https://github.com/kubefort/kubefort';
/** The uriBaseId every relative artifact URI is resolved against. */
export const SRCROOT = '%SRCROOT%';
/** Key of kubefort's fingerprint in `partialFingerprints` (versioned, as SARIF §3.27.17 asks). */
export const FINGERPRINT_KEY = 'kubefort/v1';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning reads `security-severity` (0.0–10.0, as a string) to rank security alerts. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

/** The rule metadata a formatter needs; `CheckMeta` without the message templates. */
export type RuleMeta = Pick<CheckMeta, 'id' | 'name' | 'title' | 'area' | 'severity' | 'description' | 'remediation' | 'frameworks'>;

export interface SarifContext {
  /** The directory artifact URIs are made relative to (absolute). Without it, relative paths are kept as given. */
  readonly cwd?: string;
  /** Check metadata by id; defaults to the built-in registry. */
  readonly findMeta?: (checkId: string) => RuleMeta | undefined;
}

/** A SARIF formatter bound to a working directory and a check catalogue: pure, so tests can pin both. */
export function createSarifFormatter(context: SarifContext = {}): Formatter {
  return (result) => `${JSON.stringify(toSarif(result, context), null, 2)}\n`;
}

export const formatSarif: Formatter = createSarifFormatter();

export function toSarif(result: ScanResult, context: SarifContext = {}): Sarif.Log {
  const findMeta = context.findMeta ?? ((id: string) => findCheck(id)?.meta);
  const all = [...result.findings, ...result.suppressed];
  const ruleIds = unique([...result.checks, ...all.map((f) => f.checkId)]);
  const rules = ruleIds.map((id) => rule(findMeta(id) ?? metaFromFindings(id, all)));
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const errorCodes = unique(result.errors.map((e) => e.code));
  const notificationIndex = new Map(errorCodes.map((code, i) => [code, i]));

  const driver: Sarif.ToolComponent = {
    name: 'kubefort',
    fullName: `kubefort ${result.tool.version}: Kubernetes security scanner`,
    version: result.tool.version,
    semanticVersion: result.tool.version,
    informationUri: KUBEFORT_INFORMATION_URI,
    rules,
    ...(errorCodes.length === 0
      ? {}
      : {
          notifications: errorCodes.map(notificationDescriptor),
        }),
  };

  const invocation: Sarif.Invocation = {
    executionSuccessful: result.summary.errors === 0,
    startTimeUtc: result.startedAt,
    endTimeUtc: endTime(result.startedAt, result.durationMs),
    ...(result.errors.length === 0
      ? {}
      : { toolExecutionNotifications: result.errors.map((e) => notification(e, notificationIndex.get(e.code) ?? -1, context.cwd)) }),
  };

  const run: Sarif.Run = {
    tool: { driver },
    invocations: [invocation],
    originalUriBaseIds: {
      [SRCROOT]: {
        ...(context.cwd === undefined ? {} : { uri: directoryUri(context.cwd) }),
        description: { text: 'The directory kubefort was run in: relative artifact URIs are resolved against it.' },
      },
    },
    columnKind: 'utf16CodeUnits',
    results: all.map((f) => toResult(f, ruleIndex.get(f.checkId) ?? -1, context.cwd)),
    properties: {
      target: result.target.type,
      ...(result.target.context === undefined ? {} : { context: result.target.context }),
      summary: { ...result.summary },
    },
  };

  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

function rule(meta: RuleMeta): Sarif.ReportingDescriptor {
  const frameworks = meta.frameworks.map(describeFramework);
  const fix = meta.remediation.trim();
  const markdown = [
    meta.description,
    ...(fix === '' ? [] : ['', '**How to fix**', '', fix]),
    ...(frameworks.length === 0 ? [] : ['', '**Frameworks**', '', ...frameworks.map((f) => `- ${f}`)]),
  ].join('\n');
  return {
    id: meta.id,
    // SARIF1001: a rule's friendly name must differ from its id (compared ignoring case).
    ...(meta.name.toLowerCase() === meta.id.toLowerCase() ? {} : { name: meta.name }),
    shortDescription: { text: sentence(meta.title) },
    fullDescription: { text: sentence(meta.description) },
    help: { text: fix === '' ? sentence(meta.description) : `${sentence(meta.description)}\n\nHow to fix: ${fix}`, markdown },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: unique(['security', 'kubernetes', meta.area, ...meta.frameworks.map((f) => f.framework)]),
      precision: 'very-high',
      'security-severity': SECURITY_SEVERITY[meta.severity],
      severity: meta.severity,
      area: meta.area,
      frameworks: meta.frameworks.map((f) => ({ framework: f.framework, control: f.control })),
    },
  };
}

/** A check the catalogue does not know (a plugin, an older result): what its findings say about it. */
function metaFromFindings(id: string, findings: readonly Finding[]): RuleMeta {
  const f = findings.find((x) => x.checkId === id);
  if (f === undefined) return { id, name: id, title: id, area: 'general', severity: 'info', description: `kubefort check ${id}`, remediation: '', frameworks: [] };
  return { id, name: f.checkName, title: f.title, area: f.area, severity: f.severity, description: f.title, remediation: f.remediation, frameworks: f.frameworks };
}

function toResult(f: Finding, ruleIndex: number, cwd: string | undefined): Sarif.Result {
  const object = formatRef(f.resource);
  const { location } = f;
  const artifact = location.file === undefined ? undefined : artifactLocation(location.file, cwd);
  const physicalLocation: Sarif.PhysicalLocation | undefined =
    artifact === undefined
      ? undefined
      : {
          artifactLocation: artifact,
          ...(location.line === undefined ? {} : { region: { startLine: location.line, ...(location.column === undefined ? {} : { startColumn: location.column }) } }),
        };
  const logicalLocations: Sarif.LogicalLocation[] = [{ name: f.resource.name, fullyQualifiedName: object, kind: 'resource' }];
  if (location.path !== '') logicalLocations.push({ name: location.path, fullyQualifiedName: `${object}#${location.path}`, kind: 'property' });
  return {
    ruleId: f.checkId,
    ...(ruleIndex < 0 ? {} : { ruleIndex }),
    level: LEVEL[f.severity],
    message: { text: sentence(`${object}: ${f.message}`) },
    locations: [{ ...(physicalLocation === undefined ? {} : { physicalLocation }), logicalLocations }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.suppression === undefined ? {} : { suppressions: [suppression(f.suppression)] }),
    properties: {
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      messageId: f.messageId,
      area: f.area,
      object: { ...f.resource },
      jsonPath: location.path,
      ...(location.file !== undefined && artifact === undefined ? { file: location.file } : {}),
      ...(location.documentIndex === undefined ? {} : { documentIndex: location.documentIndex }),
      ...(location.template === undefined ? {} : { helmTemplate: location.template }),
      ...(location.cluster === undefined ? {} : { cluster: location.cluster }),
      ...(f.expiredSuppression === undefined ? {} : { expiredSuppression: { ...f.expiredSuppression } }),
    },
  };
}

function suppression(s: Suppression): Sarif.Suppression {
  return {
    kind: s.kind === 'annotation' ? 'inSource' : 'external',
    status: 'accepted',
    justification: s.reason,
    properties: {
      source: s.source,
      ...(s.owner === undefined ? {} : { owner: s.owner }),
      ...(s.expires === undefined ? {} : { expires: s.expires }),
    },
  };
}

/** Input problems are notifications, described like rules so code-scanning services can show them. */
function notificationDescriptor(code: ErrorCode): Sarif.ReportingDescriptor {
  const { level, title } = ERRORS[code];
  const effect =
    level === 'error'
      ? 'It is an input error: the scan goes on without the affected input, and kubefort exits with code 2.'
      : 'It is a warning about the input: the scan goes on and the exit code is not affected.';
  return {
    id: code,
    name: code
      .replace(/^KF_(ERR|WARN)_/, '')
      .toLowerCase()
      .replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: sentence(title) },
    fullDescription: { text: `${sentence(title)} ${effect}` },
    help: { text: `${sentence(title)} ${effect} The notification's message and location say which input and why.` },
    defaultConfiguration: { level },
  };
}

function notification(e: ScanError, index: number, cwd: string | undefined): Sarif.Notification {
  const artifact = e.file === undefined ? undefined : artifactLocation(e.file, cwd);
  const location: Sarif.Location = {
    ...(artifact === undefined
      ? {}
      : {
          physicalLocation: {
            artifactLocation: artifact,
            ...(e.line === undefined ? {} : { region: { startLine: e.line, ...(e.column === undefined ? {} : { startColumn: e.column }) } }),
          },
        }),
    ...(e.object === undefined ? {} : { logicalLocations: [{ fullyQualifiedName: e.object, kind: 'resource' }] }),
  };
  return {
    descriptor: { id: e.code, ...(index < 0 ? {} : { index }) },
    level: e.level,
    message: { text: sentence(e.message) },
    ...(Object.keys(location).length === 0 ? {} : { locations: [location] }),
    properties: {
      code: e.code,
      ...(e.file !== undefined && artifact === undefined ? { file: e.file } : {}),
      ...(e.documentIndex === undefined ? {} : { documentIndex: e.documentIndex }),
    },
  };
}

/**
 * Where a file is, as SARIF wants it: relative to `%SRCROOT%` when inside the working
 * directory, an absolute `file:` URI when outside, nothing for pseudo-files (`<stdin>`).
 */
export function artifactLocation(file: string, cwd: string | undefined): Sarif.ArtifactLocation | undefined {
  if (/^<[^<>]*>$/.test(file)) return undefined;
  if (cwd !== undefined) {
    const absolute = resolve(cwd, file);
    const rel = relative(cwd, absolute);
    if (rel !== '' && !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`)) return { uri: encodeSegments(rel.split(sep)), uriBaseId: SRCROOT };
    return { uri: pathToFileURL(absolute).href };
  }
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const rel = normalize(file);
  const uri = encodeSegments(rel.split(sep));
  return rel === '..' || rel.startsWith(`..${sep}`) ? { uri } : { uri, uriBaseId: SRCROOT };
}

/** Percent-encodes each path segment (spaces, `%`, `#`, `?`, `:`, non-ASCII) and joins with `/`. */
function encodeSegments(segments: readonly string[]): string {
  return segments.map((s) => encodeURIComponent(s)).join('/');
}

/** `file:` URI of a directory, with the trailing slash SARIF requires of a base URI. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function endTime(startedAt: string, durationMs: number): string {
  const start = Date.parse(startedAt);
  return Number.isNaN(start) ? startedAt : new Date(start + durationMs).toISOString();
}

function describeFramework(ref: FrameworkRef): string {
  return `${FRAMEWORK_TITLES[ref.framework]}: ${ref.control}`;
}

/** SARIF asks plain-text messages to be complete sentences. */
function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
