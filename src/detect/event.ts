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
    time: stamp === undefined || stamp === '' ? 0 : Date.parse(stamp),
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

const OBJECT_REF_FIELDS = ['resource', 'namespace', 'name', 'uid', 'apiGroup', 'apiVersion', 'resourceVersion', 'subresource'] as const;

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
    if (!isObj(o)) return undefined;
    for (const f of OBJECT_REF_FIELDS) if (!optStr(o[f])) return undefined;
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
export const objectName = (e: AuditEvent): string => {
  const o = e.objectRef;
  if (o === undefined) return e.requestURI;
  return `${o.apiGroup === '' ? '' : `${o.apiGroup}/`}${resourceOf(e)}${o.namespace === '' ? '' : ` ${o.namespace}`}${o.name === '' ? '' : `/${o.name}`}`;
};
