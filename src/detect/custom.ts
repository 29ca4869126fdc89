/**
 * Custom detection rules: a CEL expression over the normalised audit event, from YAML files
 * (`kind: AuditRule`). Each rule is validated strictly and compiled once when the file is loaded (a
 * syntax or type error stops the command, naming the file, the rule and the position); it becomes
 * a DetectionRule like the built-in ones, so the engine indexes it by stage, resource and verb,
 * de-duplicates, windows and alerts with the same evidence and sinks. An expression that fails on
 * one event (a field that is absent) is that event not matching: counted per rule, never fatal.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isCelError, type CelInput } from '@bufbuild/cel';
import { isRecord, type JsonPath } from '../core/path.js';
import type { Position } from '../core/resource.js';
import { isSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import { STAGES, type Level, type Stage } from '../audit/policy/types.js';
import { celMapView, checkExpression, CelSourceError, type CelShape, type CheckedExpression } from '../custom/cel.js';
import { definitionDocuments, fieldPath, fileAt, textFields, type DefinitionDocument } from '../custom/definition.js';
import type { SourceText } from '../sources/source-text.js';
import { objectName, type AuditEvent } from './event.js';
import type { DetectionRule, Hit, RuleWindow } from './rule.js';

export const AUDIT_RULE_API_VERSION = 'kubefort.io/v1alpha1';
export const AUDIT_RULE_KIND = 'AuditRule';

// ---- the event as CEL sees it ----

const USER_FIELDS = { username: 'string', groups: { list: 'string' }, extra: { map: { list: 'string' } } } as const;

/** The shape of `event` in rule expressions (documented in docs/audit.md, "Custom rules"). */
export const EVENT_SHAPE: CelShape = {
  object: 'event',
  fields: {
    auditID: 'string',
    stage: 'string',
    level: 'string',
    verb: 'string',
    requestURI: 'string',
    user: { object: 'event.user', fields: USER_FIELDS },
    impersonatedUser: { object: 'event.impersonatedUser', fields: USER_FIELDS },
    sourceIPs: { list: 'string' },
    sourceIP: 'string',
    userAgent: 'string',
    objectRef: { object: 'event.objectRef', fields: { resource: 'string', subresource: 'string', namespace: 'string', name: 'string', apiGroup: 'string' } },
    responseStatus: { object: 'event.responseStatus', fields: { code: 'int', message: 'string' } },
    annotations: { map: 'string' },
    decision: 'string',
    requestObject: 'dyn',
    responseObject: 'dyn',
    requestReceivedTimestamp: 'string',
    stageTimestamp: 'string',
  },
};
const VARIABLES = { event: EVENT_SHAPE } as const;
const EMPTY_REF = Object.freeze({ resource: '', subresource: '', namespace: '', name: '', apiGroup: '' });

const EVENT_FIELDS = Object.keys((EVENT_SHAPE as { fields: Record<string, unknown> }).fields);

/** One field of `event`, as a JSON value (converted by celView on access); undefined when absent. */
function field(e: AuditEvent, key: string): unknown {
  switch (key) {
    case 'auditID':
      return e.auditID;
    case 'stage':
      return e.stage;
    case 'level':
      return e.level;
    case 'verb':
      return e.verb;
    case 'requestURI':
      return e.requestURI;
    case 'user':
      return e.user;
    case 'impersonatedUser':
      return e.impersonatedUser;
    case 'sourceIPs':
      return e.sourceIPs;
    case 'sourceIP':
      return e.sourceIP;
    case 'userAgent':
      return e.userAgent;
    case 'objectRef':
      return e.objectRef ?? EMPTY_REF;
    case 'responseStatus':
      return { code: e.code, message: e.statusMessage };
    case 'annotations':
      return e.annotations;
    case 'decision':
      return e.decision ?? '';
    case 'requestObject':
      return e.requestObject;
    case 'responseObject':
      return e.responseObject;
    case 'requestReceivedTimestamp':
      return e.requestReceivedTimestamp;
    case 'stageTimestamp':
      return e.stageTimestamp;
    default:
      return undefined;
  }
}

