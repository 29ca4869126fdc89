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
  readonly impersonatedUser?: UserInfo;
  readonly sourceIPs: readonly string[];
  /** The last sourceIPs entry: the only one the client cannot forge. */
  readonly sourceIP: string;
  readonly userAgent: string;
  readonly objectRef?: ObjectRef;
  /** 0 when the event has no response status (RequestReceived). */
  readonly code: number;
  readonly statusMessage: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly decision?: 'allow' | 'forbid';
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
  /** Epoch ms of the stage (stageTimestamp, else requestReceivedTimestamp, else timestamp). */
  readonly time: number;
  readonly requestReceivedTimestamp: string;
  readonly stageTimestamp: string;
}

const NO_USER: UserInfo = { username: '', groups: [], extra: {} };
const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

function user(u: z.infer<typeof userInfo> | null | undefined): UserInfo {
  if (u === null || u === undefined) return NO_USER;
  return { username: u.username ?? '', groups: u.groups ?? [], extra: u.extra ?? {} };
}

export function normalise(raw: RawEvent): AuditEvent {
  const ips = raw.sourceIPs ?? [];
  const annotations = raw.annotations ?? EMPTY;
  const decision = annotations['authorization.k8s.io/decision'];
  const stamp = raw.stageTimestamp ?? raw.requestReceivedTimestamp ?? raw.timestamp ?? '';
  const o = raw.objectRef;
  return {
    auditID: raw.auditID,
    stage: raw.stage,
    level: raw.level,
    verb: raw.verb,
    requestURI: raw.requestURI,
    user: user(raw.user),
    ...(raw.impersonatedUser ? { impersonatedUser: user(raw.impersonatedUser) } : {}),
    sourceIPs: ips,
    sourceIP: ips[ips.length - 1] ?? '',
    userAgent: raw.userAgent ?? '',
    ...(o
      ? { objectRef: { resource: o.resource ?? '', subresource: o.subresource ?? '', namespace: o.namespace ?? '', name: o.name ?? '', apiGroup: o.apiGroup ?? '' } }
      : {}),
    code: raw.responseStatus?.code ?? 0,
    statusMessage: raw.responseStatus?.message ?? '',
    annotations,
    ...(decision === 'allow' || decision === 'forbid' ? { decision } : {}),
    ...(raw.requestObject === undefined ? {} : { requestObject: raw.requestObject }),
    ...(raw.responseObject === undefined ? {} : { responseObject: raw.responseObject }),
    time: stamp === '' ? 0 : Date.parse(stamp),
    requestReceivedTimestamp: raw.requestReceivedTimestamp ?? '',
    stageTimestamp: raw.stageTimestamp ?? '',
  };
}

export type ParseOutcome = { readonly ok: true; readonly event: AuditEvent } | { readonly ok: false; readonly message: string };

/** Validates one decoded JSON value as an Event. The message names the first bad field. */
export function toAuditEvent(value: unknown): ParseOutcome {
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
