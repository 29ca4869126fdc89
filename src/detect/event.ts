/**
 * The audit Event at the edge: one zod schema (audit.k8s.io/v1, legacy fields tolerated), its
 * inferred type, and the normalised `AuditEvent` every rule sees. Rules never touch raw JSON.
 */
import { z } from 'zod';
import { LEVELS, STAGES, type Level, type Stage } from '../audit/policy/types.js';

const userInfo = z.object({
  username: z.string().optional(),
  uid: z.string().optional(),
  groups: z.array(z.string()).nullish(),
  extra: z.record(z.string(), z.array(z.string())).nullish(),
});

export const rawEventSchema = z.object({
  kind: z.string().optional(),
  apiVersion: z.string().optional(),
  level: z.enum(LEVELS),
  auditID: z.string(),
  stage: z.enum(STAGES),
  requestURI: z.string(),
  verb: z.string(),
  user: userInfo,
  impersonatedUser: userInfo.nullish(),
  sourceIPs: z.array(z.string()).nullish(),
  userAgent: z.string().optional(),
  objectRef: z
    .object({
      resource: z.string().optional(),
      namespace: z.string().optional(),
      name: z.string().optional(),
      uid: z.string().optional(),
      apiGroup: z.string().optional(),
      apiVersion: z.string().optional(),
      resourceVersion: z.string().optional(),
      subresource: z.string().optional(),
    })
    .nullish(),
  responseStatus: z
    .object({
      code: z.number().int().optional(),
      status: z.string().optional(),
      message: z.string().optional(),
      reason: z.string().optional(),
    })
    .nullish(),
  requestObject: z.unknown().optional(),
  responseObject: z.unknown().optional(),
  requestReceivedTimestamp: z.string().optional(),
  stageTimestamp: z.string().optional(),
  /** v1beta1-era field, accepted and used only when the others are missing. */
  timestamp: z.string().optional(),
  annotations: z.record(z.string(), z.string()).nullish(),
});

export type RawEvent = z.infer<typeof rawEventSchema>;

export interface UserInfo {
  readonly username: string;
  readonly groups: readonly string[];
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

export interface ObjectRef {
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  readonly apiGroup: string;
}

export interface AuditEvent {
  readonly auditID: string;
  readonly stage: Stage;
  readonly level: Level;
  readonly verb: string;
  readonly requestURI: string;
  /** Empty username for failed authentication (401). */
  readonly user: UserInfo;
  readonly impersonatedUser: UserInfo | undefined;
  readonly sourceIPs: readonly string[];
  /** The last sourceIPs entry: the only one the client cannot forge. */
  readonly sourceIP: string;
  readonly userAgent: string;
  readonly objectRef: ObjectRef | undefined;
  /** 0 when the event has no response status (RequestReceived). */
  readonly code: number;
  readonly statusMessage: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly decision: 'allow' | 'forbid' | undefined;
  readonly requestObject: unknown;
  readonly responseObject: unknown;
  /** Epoch ms of the stage (stageTimestamp, else requestReceivedTimestamp, else timestamp). */
  readonly time: number;
  readonly requestReceivedTimestamp: string;
  readonly stageTimestamp: string;
}

const NO_USER: UserInfo = { username: '', groups: [], extra: {} };
const EMPTY: Readonly<Record<string, string>> = Object.freeze({});
const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_EXTRA: Readonly<Record<string, readonly string[]>> = Object.freeze({});

function user(u: z.infer<typeof userInfo> | null | undefined): UserInfo {
  if (u === null || u === undefined) return NO_USER;
  if (u.username === undefined && u.groups == null && u.extra == null) return NO_USER;
  return { username: u.username ?? '', groups: u.groups ?? NO_STRINGS, extra: u.extra ?? NO_EXTRA };
}

const DIGIT0 = 48;
/** Two decimal digits at i, or -1. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - DIGIT0;
  const b = s.charCodeAt(i + 1) - DIGIT0;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch ms of an RFC 3339 UTC timestamp as the API server writes them
 * (`2026-01-01T10:00:00.123456Z`): the same value as `Date.parse` (fraction truncated to ms), about
 * ten times cheaper. Anything else (offsets, lower case, out-of-range fields) goes to `Date.parse`.
 */
export function parseTime(s: string): number {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(n - 1) !== 90) return Date.parse(s);
  const y1 = two(s, 0);
  const y2 = two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const se = two(s, 17);
  if (y1 < 19 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || d > (MONTH_DAYS[mo - 1] ?? 0) || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return Date.parse(s);
  const y = y1 * 100 + y2;
  if (y < 1970 || (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)))) return Date.parse(s);
  let ms = 0;
  if (n > 20) {
    // `.` and 1 or more digits before the Z; the first three are milliseconds.
    if (s.charCodeAt(19) !== 46 || n === 21) return Date.parse(s);
    for (let i = 20; i < n - 1; i++) {
      const c = s.charCodeAt(i) - DIGIT0;
      if (c < 0 || c > 9) return Date.parse(s);
      if (i < 23) ms += c * (i === 20 ? 100 : i === 21 ? 10 : 1);
    }
  } else if (n !== 20) return Date.parse(s);
  // Days since the epoch of a proleptic Gregorian date (H. Hinnant's days_from_civil).
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return ((days * 24 + h) * 60 + mi) * 60000 + se * 1000 + ms;
}

