/**
 * The RBAC objects of an inventory as plain data: Roles, ClusterRoles (aggregation rules
 * kept), RoleBindings and ClusterRoleBindings. Malformed fields are skipped the way the
 * inventory reports them; everything else is exactly what the API server would store.
 */
import { selectorMatches, type Inventory, type LabelSelector } from '../../core/inventory.js';
import { bindingShape, roleShape } from '../../core/k8s.js';
import { isRecord } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import { normaliseRule, type Rule } from './match.js';

export interface RoleObject {
  readonly kind: 'Role' | 'ClusterRole';
  /** Roles only. */
  readonly namespace?: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The stored rules (for an aggregated ClusterRole: what the controller last wrote). */
  readonly rules: readonly Rule[];
  /** `aggregationRule.clusterRoleSelectors`, when the ClusterRole has an aggregation rule. */
  readonly aggregationSelectors?: readonly LabelSelector[];
  readonly resource?: Resource;
}

export interface SubjectRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface BindingObject {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly namespace?: string;
  readonly name: string;
  readonly roleRef: { readonly kind: string; readonly name: string };
  readonly subjects: readonly SubjectRef[];
  readonly resource?: Resource;
}

export interface RbacObjects {
  readonly roles: readonly RoleObject[];
  readonly bindings: readonly BindingObject[];
}

function selectors(value: unknown): LabelSelector[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((s) => s as LabelSelector);
}

/**
 * Kubernetes' own `cluster-admin` ClusterRole (bootstrap policy): every cluster has it and
 * manifests rarely carry it, so it is added when the input does not define it.
 */
export const BOOTSTRAP_CLUSTER_ADMIN: RoleObject = {
  kind: 'ClusterRole',
  name: 'cluster-admin',
  labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
  rules: [normaliseRule({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }), normaliseRule({ nonResourceURLs: ['*'], verbs: ['*'] })],
};

/** The RBAC objects of an inventory (plus bootstrap `cluster-admin` when absent). */
export function rbacObjects(inventory: Inventory): RbacObjects {
  const roles: RoleObject[] = [];
  const bindings: BindingObject[] = [];
  for (const kind of ['Role', 'ClusterRole'] as const) {
    for (const resource of inventory.ofKind(kind)) {
      const body = inventory.read(resource, roleShape) ?? {};
      const labels = resource.object.metadata.labels ?? {};
      const rules = (body.rules ?? []).map(normaliseRule);
      const namespace = kind === 'Role' ? (resource.ref.namespace ?? 'default') : undefined;
      roles.push({
        kind,
        ...(namespace === undefined ? {} : { namespace }),
        name: resource.ref.name,
        labels,
        rules,
        ...(kind === 'ClusterRole' && body.aggregationRule !== undefined ? { aggregationSelectors: selectors(body.aggregationRule.clusterRoleSelectors) } : {}),
        resource,
      });
    }
  }
  for (const kind of ['RoleBinding', 'ClusterRoleBinding'] as const) {
    for (const resource of inventory.ofKind(kind)) {
      const body = inventory.read(resource, bindingShape);
      const ref = body?.roleRef;
      if (ref?.name === undefined) continue;
      const namespace = kind === 'RoleBinding' ? (resource.ref.namespace ?? 'default') : undefined;
      bindings.push({
        kind,
        ...(namespace === undefined ? {} : { namespace }),
        name: resource.ref.name,
        roleRef: { kind: ref.kind ?? 'ClusterRole', name: ref.name },
        subjects: (body?.subjects ?? []).map((s) => ({ kind: s.kind ?? '', name: s.name ?? '', ...(s.namespace ? { namespace: s.namespace } : {}) })),
        resource,
      });
    }
  }
  if (!roles.some((r) => r.kind === 'ClusterRole' && r.name === 'cluster-admin')) roles.push(BOOTSTRAP_CLUSTER_ADMIN);
  return { roles, bindings };
}

/**
 * Aggregation as the clusterrole-aggregation controller computes it: the rules of an
 * aggregated ClusterRole are the union (first occurrence kept, in selector order, then name
 * order) of the rules of every other ClusterRole a selector matches. Aggregated roles that
 * match other selectors contribute their aggregated rules: the controller re-syncs until
 * nothing changes, so this is the fixed point, computed from empty rules.
 */
export function resolveAggregation(roles: readonly RoleObject[]): Map<string, Rule[]> {
  const clusterRoles = roles.filter((r) => r.kind === 'ClusterRole').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const aggregated = clusterRoles.filter((r) => r.aggregationSelectors !== undefined);
  const current = new Map<string, Rule[]>(aggregated.map((r) => [r.name, []]));
  const rulesOf = (role: RoleObject): readonly Rule[] => current.get(role.name) ?? role.rules;
  const matchesBySelector = new Map<RoleObject, RoleObject[][]>();
  for (const role of aggregated) {
    matchesBySelector.set(
      role,
      (role.aggregationSelectors ?? []).map((sel) => clusterRoles.filter((c) => c.name !== role.name && selectorMatches(sel, c.labels))),
    );
  }
  for (let round = 0; round <= aggregated.length + 1; round++) {
    let changed = false;
    for (const role of aggregated) {
      const out: Rule[] = [];
      const seen = new Set<string>();
      for (const matches of matchesBySelector.get(role) ?? []) {
        for (const m of matches) {
          for (const rule of rulesOf(m)) {
            const key = ruleKey(rule);
            if (seen.has(key)) continue;
            seen.add(key);
            out.push(rule);
          }
        }
      }
      const before = current.get(role.name) ?? [];
      if (before.length !== out.length || before.some((r, i) => ruleKey(r) !== ruleKey(out[i] as Rule))) changed = true;
      current.set(role.name, out);
    }
    if (!changed) break;
  }
  return current;
}

export function ruleKey(rule: Rule): string {
  return JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
}
