/**
 * A deterministic random RBAC universe for the SubjectAccessReview proof and the unit tests:
 * Roles, ClusterRoles (some aggregated), RoleBindings and ClusterRoleBindings over a small
 * vocabulary, so that random questions hit grants often, and questions covering every feature
 * (wildcards, resourceNames, subresources and `*\/sub`, RoleBinding → ClusterRole, service
 * accounts and their groups, implicit groups, system:masters, non-resource URLs).
 */
import type { KubeObject } from '../../../src/core/resource.js';
import type { Request } from '../../../src/analysis/rbac/match.js';
import { serviceAccountIdentity, type UserInfo } from '../../../src/analysis/rbac/identity.js';
import { mulberry32 } from '../../../bench/prng.js';

export class Random {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  some<T>(xs: readonly T[], max: number): T[] {
    const n = 1 + this.int(max);
    const out = new Set<T>();
    for (let i = 0; i < n; i++) out.add(this.pick(xs));
    return [...out];
  }
}

export const NAMESPACES = ['ns-0', 'ns-1', 'ns-2', 'ns-3', 'ns-4', 'ns-5'];
export const USERS = Array.from({ length: 160 }, (_, i) => `user-${i}`);
export const GROUPS = Array.from({ length: 60 }, (_, i) => `group-${i}`);
export const SERVICE_ACCOUNTS = ['sa-0', 'sa-1', 'sa-2', 'sa-3', 'sa-4', 'sa-5', 'sa-6', 'default'];
export const SPECIAL_GROUPS = ['system:authenticated', 'system:unauthenticated', 'system:serviceaccounts', ...NAMESPACES.map((n) => `system:serviceaccounts:${n}`)];
export const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'bind', 'escalate', 'impersonate', 'approve', 'use'];
export const GROUPS_API = ['', 'apps', 'batch', 'rbac.authorization.k8s.io', 'example.com'];
export const RESOURCES = ['pods', 'secrets', 'configmaps', 'deployments', 'nodes', 'roles', 'widgets', 'serviceaccounts'];
export const SUBRESOURCES = ['exec', 'log', 'status', 'scale', 'proxy', 'token'];
export const NAMES = ['n-0', 'n-1', 'n-2', 'n-3'];
export const URLS = ['/healthz', '/healthz/etcd', '/metrics', '/logs', '/logs/kube.log', '/api', '/api/v1', '/apis/x', '/version', '/debug/pprof/heap'];
export const URL_RULES = ['/healthz', '/healthz/*', '/metrics', '/logs/*', '/logs*', '/api/*', '/api**', '/version', '*', '/debug/*'];
export const AGG_LABELS = ['agg-a', 'agg-b', 'agg-c'];

const RBAC = { apiVersion: 'rbac.authorization.k8s.io/v1' };

interface RawRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

function resourceRule(r: Random): RawRule {
  const verbs = r.chance(0.06) ? ['*'] : r.some(VERBS, 3);
  const apiGroups = r.chance(0.12) ? ['*'] : r.some(GROUPS_API, 2);
  const resources: string[] = [];
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const x = r.next();
    if (x < 0.04) resources.push('*');
    else if (x < 0.2) resources.push(`*/${r.pick(SUBRESOURCES)}`);
    else if (x < 0.25) resources.push(`${r.pick(RESOURCES)}/*`);
    else if (x < 0.45) resources.push(`${r.pick(RESOURCES)}/${r.pick(SUBRESOURCES)}`);
    else resources.push(r.pick(RESOURCES));
  }
  const rule: RawRule = { verbs, apiGroups, resources: [...new Set(resources)] };
  if (r.chance(0.2)) rule.resourceNames = r.some(NAMES, 2);
  return rule;
}

function urlRule(r: Random): RawRule {
  return { verbs: r.chance(0.2) ? ['*'] : r.some(['get', 'post', 'put', 'delete', 'head'], 2), nonResourceURLs: r.some(URL_RULES, 2) };
}