/** Builds the normalised event with one fixed object shape (fast property access in the rules). */
export function normalise(raw: RawEvent): AuditEvent {
  const ips = raw.sourceIPs ?? NO_STRINGS;
  const annotations = raw.annotations ?? EMPTY;
  const decision = annotations['authorization.k8s.io/decision'];
  const stamp = raw.stageTimestamp ?? raw.requestReceivedTimestamp ?? raw.timestamp;
  const o = raw.objectRef;
  return {
    auditID: raw.auditID,
    stage: raw.stage,
    level: raw.level,
    verb: raw.verb,
    requestURI: raw.requestURI,
    user: user(raw.user),
    impersonatedUser: raw.impersonatedUser ? user(raw.impersonatedUser) : undefined,
    sourceIPs: ips,
    sourceIP: ips.length === 0 ? '' : (ips[ips.length - 1] ?? ''),
    userAgent: raw.userAgent ?? '',
    objectRef: o ? { resource: o.resource ?? '', subresource: o.subresource ?? '', namespace: o.namespace ?? '', name: o.name ?? '', apiGroup: o.apiGroup ?? '' } : undefined,
    code: raw.responseStatus?.code ?? 0,
    statusMessage: raw.responseStatus?.message ?? '',
    annotations,
    decision: decision === 'allow' || decision === 'forbid' ? decision : undefined,
    requestObject: raw.requestObject,
    responseObject: raw.responseObject,
    time: stamp === undefined || stamp === '' ? 0 : parseTime(stamp),
    requestReceivedTimestamp: raw.requestReceivedTimestamp ?? '',
    stageTimestamp: raw.stageTimestamp ?? '',
  };
}

// ---- the fast path: the same contract as rawEventSchema, checked by hand ----
// zod builds error paths and copies objects; on a million events that costs more than JSON.parse.
// `quickCheck` accepts exactly what the schema accepts (test/detect/event.test.ts compares them on
// mutated events) and returns the value typed; anything it rejects goes through zod for the message.

const LEVEL_SET = new Set<string>(LEVELS);
const STAGE_SET = new Set<string>(STAGES);
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const optStr = (v: unknown): boolean => v === undefined || typeof v === 'string';
const strArray = (v: unknown): boolean => {
  if (!Array.isArray(v)) return false;
  for (const x of v) if (typeof x !== 'string') return false;
  return true;
};
const nullishStrArray = (v: unknown): boolean => v === undefined || v === null || strArray(v);

function okUser(u: unknown): boolean {
  if (!isObj(u)) return false;
  if (!optStr(u['username']) || !optStr(u['uid']) || !nullishStrArray(u['groups'])) return false;
  const extra = u['extra'];
  if (extra !== undefined && extra !== null) {
    if (!isObj(extra)) return false;
    for (const k in extra) if (!strArray(extra[k])) return false;
  }
  return true;
}

