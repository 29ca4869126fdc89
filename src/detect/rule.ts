/**
 * A detection rule, in the shape of a kubefort check: `defineRule({ meta, match, window? })`.
 * Message ids are a closed union per rule. `match` sees normalised events only; a windowed rule
 * alerts when `threshold` matching events (or distinct values) share a key within `sizeMs`.
 */
import type { MessageData } from '../core/check.js';
import type { Severity } from '../core/severity.js';
import type { Level, Stage } from '../audit/policy/types.js';
import type { AuditEvent } from './event.js';

export interface RuleMeta<M extends string = string> {
  /** Stable id: `KF-D-001`. */
  readonly id: string;
  /** Also the file name: `brute-force-authentication`. */
  readonly name: string;
  readonly title: string;
  readonly severity: Severity;
  /** MITRE ATT&CK technique ids. */
  readonly attack: readonly string[];
  /** The lowest audit level at which the rule can fire. */
  readonly minLevel: Level;
  /** Stages the rule looks at. */
  readonly stages: readonly Stage[];
  readonly description: string;
  readonly messages: Readonly<Record<M, string>>;
}

export interface Hit<M extends string> {
  readonly messageId: M;
  readonly data?: MessageData;
}

export interface RuleWindow {
  /** Events with the same key are counted together. */
  key(event: AuditEvent): string;
  readonly sizeMs: number;
  readonly threshold: number;
  /** Count distinct values of this instead of events. */
  distinct?(event: AuditEvent): string;
}

export interface DetectionRule<M extends string = string> {
  readonly meta: RuleMeta<M>;
  /**
   * The resources the rule can match (a pre-filter: the engine does not call `match` for other
   * events), as an audit policy names them: `pods` is pods without subresource, `pods/exec` one
   * subresource, `pods/*` pods and all its subresources, `*` + `/scale` any resource's scale, `*`
   * every resource request. Absent: every event of the rule's stages.
   */
  readonly resources?: readonly string[];
  /** The verbs the rule can match (a pre-filter, like `resources`). Absent: every verb. */
  readonly verbs?: readonly string[];
  match(event: AuditEvent): Hit<M> | undefined;
  readonly window?: RuleWindow;
}

export function defineRule<const M extends string>(rule: DetectionRule<M>): DetectionRule<M> {
  return rule;
}

/** Audit-policy resource matching (`pods`, `pods/exec`, `pods/*`, `*` + `/scale`, `*`) for pre-filters; '' is a non-resource request. */
export function resourceMatches(patterns: readonly string[], resource: string, subresource: string): boolean {
  if (resource === '') return false;
  for (const p of patterns) {
    if (p === '*') return true;
    const slash = p.indexOf('/');
    if (slash === -1) {
      if (p === resource && subresource === '') return true;
      continue;
    }
    const r = p.slice(0, slash);
    const s = p.slice(slash + 1);
    if (r === '*' ? s === subresource : r === resource && (s === '*' || s === subresource)) return true;
  }
  return false;
}

// ---- data-driven matching, shared by most rules ----

export interface Criteria {
  /** `secrets`, `pods/exec`, `*` (any resource). */
  readonly resources?: readonly string[];
  /** API groups; default: any. */
  readonly groups?: readonly string[];
  readonly verbs?: readonly string[];
  readonly namespaces?: readonly string[];
  /** Object names; a trailing `*` is a prefix. */
  readonly names?: readonly string[];
  /** 2xx only (true), failures only (false), either (undefined). */
  readonly success?: boolean;
  /** Skip callers whose name starts with `system:` (controllers, nodes, service accounts). */
  readonly nonSystem?: boolean;
  readonly decision?: 'allow' | 'forbid';
}

const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;
export const WRITE_VERBS: readonly string[] = WRITE;
export const CHANGE_VERBS: readonly string[] = ['create', 'update', 'patch'];
export const READ_VERBS: readonly string[] = ['get', 'list', 'watch'];

function nameMatches(patterns: readonly string[], name: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : p === name));
}

export function meets(e: AuditEvent, c: Criteria): boolean {
  const o = e.objectRef;
  if (c.resources !== undefined) {
    if (o === undefined) return false;
    const res = o.subresource === '' ? o.resource : `${o.resource}/${o.subresource}`;
    if (!c.resources.includes('*') && !c.resources.includes(res)) return false;
  }
  if (c.groups !== undefined && (o === undefined || !c.groups.includes(o.apiGroup))) return false;
  if (c.verbs !== undefined && !c.verbs.includes(e.verb)) return false;
  if (c.namespaces !== undefined && (o === undefined || !c.namespaces.includes(o.namespace))) return false;
  if (c.names !== undefined && (o === undefined || !nameMatches(c.names, o.name))) return false;
  if (c.success === true && !(e.code >= 200 && e.code < 300)) return false;
  if (c.success === false && e.code >= 200 && e.code < 300) return false;
  if (c.nonSystem === true && (e.user.username === '' || e.user.username.startsWith('system:'))) return false;
  if (c.decision !== undefined && e.decision !== c.decision) return false;
  return true;
}

/** Reads `path` in a request/response body; undefined when any step is missing. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let v = value;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** The pod spec inside a Pod or workload request body (template, CronJob job template). */
export function podSpecOf(body: unknown): Record<string, unknown> | undefined {
  const kind = at(body, 'kind');
  const candidates = kind === 'CronJob' ? [at(body, 'spec', 'jobTemplate', 'spec', 'template', 'spec')] : [at(body, 'spec', 'template', 'spec'), at(body, 'spec')];
  for (const c of candidates) if (typeof c === 'object' && c !== null && Array.isArray((c as Record<string, unknown>)['containers'])) return c as Record<string, unknown>;
  return undefined;
}

export function containersOf(spec: Record<string, unknown>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    const list = spec[field];
    if (Array.isArray(list)) for (const c of list) if (typeof c === 'object' && c !== null) out.push(c as Record<string, unknown>);
  }
  return out;
}

export const POD_BEARING = ['pods', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'jobs', 'cronjobs', 'replicationcontrollers'];