function subject(r: Random, namespaced: boolean): Record<string, string> {
  const x = r.next();
  if (x < 0.3) return { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: r.pick(USERS) };
  if (x < 0.55) return { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: r.pick(GROUPS) };
  // Broad groups stay rare, or nearly every question would be allowed.
  if (x < 0.565) return { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: r.pick(SPECIAL_GROUPS) };
  if (x < 0.57) return { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'system:anonymous' };
  // A RoleBinding may leave a service account's namespace out: it defaults to the binding's.
  if (namespaced && r.chance(0.3)) return { kind: 'ServiceAccount', name: r.pick(SERVICE_ACCOUNTS) };
  return { kind: 'ServiceAccount', name: r.pick(SERVICE_ACCOUNTS), namespace: r.pick(NAMESPACES) };
}

/** `count` RBAC objects, about a quarter of each kind, ClusterRoles first so bindings can reference them. */
export function randomObjects(seed: number, count: number): KubeObject[] {
  const r = new Random(mulberry32(seed));
  const quarter = Math.floor(count / 4);
  const clusterRoles: KubeObject[] = [];
  const roles: KubeObject[] = [];
  const out: KubeObject[] = [];
  for (let i = 0; i < quarter; i++) {
    const name = `cr-${i}`;
    const labels: Record<string, string> = {};
    if (r.chance(0.25)) labels[`kubefort.io/${r.pick(AGG_LABELS)}`] = 'true';
    if (r.chance(0.03)) labels['rbac.authorization.k8s.io/aggregate-to-view'] = 'true';
    if (r.chance(0.06)) {
      const selectors = r.some(AGG_LABELS, 2).map((l) => (r.chance(0.8) ? { matchLabels: { [`kubefort.io/${l}`]: 'true' } } : { matchExpressions: [{ key: `kubefort.io/${l}`, operator: 'Exists' }] }));
      clusterRoles.push({ ...RBAC, kind: 'ClusterRole', metadata: { name, labels }, aggregationRule: { clusterRoleSelectors: selectors }, rules: [] });
      continue;
    }
    const rules = Array.from({ length: 1 + r.int(4) }, () => (r.chance(0.15) ? urlRule(r) : resourceRule(r)));
    clusterRoles.push({ ...RBAC, kind: 'ClusterRole', metadata: { name, labels }, rules });
  }
  for (let i = 0; i < quarter; i++) {
    const ns = r.pick(NAMESPACES);
    roles.push({ ...RBAC, kind: 'Role', metadata: { name: `role-${i}`, namespace: ns }, rules: Array.from({ length: 1 + r.int(3) }, () => resourceRule(r)) });
  }
  out.push(...clusterRoles, ...roles);
  const crNames = clusterRoles.map((c) => c.metadata.name);
  for (let i = 0; i < quarter; i++) {
    const ns = r.pick(NAMESPACES);
    const toRole = r.chance(0.5);
    const sameNs = roles.filter((x) => x.metadata.namespace === ns);
    // Some bindings reference roles that do not exist: they grant nothing.
    const roleRef = r.chance(0.03)
      ? { apiGroup: 'rbac.authorization.k8s.io', kind: toRole ? 'Role' : 'ClusterRole', name: 'missing-role' }
      : toRole && sameNs.length > 0
        ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: r.pick(sameNs).metadata.name }
        : { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: r.chance(0.05) ? r.pick(['view', 'edit', 'admin']) : r.pick(crNames) };
    out.push({ ...RBAC, kind: 'RoleBinding', metadata: { name: `rb-${i}`, namespace: ns }, roleRef, subjects: Array.from({ length: 1 + r.int(3) }, () => subject(r, true)) });
  }
  const rest = count - out.length;
  for (let i = 0; i < rest; i++) {
    const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: r.chance(0.02) ? 'missing-cluster-role' : r.pick(crNames) };
    // Few ClusterRoleBindings name broad groups, or nearly everything would be allowed everywhere.
    const subjects = Array.from({ length: 1 + r.int(2) }, () => subject(r, false)).filter((s) => !(s['kind'] === 'Group' && s['name']?.startsWith('system:') && r.chance(0.85)));
    out.push({ ...RBAC, kind: 'ClusterRoleBinding', metadata: { name: `crb-${i}` }, roleRef, subjects: subjects.length > 0 ? subjects : [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: r.pick(USERS) }] });
  }
  return out;
}