export function quickCheck(v: unknown): RawEvent | undefined {
  if (!isObj(v)) return undefined;
  const level = v['level'];
  const stage = v['stage'];
  if (typeof level !== 'string' || !LEVEL_SET.has(level) || typeof stage !== 'string' || !STAGE_SET.has(stage)) return undefined;
  if (typeof v['auditID'] !== 'string' || typeof v['requestURI'] !== 'string' || typeof v['verb'] !== 'string') return undefined;
  if (!optStr(v['kind']) || !optStr(v['apiVersion']) || !optStr(v['userAgent'])) return undefined;
  if (!optStr(v['requestReceivedTimestamp']) || !optStr(v['stageTimestamp']) || !optStr(v['timestamp'])) return undefined;
  if (!okUser(v['user'])) return undefined;
  const imp = v['impersonatedUser'];
  if (imp !== undefined && imp !== null && !okUser(imp)) return undefined;
  if (!nullishStrArray(v['sourceIPs'])) return undefined;
  const o = v['objectRef'];
  if (o !== undefined && o !== null) {
    // Unrolled: constant property names keep the loads monomorphic (a loop over names does not).
    if (!isObj(o)) return undefined;
    if (!optStr(o['resource']) || !optStr(o['namespace']) || !optStr(o['name']) || !optStr(o['uid'])) return undefined;
    if (!optStr(o['apiGroup']) || !optStr(o['apiVersion']) || !optStr(o['resourceVersion']) || !optStr(o['subresource'])) return undefined;
  }
  const rs = v['responseStatus'];
  if (rs !== undefined && rs !== null) {
    if (!isObj(rs)) return undefined;
    const code = rs['code'];
    if (code !== undefined && !Number.isSafeInteger(code)) return undefined;
    if (!optStr(rs['status']) || !optStr(rs['message']) || !optStr(rs['reason'])) return undefined;
  }
  const a = v['annotations'];
  if (a !== undefined && a !== null) {
    if (!isObj(a)) return undefined;
    for (const k in a) if (typeof a[k] !== 'string') return undefined;
  }
  return v as unknown as RawEvent;
}

export type ParseOutcome = { readonly ok: true; readonly event: AuditEvent } | { readonly ok: false; readonly message: string };

/** The literal for a valid level or stage (internalised: later comparisons are pointer checks). */
function levelOf(v: unknown): Level | undefined {
  return v === 'Metadata' ? 'Metadata' : v === 'RequestResponse' ? 'RequestResponse' : v === 'Request' ? 'Request' : v === 'None' ? 'None' : undefined;
}
function stageOf(v: unknown): Stage | undefined {
  return v === 'ResponseComplete' ? 'ResponseComplete' : v === 'ResponseStarted' ? 'ResponseStarted' : v === 'RequestReceived' ? 'RequestReceived' : v === 'Panic' ? 'Panic' : undefined;
}

/** A user object checked as `okUser` and normalised as `user()`, in one pass; null when invalid. */
function fastUser(u: unknown): UserInfo | null {
  if (!isObj(u)) return null;
  const username = u['username'];
  const groups = u['groups'];
  const extra = u['extra'];
  if (!optStr(username) || !optStr(u['uid']) || !nullishStrArray(groups)) return null;
  if (extra !== undefined && extra !== null) {
    if (!isObj(extra)) return null;
    for (const k in extra) if (!strArray(extra[k])) return null;
  }
  if (username === undefined && (groups === undefined || groups === null) && (extra === undefined || extra === null)) return NO_USER;
  return { username: (username as string | undefined) ?? '', groups: (groups as string[] | null | undefined) ?? NO_STRINGS, extra: (extra as Record<string, string[]> | null | undefined) ?? NO_EXTRA };
}

/**
 * The hot path: `normalise(quickCheck(value))` in one pass over the fields (each read once), or
 * undefined when the value is not a valid Event (then `toAuditEvent` gives the message). A test
 * checks that it agrees with quickCheck + normalise on every single-field mutation.
 */
