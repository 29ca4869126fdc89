/**
 * First-match policy evaluation, as k8s.io/apiserver pkg/audit/policy/checker.go does it, and the
 * coverage relation between rules used to find unreachable (shadowed) rules.
 */
import type { Decision, GroupResources, Policy, PolicyRule, RequestAttributes, Stage } from './types.js';

export function evaluatePolicy(policy: Policy, attrs: RequestAttributes): Decision {
  for (let i = 0; i < policy.rules.length; i++) {
    const rule = policy.rules[i];
    if (rule === undefined || !ruleMatches(rule, attrs)) continue;
    return {
      level: rule.level,
      omitStages: new Set<Stage>([...policy.omitStages, ...rule.omitStages]),
      omitManagedFields: rule.omitManagedFields ?? policy.omitManagedFields,
      rule: i,
    };
  }
  return { level: 'None', omitStages: new Set(policy.omitStages), omitManagedFields: policy.omitManagedFields, rule: -1 };
}

export function ruleMatches(rule: PolicyRule, attrs: RequestAttributes): boolean {
  if (rule.users.length > 0 && (attrs.user === undefined || !rule.users.includes(attrs.user.name))) return false;
  if (rule.userGroups.length > 0) {
    const groups = attrs.user?.groups ?? [];
    if (!rule.userGroups.some((g) => groups.includes(g))) return false;
  }
  if (rule.verbs.length > 0 && !rule.verbs.includes(attrs.verb)) return false;
  if (rule.namespaces.length > 0 || rule.resources.length > 0) return matchesResource(rule, attrs);
  if (rule.nonResourceURLs.length > 0) return matchesNonResource(rule, attrs);
  return true;
}

function matchesResource(rule: PolicyRule, attrs: RequestAttributes): boolean {
  const r = attrs.resource;
  if (r === undefined) return false;
  if (rule.namespaces.length > 0 && !rule.namespaces.includes(r.namespace)) return false;
  if (rule.resources.length === 0) return true;
  const combined = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  for (const gr of rule.resources) {
    if (gr.group !== r.group && gr.group !== '*') continue;
    if (gr.resources.length === 0) return true;
    if (gr.resourceNames.length > 0 && (r.name === undefined || !gr.resourceNames.includes(r.name))) continue;
    for (const res of gr.resources) if (resourcePatternMatches(res, r.resource, r.subresource, combined)) return true;
  }
  return false;
}

function resourcePatternMatches(res: string, resource: string, subresource: string | undefined, combined: string): boolean {
  if (res === combined || res === '*') return true;
  if (subresource && res.startsWith('*/') && subresource === res.slice(2)) return true;
  // checker.go: "resource/*" matches the resource itself and every subresource of it.
  if (res.endsWith('/*') && resource === res.slice(0, -2)) return true;
  return false;
}

function matchesNonResource(rule: PolicyRule, attrs: RequestAttributes): boolean {
  if (attrs.resource !== undefined || attrs.path === undefined) return false;
  const path = attrs.path;
  return rule.nonResourceURLs.some((spec) => spec === '*' || spec === path || (spec.endsWith('*') && path.startsWith(spec.slice(0, -1))));
}

// ---- coverage: does every request matching `later` also match `earlier`? ----

function listCovers(earlier: readonly string[], later: readonly string[]): boolean {
  if (earlier.length === 0) return true;
  return later.length > 0 && later.every((x) => earlier.includes(x));
}

function resourcePatternCovers(p: string, q: string): boolean {
  if (p === '*' || p === q) return true;
  if (p.endsWith('/*')) {
    const base = p.slice(0, -2);
    return q === base || q.startsWith(`${base}/`);
  }
  if (p.startsWith('*/')) return q.endsWith(`/${p.slice(2)}`);
  return false;
}

function groupResourcesCovers(e: GroupResources, l: GroupResources): boolean {
  if (e.group !== '*' && e.group !== l.group) return false;
  if (e.resources.length === 0) return true;
  if (l.resources.length === 0) return false;
  if (e.resourceNames.length > 0 && (l.resourceNames.length === 0 || !l.resourceNames.every((n) => e.resourceNames.includes(n)))) return false;
  return l.resources.every((q) => e.resources.some((p) => resourcePatternCovers(p, q)));
}

function urlCovers(p: string, q: string): boolean {
  if (p === '*' || p === q) return true;
  if (!p.endsWith('*')) return false;
  const prefix = p.slice(0, -1);
  return q.startsWith(prefix);
}

type Scope = 'all' | 'resource' | 'nonResource';
function scopeOf(rule: PolicyRule): Scope {
  if (rule.namespaces.length > 0 || rule.resources.length > 0) return 'resource';
  if (rule.nonResourceURLs.length > 0) return 'nonResource';
  return 'all';
}

/** True when `earlier` matches every request `later` matches, so `later` can never decide. */
export function ruleCovers(earlier: PolicyRule, later: PolicyRule): boolean {
  if (!listCovers(earlier.users, later.users)) return false;
  if (!listCovers(earlier.userGroups, later.userGroups)) return false;
  if (!listCovers(earlier.verbs, later.verbs)) return false;
  const se = scopeOf(earlier);
  const sl = scopeOf(later);
  if (se === 'all') return true;
  if (se !== sl) return false;
  if (se === 'nonResource') return later.nonResourceURLs.every((q) => earlier.nonResourceURLs.some((p) => urlCovers(p, q)));
  if (!listCovers(earlier.namespaces, later.namespaces)) return false;
  if (earlier.resources.length === 0) return true;
  if (later.resources.length === 0) return false;
  return later.resources.every((l) => earlier.resources.some((e) => groupResourcesCovers(e, l)));
}