export interface Question {
  readonly user: UserInfo;
  readonly request: Request;
  /** The feature the question was built to exercise. */
  readonly feature: string;
}

function randomIdentity(r: Random): UserInfo {
  const x = r.next();
  if (x < 0.35) {
    const sa = serviceAccountIdentity(r.pick(NAMESPACES), r.pick(SERVICE_ACCOUNTS));
    return r.chance(0.1) ? { user: sa.user, groups: [] } : sa;
  }
  if (x < 0.42) return { user: 'system:anonymous', groups: ['system:unauthenticated'] };
  const groups = r.chance(0.3) ? [] : r.some([...GROUPS, ...SPECIAL_GROUPS], 3);
  if (r.chance(0.7)) groups.push('system:authenticated');
  return { user: r.pick(USERS), groups: [...new Set(groups)] };
}

function concrete(r: Random, values: readonly string[], pool: readonly string[]): string {
  const v = r.pick(values);
  return v === '*' || v.length === 0 ? r.pick(pool) : v;
}

/** A request a rule was written for, then often bent one field away from it. */
function requestFromRule(r: Random, rule: RawRule, namespace: string): { request: Request; feature: string } {
  if (rule.nonResourceURLs !== undefined) {
    const u = r.pick(rule.nonResourceURLs);
    const path = u === '*' ? r.pick(URLS) : u.endsWith('*') ? u.replace(/\*+$/, '') + (r.chance(0.5) ? '' : r.pick(['x', '/x', 'z/y'])) : r.chance(0.8) ? u : `${u}/x`;
    return { request: { kind: 'nonResource', verb: concrete(r, rule.verbs, ['get', 'post', 'put']), path }, feature: 'nonResourceURLs' };
  }
  const res = concrete(r, rule.resources ?? [], RESOURCES);
  let resource = res;
  let subresource = '';
  let feature = 'resource';
  if (res.includes('/')) {
    const [a, b] = res.split('/') as [string, string];
    resource = a === '*' ? r.pick(RESOURCES) : a;
    subresource = b === '*' && r.chance(0.5) ? r.pick(SUBRESOURCES) : b;
    feature = a === '*' ? '*/subresource' : 'subresource';
  } else if (r.chance(0.2)) {
    subresource = r.pick(SUBRESOURCES);
    feature = res === '*' ? 'wildcard resource with subresource' : 'resource does not cover subresource';
  }
  let name = '';
  if (rule.resourceNames !== undefined) {
    name = r.chance(0.7) ? r.pick(rule.resourceNames) : r.chance(0.5) ? '' : r.pick(NAMES);
    feature = 'resourceNames';
  } else if (r.chance(0.3)) name = r.pick(NAMES);
  const request: Request = {
    kind: 'resource',
    verb: concrete(r, rule.verbs, VERBS),
    apiGroup: concrete(r, rule.apiGroups ?? [''], GROUPS_API),
    resource,
    subresource,
    namespace,
    name,
  };
  if ((rule.verbs.includes('*') || (rule.apiGroups ?? []).includes('*') || (rule.resources ?? []).includes('*')) && feature === 'resource') feature = 'wildcards';
  // Bend one field in a third of the questions.
  if (r.chance(0.33)) {
    const which = r.int(5);
    if (which === 0) return { request: { ...request, verb: r.pick(VERBS) }, feature: `${feature} (other verb)` };
    if (which === 1) return { request: { ...request, apiGroup: r.pick(GROUPS_API) }, feature: `${feature} (other group)` };
    if (which === 2) return { request: { ...request, namespace: r.pick(['', ...NAMESPACES]) }, feature: `${feature} (other namespace)` };
    if (which === 3) return { request: { ...request, name: r.pick(['', ...NAMES]) }, feature: `${feature} (other name)` };
    return { request: { ...request, subresource: r.chance(0.5) ? '' : r.pick(SUBRESOURCES) }, feature: `${feature} (other subresource)` };
  }
  return { request, feature };
}