export function toEventFast(v: unknown): AuditEvent | undefined {
  if (!isObj(v)) return undefined;
  const level = levelOf(v['level']);
  const stage = stageOf(v['stage']);
  const auditID = v['auditID'];
  const requestURI = v['requestURI'];
  const verb = v['verb'];
  if (level === undefined || stage === undefined || typeof auditID !== 'string' || typeof requestURI !== 'string' || typeof verb !== 'string') return undefined;
  const userAgent = v['userAgent'];
  const received = v['requestReceivedTimestamp'];
  const stageTimestamp = v['stageTimestamp'];
  const legacy = v['timestamp'];
  if (!optStr(v['kind']) || !optStr(v['apiVersion']) || !optStr(userAgent) || !optStr(received) || !optStr(stageTimestamp) || !optStr(legacy)) return undefined;
  const u = fastUser(v['user']);
  if (u === null) return undefined;
  const imp = v['impersonatedUser'];
  let impersonatedUser: UserInfo | undefined;
  if (imp !== undefined && imp !== null) {
    const i = fastUser(imp);
    if (i === null) return undefined;
    impersonatedUser = i;
  }
  const ips = v['sourceIPs'];
  if (!nullishStrArray(ips)) return undefined;
  const o = v['objectRef'];
  let objectRef: ObjectRef | undefined;
  if (o !== undefined && o !== null) {
    if (!isObj(o)) return undefined;
    const resource = o['resource'];
    const namespace = o['namespace'];
    const name = o['name'];
    const apiGroup = o['apiGroup'];
    const subresource = o['subresource'];
    if (!optStr(resource) || !optStr(namespace) || !optStr(name) || !optStr(o['uid']) || !optStr(apiGroup) || !optStr(o['apiVersion']) || !optStr(o['resourceVersion']) || !optStr(subresource)) return undefined;
    objectRef = { resource: (resource as string | undefined) ?? '', subresource: (subresource as string | undefined) ?? '', namespace: (namespace as string | undefined) ?? '', name: (name as string | undefined) ?? '', apiGroup: (apiGroup as string | undefined) ?? '' };
  }
  const rs = v['responseStatus'];
  let code = 0;
  let statusMessage = '';
  if (rs !== undefined && rs !== null) {
    if (!isObj(rs)) return undefined;
    const c = rs['code'];
    const m = rs['message'];
    if (c !== undefined && !Number.isSafeInteger(c)) return undefined;
    if (!optStr(rs['status']) || !optStr(m) || !optStr(rs['reason'])) return undefined;
    code = (c as number | undefined) ?? 0;
    statusMessage = (m as string | undefined) ?? '';
  }
  const a = v['annotations'];
  let annotations: Readonly<Record<string, string>> = EMPTY;
  if (a !== undefined && a !== null) {
    if (!isObj(a)) return undefined;
    for (const k in a) if (typeof a[k] !== 'string') return undefined;
    annotations = a as Record<string, string>;
  }
  const decision = annotations['authorization.k8s.io/decision'];
  const sourceIPs = (ips as string[] | null | undefined) ?? NO_STRINGS;
  const stamp = (stageTimestamp as string | undefined) ?? (received as string | undefined) ?? (legacy as string | undefined);
  return {
    auditID,
    stage,
    level,
    verb,
    requestURI,
    user: u,
    impersonatedUser,
    sourceIPs,
    sourceIP: sourceIPs.length === 0 ? '' : (sourceIPs[sourceIPs.length - 1] ?? ''),
    userAgent: (userAgent as string | undefined) ?? '',
    objectRef,
    code,
    statusMessage,
    annotations,
    decision: decision === 'allow' ? 'allow' : decision === 'forbid' ? 'forbid' : undefined,
    requestObject: v['requestObject'],
    responseObject: v['responseObject'],
    time: stamp === undefined || stamp === '' ? 0 : parseTime(stamp),
    requestReceivedTimestamp: (received as string | undefined) ?? '',
    stageTimestamp: (stageTimestamp as string | undefined) ?? '',
  };
}

/** Validates one decoded JSON value as an Event. The message names the first bad field. */
export function toAuditEvent(value: unknown): ParseOutcome {
  const quick = quickCheck(value);
  if (quick !== undefined) return { ok: true, event: normalise(quick) };
  const r = rawEventSchema.safeParse(value);
  if (r.success) return { ok: true, event: normalise(r.data) };
  const issue = r.error.issues[0];
  return { ok: false, message: issue === undefined ? 'not an audit Event' : `${issue.path.join('.') || '(event)'}: ${issue.message}` };
}

/** Helpers rules share. */
export const isSystemUser = (e: AuditEvent): boolean => e.user.username.startsWith('system:');
export const isServiceAccount = (u: UserInfo): boolean => u.username.startsWith('system:serviceaccount:');
export const isNode = (u: UserInfo): boolean => u.username.startsWith('system:node:') || u.groups.includes('system:nodes');
export const isAnonymous = (e: AuditEvent): boolean => e.user.username === 'system:anonymous' || e.user.groups.includes('system:unauthenticated');
export const succeeded = (e: AuditEvent): boolean => e.code >= 200 && e.code < 300;
export const resourceOf = (e: AuditEvent): string => (e.objectRef === undefined ? '' : e.objectRef.subresource === '' ? e.objectRef.resource : `${e.objectRef.resource}/${e.objectRef.subresource}`);
/** `group/resource/subresource namespace/name`, or the request URI of a non-resource request. */
export const objectNameOf = (o: ObjectRef | undefined, requestURI: string): string => {
  if (o === undefined) return requestURI;
  return `${o.apiGroup === '' ? '' : `${o.apiGroup}/`}${o.subresource === '' ? o.resource : `${o.resource}/${o.subresource}`}${o.namespace === '' ? '' : ` ${o.namespace}`}${o.name === '' ? '' : `/${o.name}`}`;
};
export const objectName = (e: AuditEvent): string => objectNameOf(e.objectRef, e.requestURI);