/**
 * `event` for CEL: a view of the normalised event (nothing is copied; only the fields an expression
 * reads are converted, bodies included), built once per event for all custom rules of a set.
 */
class EventView {
  private last: AuditEvent | undefined;
  private input: Readonly<Record<string, CelInput>> | undefined;

  of(e: AuditEvent): Readonly<Record<string, CelInput>> {
    if (e === this.last && this.input !== undefined) return this.input;
    this.last = e;
    this.input = { event: celMapView((key) => field(e, key), () => EVENT_FIELDS) };
    return this.input;
  }
}

// ---- definitions ----

export interface AuditRuleMatch {
  readonly stages: readonly Stage[];
  readonly verbs?: readonly string[];
  readonly resources?: readonly string[];
  readonly namespaces?: readonly string[];
  readonly codes?: readonly number[];
}

export interface AuditRuleDefinition {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly severity: Severity;
  readonly attack: readonly string[];
  readonly description: string;
  readonly expression: string;
  readonly message?: string;
  readonly match: AuditRuleMatch;
  readonly window?: { readonly sizeMs: number; readonly threshold: number; readonly key: string; readonly distinct?: string };
  /** Where it was read: file and the line of its `id`. */
  readonly file: string;
  readonly line: number;
}

/** A rule file that is wrong: names the file (and line), the rule and the field. */
export class AuditRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditRuleError';
  }
}

/** Evaluation counts of a custom rule, for the report at the end (or the listener's log). */
export interface CustomRuleStats {
  /** Events that passed the `match` pre-filters and were given to CEL. */
  evaluated: number;
  matched: number;
  /** Events on which an expression failed (counted as no match). */
  errors: number;
  firstError: string | undefined;
}

export interface CustomDetectionRule extends DetectionRule<'match'> {
  readonly custom: { readonly file: string; readonly line: number; readonly stats: CustomRuleStats };
}

const FIELDS = ['apiVersion', 'kind', 'id', 'name', 'title', 'severity', 'attack', 'description', 'expression', 'message', 'match', 'window'] as const;
const MATCH_FIELDS = ['stages', 'verbs', 'resources', 'namespaces', 'codes'] as const;
const WINDOW_FIELDS = ['size', 'threshold', 'key', 'distinct'] as const;
const ID = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/;
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const TECHNIQUE = /^T\d{4}(\.\d{3})?$/;
const RESOURCE = /^(\*|[a-z0-9][a-z0-9.-]*)(\/(\*|[a-z0-9][a-z0-9.-]*))?$/;
const VERB = /^[a-z]+$/;
/** Placeholders a message may use. */
export const MESSAGE_FIELDS = ['user', 'verb', 'resource', 'namespace', 'name', 'object', 'uri', 'sourceIP', 'userAgent', 'code', 'stage', 'key', 'count', 'window'] as const;
const DEFAULT_STAGES: readonly Stage[] = ['ResponseStarted', 'ResponseComplete'];
const MAX_THRESHOLD = 1000;

/** `90s`, `5m`, `1h`, `1m30s`, or a number of seconds. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
  if (typeof value !== 'string' || !/^(\d+h)?(\d+m)?(\d+s)?$/.test(value) || value === '') return undefined;
  const part = (unit: string): number => Number(new RegExp(`(\\d+)${unit}`).exec(value)?.[1] ?? 0);
  return ((part('h') * 60 + part('m')) * 60 + part('s')) * 1000;
}

/**
 * Where an expression's own line:column falls in the file, for its key at `key`: exact for a literal
 * block (`|`) and for a plain or quoted value on the key's line (in a flow mapping too); otherwise
 * the key's line.
 */