function identityForSubject(r: Random, s: Record<string, string>, bindingNs: string): UserInfo {
  const kind = s['kind'];
  const name = s['name'] ?? '';
  if (kind === 'User') return name === 'system:anonymous' ? { user: name, groups: ['system:unauthenticated'] } : { user: name, groups: r.chance(0.5) ? ['system:authenticated'] : [] };
  if (kind === 'Group') {
    const m = /^system:serviceaccounts:(.+)$/.exec(name);
    if (m !== null) return serviceAccountIdentity(m[1] as string, r.pick(SERVICE_ACCOUNTS));
    if (name === 'system:serviceaccounts') return serviceAccountIdentity(r.pick(NAMESPACES), r.pick(SERVICE_ACCOUNTS));
    if (name === 'system:unauthenticated') return { user: 'system:anonymous', groups: [name] };
    return { user: r.pick(USERS), groups: [name, 'system:authenticated'] };
  }
  return serviceAccountIdentity(s['namespace'] ?? bindingNs, name);
}

/** `count` questions: most follow a binding → role → rule (so many are allowed), the rest are random. */
export function randomQuestions(seed: number, objects: readonly KubeObject[], count: number): Question[] {
  const r = new Random(mulberry32(seed));
  const byName = new Map<string, KubeObject>();
  for (const o of objects) byName.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
  const bindings = objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding');
  const roleRules = (o: KubeObject): RawRule[] => {
    const rules = o['rules'];
    return Array.isArray(rules) ? (rules as RawRule[]) : [];
  };
  const out: Question[] = [];
  while (out.length < count) {
    const x = r.next();
    if (x < 0.02) {
      out.push({ user: { user: r.pick(USERS), groups: ['system:masters'] }, request: { kind: 'resource', verb: r.pick(VERBS), apiGroup: r.pick(GROUPS_API), resource: r.pick(RESOURCES), namespace: r.pick(['', ...NAMESPACES]) }, feature: 'system:masters' });
      continue;
    }
    if (x < 0.7 && bindings.length > 0) {
      const b = r.pick(bindings);
      const ns = b.metadata.namespace ?? '';
      const ref = b['roleRef'] as { kind: string; name: string };
      const role = byName.get(`${ref.kind}/${ref.kind === 'Role' ? ns : ''}/${ref.name}`);
      const subjects = b['subjects'] as Record<string, string>[];
      const user = identityForSubject(r, r.pick(subjects), ns);
      let rules = role === undefined ? [] : roleRules(role);
      if (role !== undefined && role['aggregationRule'] !== undefined) {
        // Aggregated: ask about a rule of some labelled ClusterRole.
        const labelled = objects.filter((o) => o.kind === 'ClusterRole' && Object.keys(o.metadata.labels ?? {}).some((k) => k.startsWith('kubefort.io/agg-')));
        rules = labelled.length > 0 ? roleRules(r.pick(labelled)) : [];
      }
      if (rules.length === 0) {
        out.push({ user, request: { kind: 'resource', verb: r.pick(VERBS), apiGroup: r.pick(GROUPS_API), resource: r.pick(RESOURCES), namespace: ns }, feature: 'binding without usable role' });
        continue;
      }
      const namespace = b.kind === 'RoleBinding' ? (r.chance(0.85) ? ns : r.pick(['', ...NAMESPACES])) : r.pick(['', ...NAMESPACES]);
      const { request, feature } = requestFromRule(r, r.pick(rules), namespace);
      const scope = b.kind === 'RoleBinding' ? (ref.kind === 'ClusterRole' ? 'RoleBinding→ClusterRole' : 'RoleBinding→Role') : 'ClusterRoleBinding';
      out.push({ user, request, feature: `${scope}: ${feature}` });
      continue;
    }
    const user = randomIdentity(r);
    if (r.chance(0.15)) {
      out.push({ user, request: { kind: 'nonResource', verb: r.pick(['get', 'post', 'put']), path: r.pick(URLS) }, feature: 'random nonResourceURLs' });
      continue;
    }
    out.push({
      user,
      request: {
        kind: 'resource',
        verb: r.pick(VERBS),
        apiGroup: r.pick(GROUPS_API),
        resource: r.pick(RESOURCES),
        subresource: r.chance(0.3) ? r.pick(SUBRESOURCES) : '',
        namespace: r.pick(['', ...NAMESPACES]),
        name: r.chance(0.4) ? r.pick(NAMES) : '',
      },
      feature: 'random',
    });
  }
  return out;
}
