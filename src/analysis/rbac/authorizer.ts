/**
 * The RBAC authorizer, as the API server runs it (`plugin/pkg/auth/authorizer/rbac`), plus the
 * `system:masters` superuser group that the API server checks before any authorizer:
 *
 * - every ClusterRoleBinding whose subjects include the user applies, with the rules of its
 *   ClusterRole; for a namespaced request, every RoleBinding of that namespace applies too,
 *   with the rules of its Role (same namespace) or ClusterRole (granted in that namespace only);
 * - a subject applies when: User by name, Group by one of the user's groups, ServiceAccount
 *   when the user is `system:serviceaccount:NS:NAME` (NS defaults to a RoleBinding's namespace);
 * - a binding to a missing role grants nothing; a ClusterRole with an aggregation rule has the
 *   rules aggregation gives it (`aggregation: 'resolve'`, the default) or the rules stored in it.
 *
 * Bindings are indexed by subject, so one decision reads only the bindings of the user and its
 * groups; `whoCan` indexes bindings by role.
 */
import { MASTERS, serviceAccountUser, type SubjectSpec, type UserInfo } from './identity.js';
import { ruleAllows, type Request, type Rule } from './match.js';
import { resolveAggregation, type BindingObject, type RbacObjects, type RoleObject, type SubjectRef } from './model.js';

/** One binding, one of its subjects, the role it references and that role's effective rules. */
export interface BoundRole {
  readonly binding: BindingObject;
  readonly subjectIndex: number;
  /** The referenced role; undefined when it does not exist (the binding grants nothing). */
  readonly role: RoleObject | undefined;
  readonly rules: readonly Rule[];
}

/** Why a request is allowed: the binding → role → rule behind it. */
export interface Grant {
  readonly binding: BindingObject;
  readonly subjectIndex: number;
  readonly role: RoleObject;
  readonly ruleIndex: number;
  readonly rule: Rule;
}

export type Decision =
  | { readonly allowed: true; readonly superuser: true }
  | { readonly allowed: true; readonly superuser?: false; readonly grant: Grant }
  | { readonly allowed: false };

export interface WhoCanAnswer {
  readonly subject: SubjectRef;
  readonly grant: Grant;
}

export interface AuthorizerOptions {
  /** `resolve` (default): aggregated ClusterRoles get their rules from labels; `stored`: the rules as stored. */
  readonly aggregation?: 'resolve' | 'stored';
}

/** The index key of a binding subject, or undefined when the subject can never match anyone. */
export function subjectKey(subject: SubjectRef, bindingNamespace: string): string | undefined {
  switch (subject.kind) {
    case 'User':
      return `u:${subject.name}`;
    case 'Group':
      return `g:${subject.name}`;
    case 'ServiceAccount': {
      const ns = subject.namespace !== undefined && subject.namespace !== '' ? subject.namespace : bindingNamespace;
      return ns === '' ? undefined : `u:${serviceAccountUser(ns, subject.name)}`;
    }
    default:
      return undefined;
  }
}

/** The subject a binding names, with a RoleBinding's namespace filled in for service accounts. */
export function subjectSpecOf(subject: SubjectRef, binding: BindingObject): SubjectSpec | undefined {
  if (subject.kind === 'User') return { kind: 'User', name: subject.name };
  if (subject.kind === 'Group') return { kind: 'Group', name: subject.name };
  if (subject.kind === 'ServiceAccount') {
    const namespace = subject.namespace || binding.namespace || '';
    return namespace === '' ? undefined : { kind: 'ServiceAccount', namespace, name: subject.name };
  }
  return undefined;
}

const roleKey = (kind: string, namespace: string | undefined, name: string): string => `${kind}\u0000${namespace ?? ''}\u0000${name}`;

