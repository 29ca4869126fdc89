/**
 * Least privilege from real use: audit events (JSON lines, as the API server's log backend
 * writes them) become the requests each identity made; `unused` lists granted rules no request
 * used, `suggest` writes minimal Roles, ClusterRoles and bindings covering exactly what was used.
 */
import type { Inventory } from '../../core/inventory.js';
import { isRecord } from '../../core/path.js';
import type { BoundRole, RbacAuthorizer } from './authorizer.js';
import { MASTERS, parseServiceAccountUser, serviceAccountUser, type UserInfo } from './identity.js';
import { ruleAllows, type Request, type Rule } from './match.js';

export interface UsedRequest {
  readonly user: UserInfo;
  readonly request: Request;
  /** The request as logged, for replay: method-less URI and verb. */
  readonly requestURI: string;
  readonly verb: string;
}

export interface AuditParse {
  readonly used: UsedRequest[];
  /** Lines that are not audit events (not JSON, not `kind: Event`, no user or verb). */
  readonly skipped: number;
  /** Lines that are audit events, denied requests included: 0 means the log says nothing about use. */
  readonly events: number;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Allowed requests of an audit log: one per audit ID (the ResponseComplete or Panic stage, else
 * the last stage seen), acting identity = the impersonated user when there is one. Denied
 * requests (decision forbid, HTTP 401/403) are not use.
 */
export function parseAuditLog(text: string): AuditParse {
  const byId = new Map<string, UsedRequest | null>();
  let skipped = 0;
  let events = 0;
  let n = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    if (!isRecord(e) || e['kind'] !== 'Event') {
      skipped++;
      continue;
    }
    const id = typeof e['auditID'] === 'string' ? e['auditID'] : `line-${n++}`;
    const decision = isRecord(e['annotations']) ? e['annotations']['authorization.k8s.io/decision'] : undefined;
    const code = isRecord(e['responseStatus']) ? e['responseStatus']['code'] : undefined;
    if (decision === 'forbid' || code === 401 || code === 403) {
      events++;
      byId.set(id, null);
      continue;
    }
    const who = isRecord(e['impersonatedUser']) ? e['impersonatedUser'] : isRecord(e['user']) ? e['user'] : undefined;
    const verb = typeof e['verb'] === 'string' ? e['verb'] : undefined;
    const uri = typeof e['requestURI'] === 'string' ? e['requestURI'] : '';
    if (who === undefined || typeof who['username'] !== 'string' || verb === undefined) {
      skipped++;
      continue;
    }
    events++;
    const user: UserInfo = { user: who['username'], groups: strings(who['groups']) };
    const ref = isRecord(e['objectRef']) ? e['objectRef'] : undefined;
    let request: Request;
    if (ref !== undefined && typeof ref['resource'] === 'string') {
      request = {
        kind: 'resource',
        verb,
        apiGroup: typeof ref['apiGroup'] === 'string' ? ref['apiGroup'] : '',
        resource: ref['resource'],
        subresource: typeof ref['subresource'] === 'string' ? ref['subresource'] : '',
        namespace: typeof ref['namespace'] === 'string' ? ref['namespace'] : '',
        // A create is authorized before the object has a name.
        name: verb === 'create' || typeof ref['name'] !== 'string' ? '' : ref['name'],
      };
    } else {
      request = { kind: 'nonResource', verb, path: uri.split('?')[0] ?? uri };
    }
    if (byId.get(id) !== null) byId.set(id, { user, request, requestURI: uri, verb });
  }
  return { used: [...byId.values()].filter((u): u is UsedRequest => u !== null), skipped, events };
}

/** Identities worth a suggestion: not system components, not system:masters. */
export function isWorkloadIdentity(user: UserInfo): boolean {
  if (user.groups.includes(MASTERS)) return false;
  if (parseServiceAccountUser(user.user) !== undefined) return true;
  return !user.user.startsWith('system:');
}

export interface UnusedRule {
  readonly bound: BoundRole;
  readonly ruleIndex: number;
  readonly rule: Rule;
}

/** Rules bound to each identity by name (User or ServiceAccount subjects) that no logged request of that identity used. */
export function unusedRules(authorizer: RbacAuthorizer, used: readonly UsedRequest[], users: readonly UserInfo[]): { user: UserInfo; unused: UnusedRule[] }[] {
  const out: { user: UserInfo; unused: UnusedRule[] }[] = [];
  for (const user of users) {
    const mine = used.filter((u) => u.user.user === user.user);
    const unused: UnusedRule[] = [];
    for (const bound of authorizer.applicableEverywhere(user)) {
      // Rules granted through groups are shared with every member: not this identity's to trim.
      if (bound.role === undefined || bound.binding.subjects[bound.subjectIndex]?.kind === 'Group') continue;
      bound.rules.forEach((rule, ruleIndex) => {
        const hit = mine.some((u) => {
          if (!ruleAllows(rule, u.request)) return false;
          if (bound.binding.kind === 'ClusterRoleBinding') return true;
          return u.request.kind === 'resource' && u.request.namespace === bound.binding.namespace;
        });
        if (!hit) unused.push({ bound, ruleIndex, rule });
      });
    }
    out.push({ user, unused });
  }
  return out;
}