function filePosition(source: SourceText, key: Position, error: CelSourceError): string {
  const text = source.line(key.line - 1);
  const colon = text.indexOf(':', key.column - 1);
  const after = text.slice(colon + 1);
  const value = after.trimStart();
  if (/^\|[-+]?\s*$/.test(value)) {
    const first = source.line(key.line);
    const next = source.line(key.line + error.line - 1);
    const indent = first.length - first.trimStart().length;
    return next === '' ? `${key.line}` : `${key.line + error.line}:${indent + error.column}`;
  }
  if (error.line === 1 && value !== '' && !/^[|>'"]/.test(value)) return `${key.line}:${colon + 1 + (after.length - value.length) + error.column}`;
  if (error.line === 1 && /^['"]/.test(value)) return `${key.line}:${colon + 2 + (after.length - value.length) + error.column}`;
  return `${key.line}`;
}

/**
 * Validates one parsed document read from `file`; `at` places its paths in the file. A problem names
 * the line of its field (of the nearest enclosing field that exists, for one that is missing), as
 * custom checks do; the rule's own line is that of its `id`. `reserved` are the ids and names
 * already taken (built-in rules, earlier rules).
 */
function parseDefinition(doc: unknown, file: string, at: (path: JsonPath) => Position, reserved: ReadonlySet<string>): AuditRuleDefinition {
  let ruleId = '';
  const line = at(['id']).line;
  const fail = (field: string, problem: string, path: JsonPath = fieldPath(field)): never => {
    throw new AuditRuleError(`${file}:${at(path).line}: ${ruleId === '' ? '' : `rule ${ruleId}: `}${field}: ${problem}`);
  };
  if (!isRecord(doc)) return fail('(document)', 'expected a mapping with apiVersion, kind, id, title, severity, description, expression');
  if (typeof doc['id'] === 'string') ruleId = doc['id'];
  for (const key of Object.keys(doc)) if (!(FIELDS as readonly string[]).includes(key)) fail(key, `unknown field (allowed: ${FIELDS.join(', ')})`, [key]);
  if (doc['apiVersion'] !== AUDIT_RULE_API_VERSION) fail('apiVersion', `must be ${AUDIT_RULE_API_VERSION}, got ${JSON.stringify(doc['apiVersion'])}`);
  if (doc['kind'] !== AUDIT_RULE_KIND) fail('kind', `must be ${AUDIT_RULE_KIND}, got ${JSON.stringify(doc['kind'])}`);
  const text = textFields(doc, fail);
  const id = text('id', true) as string;
  if (!ID.test(id)) fail('id', `"${id}" must be letters, digits and single dashes (e.g. ACME-D-001)`);
  if (id.toUpperCase().startsWith('KF-')) fail('id', `"${id}": ids starting with KF- are kubefort's own`);
  if (reserved.has(id)) fail('id', `"${id}" is already used by another rule`);
  const name = text('name', false) ?? id.toLowerCase();
  if (!NAME.test(name)) fail('name', `"${name}" must be lower-case words joined by dashes (e.g. ci-token-outside-ci)`);
  if (name !== id.toLowerCase() && reserved.has(name)) fail('name', `"${name}" is already used by another rule`);
  const title = text('title', true) as string;
  const severity = text('severity', true) as string;
  if (!isSeverity(severity)) fail('severity', `"${severity}" is not one of ${SEVERITIES.join(', ')}`);
  let attack: string[] = [];
  if (doc['attack'] !== undefined && doc['attack'] !== null) {
    const a = doc['attack'];
    const list = typeof a === 'string' ? [a] : Array.isArray(a) ? a : fail('attack', 'must be a MITRE ATT&CK technique id or a list of them (e.g. [T1078, T1552.007])');
    list.forEach((t: unknown, i: number) => {
      if (typeof t !== 'string' || !TECHNIQUE.test(t)) fail(`attack[${i}]`, `${JSON.stringify(t)} is not a technique id (T1234 or T1234.001)`);
    });
    attack = list as string[];
  }
  const description = text('description', true) as string;
  const expression = text('expression', true) as string;
  const message = text('message', false);
  if (message !== undefined)
    for (const m of message.matchAll(/\{\{\s*(\w+)\s*\}\}/g))
      if (!(MESSAGE_FIELDS as readonly string[]).includes(m[1] as string)) fail('message', `unknown placeholder {{${m[1]}}} (known: ${MESSAGE_FIELDS.join(', ')})`);

  let match: AuditRuleMatch = { stages: DEFAULT_STAGES };
  const m = doc['match'];
  if (m !== undefined && m !== null) {
    if (!isRecord(m)) return fail('match', 'must be a mapping with stages, verbs, resources, namespaces or codes');
    for (const key of Object.keys(m)) if (!(MATCH_FIELDS as readonly string[]).includes(key)) fail(`match.${key}`, `unknown field (allowed: ${MATCH_FIELDS.join(', ')})`, ['match', key]);
    const list = <T>(field: string, ok: (v: unknown) => v is T, what: string): T[] | undefined => {
      const v = m[field];
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v) || v.length === 0) return fail(`match.${field}`, `must be a non-empty list of ${what}`);
      v.forEach((x: unknown, i: number) => {
        if (!ok(x)) fail(`match.${field}[${i}]`, `${JSON.stringify(x)} is not ${what}`);
      });
      return v as T[];
    };
    const stages = list('stages', (v): v is Stage => typeof v === 'string' && (STAGES as readonly string[]).includes(v), `a stage (${STAGES.join(', ')})`);
    const verbs = list('verbs', (v): v is string => typeof v === 'string' && VERB.test(v), 'a verb (get, list, watch, create, update, patch, delete, deletecollection …)');
    const resources = list('resources', (v): v is string => typeof v === 'string' && RESOURCE.test(v), 'a resource as an audit policy names it (pods, pods/exec, pods/*, */scale, *)');
    const namespaces = list('namespaces', (v): v is string => typeof v === 'string', 'a namespace ("" is the cluster scope)');
    const codes = list('codes', (v): v is number => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 599, 'an HTTP status code');
    match = { stages: stages ?? DEFAULT_STAGES, ...(verbs === undefined ? {} : { verbs }), ...(resources === undefined ? {} : { resources }), ...(namespaces === undefined ? {} : { namespaces }), ...(codes === undefined ? {} : { codes }) };
  }

  let window: AuditRuleDefinition['window'];
  const w = doc['window'];
  if (w !== undefined && w !== null) {
    if (!isRecord(w)) return fail('window', 'must be a mapping with size, threshold and key');
    for (const key of Object.keys(w)) if (!(WINDOW_FIELDS as readonly string[]).includes(key)) fail(`window.${key}`, `unknown field (allowed: ${WINDOW_FIELDS.join(', ')})`, ['window', key]);
    const sizeMs = parseDuration(w['size']);
    if (sizeMs === undefined || sizeMs < 1000 || sizeMs > 86_400_000) fail('window.size', `${JSON.stringify(w['size'])} must be a duration from 1s to 24h (90s, 5m, 1h, or seconds)`);
    const threshold = w['threshold'];
    if (!Number.isInteger(threshold) || (threshold as number) < 2 || (threshold as number) > MAX_THRESHOLD) fail('window.threshold', `${JSON.stringify(threshold)} must be a whole number from 2 to ${MAX_THRESHOLD} (a window keeps at most ${MAX_THRESHOLD} events per key)`);
    const key = w['key'];
    if (typeof key !== 'string' || key.trim() === '') fail('window.key', 'is required: a CEL expression over event giving the grouping key (e.g. event.sourceIP)');
    const distinct = w['distinct'];
    if (distinct !== undefined && (typeof distinct !== 'string' || distinct.trim() === '')) fail('window.distinct', 'must be a CEL expression (count distinct values of it instead of events)');
    window = { sizeMs: sizeMs as number, threshold: threshold as number, key: key as string, ...(distinct === undefined ? {} : { distinct: distinct as string }) };
  }
  return { id, name, title, severity: severity as Severity, attack, description, expression, ...(message === undefined ? {} : { message }), match, ...(window === undefined ? {} : { window }), file, line };
}

// ---- compiled rules ----

const KEY_RESULTS: readonly CelShape[] = ['string', 'int', 'uint', 'double', 'bool'];

function compile(def: AuditRuleDefinition, doc: DefinitionDocument): { expression: CheckedExpression; key?: CheckedExpression; distinct?: CheckedExpression } {
  const one = (source: string, path: JsonPath, results: readonly CelShape[]): CheckedExpression => {
    try {
      return checkExpression(source, VARIABLES, results);
    } catch (error) {
      if (!(error instanceof CelSourceError)) throw error;
      throw new AuditRuleError(`${def.file}:${filePosition(doc.source, doc.at(path), error)}: rule ${def.id}: ${path.join('.')}: ${error.line}:${error.column}: ${error.problem}`);
    }
  };
  return {
    expression: one(def.expression, ['expression'], ['bool']),
    ...(def.window === undefined ? {} : { key: one(def.window.key, ['window', 'key'], KEY_RESULTS) }),
    ...(def.window?.distinct === undefined ? {} : { distinct: one(def.window.distinct, ['window', 'distinct'], KEY_RESULTS) }),
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'bigint') return `the int ${value}`;
  return `a ${typeof value === 'object' ? 'list or map' : typeof value}`;
}

function keyString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The lowest audit level at which the rule can match: bodies need Request or RequestResponse. */
function levelOf(fields: ReadonlySet<string> | undefined): Level {
  if (fields === undefined) return 'Metadata';
  if (fields.has('responseObject')) return 'RequestResponse';
  if (fields.has('requestObject') || fields.has('*')) return 'Request';
  return 'Metadata';
}

function toRule(def: AuditRuleDefinition, compiled: ReturnType<typeof compile>, view: EventView): CustomDetectionRule {
  const stats: CustomRuleStats = { evaluated: 0, matched: 0, errors: 0, firstError: undefined };
  const failed = (what: string, problem: string): undefined => {
    stats.errors++;
    stats.firstError ??= `${what}: ${problem}`;
    return undefined;
  };
  const fields = new Set<string>();
  for (const c of [compiled.expression, compiled.key, compiled.distinct]) for (const f of c?.fields.get('event') ?? []) fields.add(f);
  const namespaces = def.match.namespaces;
  const codes = def.match.codes;
  // The window's key and distinct value of the event that just matched (the engine asks right after match).
  let keyed: AuditEvent | undefined;
  let key = '';
  let distinct = '';
  const evaluate = (c: CheckedExpression, input: Readonly<Record<string, CelInput>>, what: string): string | undefined => {
    const r = c.run(input);
    if (isCelError(r)) return failed(what, r.message);
    const s = keyString(r);
    return s === undefined ? failed(what, `returned ${describe(r)}, not a string or number`) : s;
  };
  const window: RuleWindow | undefined =
    def.window === undefined
      ? undefined
      : {
          key: (e) => (e === keyed ? key : ''),
          sizeMs: def.window.sizeMs,
          threshold: def.window.threshold,
          ...(compiled.distinct === undefined ? {} : { distinct: (e: AuditEvent) => (e === keyed ? distinct : '') }),
        };
  const message = def.message ?? (def.window === undefined ? '{{user}} {{verb}} {{object}} ({{code}}) from {{sourceIP}}' : '{{count}} matching events for {{key}} within {{window}}, last: {{user}} {{verb}} {{object}} ({{code}})');
  const rule: CustomDetectionRule = {
    meta: { id: def.id, name: def.name, title: def.title, severity: def.severity, attack: def.attack, minLevel: levelOf(fields), stages: def.match.stages, description: def.description, messages: { match: message } },
    ...(def.match.resources === undefined ? {} : { resources: def.match.resources }),
    ...(def.match.verbs === undefined ? {} : { verbs: def.match.verbs }),
    match(e): Hit<'match'> | undefined {
      if (namespaces !== undefined && !namespaces.includes(e.objectRef?.namespace ?? '')) return undefined;
      if (codes !== undefined && !codes.includes(e.code)) return undefined;
      stats.evaluated++;
      const input = view.of(e);
      const r = compiled.expression.run(input);
      if (r !== true) {
        if (r === false) return undefined;
        return failed('expression', isCelError(r) ? r.message : `returned ${describe(r)}, not a boolean`);
      }
      if (compiled.key !== undefined) {
        const k = evaluate(compiled.key, input, 'window.key');
        if (k === undefined) return undefined;
        let d = '';
        if (compiled.distinct !== undefined) {
          const v = evaluate(compiled.distinct, input, 'window.distinct');
          if (v === undefined) return undefined;
          d = v;
        }
        keyed = e;
        key = k;
        distinct = d;
      }
      stats.matched++;
      const o = e.objectRef;
      return {
        messageId: 'match',
        data: { user: e.user.username === '' ? '(unauthenticated)' : e.user.username, verb: e.verb, resource: o === undefined ? '' : o.subresource === '' ? o.resource : `${o.resource}/${o.subresource}`, namespace: o?.namespace ?? '', name: o?.name ?? '', object: objectName(e), uri: e.requestURI, sourceIP: e.sourceIP, userAgent: e.userAgent, code: e.code, stage: e.stage, key },
      };
    },
    ...(window === undefined ? {} : { window }),
    custom: { file: def.file, line: def.line, stats },
  };
  return rule;
}

/**
 * Parses and compiles the rules of one file (several documents separated by `---`). `reserved` holds
 * the ids and names already taken; those of the new rules are added to it.
 */
export function parseAuditRules(file: string, text: string, reserved: Set<string>, view = new EventView()): CustomDetectionRule[] {
  const docs = definitionDocuments(file, text, (at, problem) => {
    throw new AuditRuleError(`${fileAt(file, at)}: not YAML: ${problem}`);
  });
  const rules: CustomDetectionRule[] = [];
  for (const doc of docs) {
    const def = parseDefinition(doc.value, file, doc.at, reserved);
    const compiled = compile(def, doc);
    reserved.add(def.id);
    reserved.add(def.name);
    rules.push(toRule(def, compiled, view));
  }
  return rules;
}

/** Rule files: each path is a file, or a directory whose `.yaml`/`.yml` files are read in name order. */
export async function loadAuditRules(paths: readonly string[], builtIn: readonly DetectionRule[]): Promise<CustomDetectionRule[]> {
  const reserved = new Set<string>();
  for (const r of builtIn) {
    reserved.add(r.meta.id);
    reserved.add(r.meta.name);
  }
  const view = new EventView();
  const rules: CustomDetectionRule[] = [];
  for (const path of paths) {
    let files: string[];
    try {
      files = (await stat(path)).isDirectory() ? (await readdir(path)).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(path, f)) : [path];
    } catch (error) {
      throw new AuditRuleError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new AuditRuleError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      rules.push(...parseAuditRules(file, text, reserved, view));
    }
  }
  return rules;
}

export const isCustomRule = (r: DetectionRule): r is CustomDetectionRule => 'custom' in r;

/** One line per custom rule whose expressions failed on some events (counted as no match). */
export function evaluationProblems(rules: readonly DetectionRule[]): { ruleId: string; file: string; evaluated: number; errors: number; firstError: string }[] {
  const out: { ruleId: string; file: string; evaluated: number; errors: number; firstError: string }[] = [];
  for (const r of rules) if (isCustomRule(r) && r.custom.stats.errors > 0) out.push({ ruleId: r.meta.id, file: r.custom.file, evaluated: r.custom.stats.evaluated, errors: r.custom.stats.errors, firstError: r.custom.stats.firstError ?? '' });
  return out;
}