export class RbacAuthorizer {
  readonly objects: RbacObjects;
  private readonly rolesByKey = new Map<string, RoleObject>();
  private readonly effectiveRules = new Map<RoleObject, readonly Rule[]>();
  private readonly clusterBySubject = new Map<string, BoundRole[]>();
  /** `NS \0 subjectKey` → RoleBindings of NS naming that subject. */
  private readonly namespacedBySubject = new Map<string, BoundRole[]>();
  private readonly bindingsByRole = new Map<string, BindingObject[]>();
  private readonly bound: BoundRole[] = [];
  /** subjectKey → every binding (any namespace) naming that subject. */
  private readonly everywhereBySubject = new Map<string, BoundRole[]>();
  /** Answers of `applicable`, per user object and namespace (the authorizer never changes after construction). */
  private readonly applicableCache = new WeakMap<UserInfo, Map<string, readonly BoundRole[]>>();

  constructor(objects: RbacObjects, options: AuthorizerOptions = {}) {
    this.objects = objects;
    const aggregated = options.aggregation === 'stored' ? new Map<string, Rule[]>() : resolveAggregation(objects.roles);
    for (const role of objects.roles) {
      this.rolesByKey.set(roleKey(role.kind, role.namespace, role.name), role);
      this.effectiveRules.set(role, (role.kind === 'ClusterRole' ? aggregated.get(role.name) : undefined) ?? role.rules);
    }
    for (const binding of objects.bindings) {
      const role = this.referencedRole(binding);
      const rules = role === undefined ? [] : this.rulesOf(role);
      const rk = roleKey(binding.roleRef.kind, binding.roleRef.kind === 'Role' ? binding.namespace : undefined, binding.roleRef.name);
      let byRole = this.bindingsByRole.get(rk);
      if (byRole === undefined) this.bindingsByRole.set(rk, (byRole = []));
      byRole.push(binding);
      binding.subjects.forEach((subject, subjectIndex) => {
        const key = subjectKey(subject, binding.namespace ?? '');
        if (key === undefined) return;
        const entry: BoundRole = { binding, subjectIndex, role, rules };
        this.bound.push(entry);
        let all = this.everywhereBySubject.get(key);
        if (all === undefined) this.everywhereBySubject.set(key, (all = []));
        all.push(entry);
        const map = binding.kind === 'ClusterRoleBinding' ? this.clusterBySubject : this.namespacedBySubject;
        const k = binding.kind === 'ClusterRoleBinding' ? key : `${binding.namespace ?? ''}\u0000${key}`;
        let list = map.get(k);
        if (list === undefined) map.set(k, (list = []));
        // A binding naming the same subject twice applies once.
        if (!list.some((e) => e.binding === binding)) list.push(entry);
      });
    }
  }

  /** The role a binding references: a Role of the binding's namespace or a ClusterRole. ClusterRoleBindings can only reference ClusterRoles. */
  referencedRole(binding: BindingObject): RoleObject | undefined {
    const { kind, name } = binding.roleRef;
    if (kind === 'ClusterRole') return this.rolesByKey.get(roleKey('ClusterRole', undefined, name));
    if (kind === 'Role' && binding.kind === 'RoleBinding') return this.rolesByKey.get(roleKey('Role', binding.namespace, name));
    return undefined;
  }

  /** A role's effective rules (aggregation resolved unless the authorizer reads stored rules). */
  rulesOf(role: RoleObject): readonly Rule[] {
    return this.effectiveRules.get(role) ?? role.rules;
  }

  role(kind: 'Role' | 'ClusterRole', namespace: string | undefined, name: string): RoleObject | undefined {
    return this.rolesByKey.get(roleKey(kind, kind === 'Role' ? namespace : undefined, name));
  }

  /** Every binding subject that can match someone, with its role. */
  boundRoles(): readonly BoundRole[] {
    return this.bound;
  }

  /** The bindings that apply to a user: its ClusterRoleBindings, and its RoleBindings in `namespace` (none when `namespace` is empty). */
  applicable(user: UserInfo, namespace: string | undefined): readonly BoundRole[] {
    // The escalation graph asks ~100 questions per identity: the answer per (user, namespace) is kept.
    let byNamespace = this.applicableCache.get(user);
    if (byNamespace === undefined) this.applicableCache.set(user, (byNamespace = new Map()));
    const scope = namespace ?? '';
    let list = byNamespace.get(scope);
    if (list === undefined) byNamespace.set(scope, (list = this.collectApplicable(user, scope)));
    return list;
  }