interface RuleDraft {
  apiGroups: string[];
  resources: string[];
  verbs: Set<string>;
  resourceNames?: Set<string>;
  nonResourceURLs?: string[];
}

const NAMEABLE = new Set(['get', 'update', 'patch', 'delete']);
const RBAC_V1 = 'rbac.authorization.k8s.io/v1';

function safeName(user: string): string {
  return `kubefort-least-${user.replace(/[^a-z0-9.-]+/gi, '-').toLowerCase()}`.slice(0, 200).replace(/-+$/, '');
}

/**
 * Minimal RBAC for the used requests of each identity: a Role and RoleBinding per namespace,
 * a ClusterRole and ClusterRoleBinding for cluster-scoped and non-resource requests. get,
 * update, patch and delete of named objects are narrowed to those names.
 */
export function suggest(used: readonly UsedRequest[]): Record<string, unknown>[] {
  const byUser = new Map<string, UsedRequest[]>();
  for (const u of used) byUser.set(u.user.user, [...(byUser.get(u.user.user) ?? []), u]);
  const objects: Record<string, unknown>[] = [];
  for (const [user, requests] of [...byUser].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const sa = parseServiceAccountUser(user);
    const subject = sa === undefined ? { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user } : { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace };
    const scopes = new Map<string, Map<string, RuleDraft>>();
    for (const { request } of requests) {
      const scope = request.kind === 'resource' ? (request.namespace ?? '') : '';
      let drafts = scopes.get(scope);
      if (drafts === undefined) scopes.set(scope, (drafts = new Map()));
      if (request.kind === 'nonResource') {
        const k = `url\u0000${request.path}`;
        const d = drafts.get(k) ?? { apiGroups: [], resources: [], verbs: new Set<string>(), nonResourceURLs: [request.path] };
        d.verbs.add(request.verb);
        drafts.set(k, d);
        continue;
      }
      const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
      const named = NAMEABLE.has(request.verb) && (request.name ?? '') !== '';
      const k = `${request.apiGroup}\u0000${resource}\u0000${named ? 'named' : 'any'}`;
      const d = drafts.get(k) ?? { apiGroups: [request.apiGroup], resources: [resource], verbs: new Set<string>(), ...(named ? { resourceNames: new Set<string>() } : {}) };
      d.verbs.add(request.verb);
      if (named) d.resourceNames?.add(request.name ?? '');
      drafts.set(k, d);
    }
    const name = safeName(user);
    for (const [scope, drafts] of [...scopes].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const rules = [...drafts.values()].map((d) =>
        d.nonResourceURLs !== undefined
          ? { nonResourceURLs: d.nonResourceURLs, verbs: [...d.verbs].sort() }
          : { apiGroups: d.apiGroups, resources: d.resources, verbs: [...d.verbs].sort(), ...(d.resourceNames === undefined ? {} : { resourceNames: [...d.resourceNames].sort() }) },
      );
      if (scope === '') {
        objects.push({ apiVersion: RBAC_V1, kind: 'ClusterRole', metadata: { name }, rules });
        objects.push({ apiVersion: RBAC_V1, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [subject] });
      } else {
        objects.push({ apiVersion: RBAC_V1, kind: 'Role', metadata: { name, namespace: scope }, rules });
        objects.push({ apiVersion: RBAC_V1, kind: 'RoleBinding', metadata: { name, namespace: scope }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [subject] });
      }
    }
  }
  return objects;
}

/** A workload that mounts a service-account token but made no request in the log window. */
export interface IdleToken {
  readonly workload: string;
  readonly serviceAccount: string;
}

/**
 * Workloads (one per controller) that mount their service account's token although the
 * service account made no request in the audit log: `automountServiceAccountToken: false`
 * takes a credential away from them at no cost.
 */
export function idleTokens(inventory: Inventory, used: readonly UsedRequest[]): IdleToken[] {
  const active = new Set(used.map((u) => u.user.user));
  const out: IdleToken[] = [];
  for (const pod of inventory.podSpecs()) {
    const ns = pod.resource.ref.namespace ?? 'default';
    const name = pod.spec.serviceAccountName || pod.spec.serviceAccount || 'default';
    const account = inventory.get('ServiceAccount', ns, name)?.object['automountServiceAccountToken'];
    const mounted = pod.spec.automountServiceAccountToken ?? (typeof account === 'boolean' ? account : true);
    if (!mounted || active.has(serviceAccountUser(ns, name))) continue;
    out.push({ workload: `${pod.resource.ref.kind} ${ns}/${pod.resource.ref.name}`, serviceAccount: `${ns}/${name}` });
  }
  return out;
}