  private collectApplicable(user: UserInfo, namespace: string): BoundRole[] {
    const keys = [`u:${user.user}`, ...user.groups.map((g) => `g:${g}`)];
    const out: BoundRole[] = [];
    const seen = new Set<BindingObject>();
    const add = (list: readonly BoundRole[] | undefined): void => {
      for (const e of list ?? []) {
        if (seen.has(e.binding)) continue;
        seen.add(e.binding);
        out.push(e);
      }
    };
    for (const k of keys) add(this.clusterBySubject.get(k));
    if (namespace) for (const k of keys) add(this.namespacedBySubject.get(`${namespace}\u0000${k}`));
    return out;
  }

  /** Every binding that applies to a user, in any namespace (for listing effective permissions). */
  applicableEverywhere(user: UserInfo): BoundRole[] {
    const out: BoundRole[] = [];
    const seen = new Set<BindingObject>();
    for (const k of [`u:${user.user}`, ...user.groups.map((g) => `g:${g}`)]) {
      for (const e of this.everywhereBySubject.get(k) ?? []) {
        if (seen.has(e.binding)) continue;
        seen.add(e.binding);
        out.push(e);
      }
    }
    return out;
  }

  /** The API server's decision for one request: `system:masters`, else RBAC. */
  authorize(user: UserInfo, request: Request): Decision {
    if (user.groups.includes(MASTERS)) return { allowed: true, superuser: true };
    const namespace = request.kind === 'resource' ? request.namespace : undefined;
    for (const e of this.applicable(user, namespace)) {
      if (e.role === undefined) continue;
      for (let i = 0; i < e.rules.length; i++) {
        const rule = e.rules[i] as Rule;
        if (ruleAllows(rule, request)) return { allowed: true, grant: { binding: e.binding, subjectIndex: e.subjectIndex, role: e.role, ruleIndex: i, rule } };
      }
    }
    return { allowed: false };
  }

  can(user: UserInfo, request: Request): boolean {
    return this.authorize(user, request).allowed;
  }

  /** Every grant that allows the request (all bindings and rules, not only the first). */
  grants(user: UserInfo, request: Request): Grant[] {
    const namespace = request.kind === 'resource' ? request.namespace : undefined;
    const out: Grant[] = [];
    for (const e of this.applicable(user, namespace)) {
      if (e.role === undefined) continue;
      e.rules.forEach((rule, ruleIndex) => {
        if (ruleAllows(rule, request)) out.push({ binding: e.binding, subjectIndex: e.subjectIndex, role: e.role as RoleObject, ruleIndex, rule });
      });
    }
    return out;
  }

  /**
   * Every binding subject that the request is allowed for, with the grant behind it. A subject
   * here is what a binding names (a group stands for all its members). `system:masters` is
   * always allowed and is not listed here (callers add it).
   */
  whoCan(request: Request): WhoCanAnswer[] {
    const namespace = request.kind === 'resource' ? (request.namespace ?? '') : '';
    const out: WhoCanAnswer[] = [];
    for (const role of this.objects.roles) {
      if (role.kind === 'Role' && (namespace === '' || role.namespace !== namespace)) continue;
      const rules = this.rulesOf(role);
      let ruleIndex = -1;
      for (let i = 0; i < rules.length; i++) {
        if (ruleAllows(rules[i] as Rule, request)) {
          ruleIndex = i;
          break;
        }
      }
      if (ruleIndex < 0) continue;
      const bindings = this.bindingsByRole.get(roleKey(role.kind, role.namespace, role.name)) ?? [];
      for (const binding of bindings) {
        if (binding.kind === 'RoleBinding' && binding.namespace !== namespace) continue;
        binding.subjects.forEach((subject, subjectIndex) => {
          if (subjectKey(subject, binding.namespace ?? '') === undefined) return;
          out.push({ subject, grant: { binding, subjectIndex, role, ruleIndex, rule: rules[ruleIndex] as Rule } });
        });
      }
    }
    return out;
  }
}

