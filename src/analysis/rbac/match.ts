/**
 * Kubernetes RBAC rule matching, a line-for-line port of `RuleAllows` and its helpers
 * (`k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go`). Nothing here is clever on
 * purpose: every tool that "simplified" these functions got RBAC wrong somewhere.
 */

/** A PolicyRule with every list present (absent lists are empty). */
export interface Rule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** What the API server authorizes: a resource request or a non-resource request. */
export type Request = ResourceRequest | NonResourceRequest;

export interface ResourceRequest {
  readonly kind: 'resource';
  readonly verb: string;
  /** `''` for the core group. */
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource?: string;
  /** `''` or absent for cluster-scoped requests (and requests across all namespaces). */
  readonly namespace?: string;
  readonly name?: string;
}

export interface NonResourceRequest {
  readonly kind: 'nonResource';
  readonly verb: string;
  readonly path: string;
}

export function verbMatches(rule: Rule, verb: string): boolean {
  for (const v of rule.verbs) if (v === '*' || v === verb) return true;
  return false;
}

export function apiGroupMatches(rule: Rule, group: string): boolean {
  for (const g of rule.apiGroups) if (g === '*' || g === group) return true;
  return false;
}

/**
 * `*` matches everything, the combined `resource/subresource` matches exactly, and `*\/sub`
 * matches the subresource `sub` of any resource. `pods` does not match `pods/exec`; `pods/*`
 * matches only a subresource literally called `*`.
 */
export function resourceMatches(rule: Rule, combined: string, subresource: string): boolean {
  for (const r of rule.resources) {
    if (r === '*') return true;
    if (r === combined) return true;
    if (subresource.length === 0) continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** No resourceNames: any name (and no name). Otherwise the request's name must be listed. */
export function resourceNameMatches(rule: Rule, name: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  for (const n of rule.resourceNames) if (n === name) return true;
  return false;
}

/** `*`, an exact path, or a prefix ending in `*` (every trailing `*` is trimmed, as `strings.TrimRight` does). */
export function nonResourceURLMatches(rule: Rule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === '*') return true;
    if (u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

/** `pods/exec` for a request with a subresource, else `pods`. */
export function combinedResource(request: ResourceRequest): string {
  const sub = request.subresource ?? '';
  return sub.length > 0 ? `${request.resource}/${sub}` : request.resource;
}

/** Upstream `RuleAllows`. */
export function ruleAllows(rule: Rule, request: Request): boolean {
  if (request.kind === 'resource') {
    const sub = request.subresource ?? '';
    return (
      verbMatches(rule, request.verb) &&
      apiGroupMatches(rule, request.apiGroup) &&
      resourceMatches(rule, sub.length > 0 ? `${request.resource}/${sub}` : request.resource, sub) &&
      resourceNameMatches(rule, request.name ?? '')
    );
  }
  return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
}

/** A rule with absent lists defaulted to empty ones. */
export function normaliseRule(raw: {
  verbs?: readonly string[] | undefined;
  apiGroups?: readonly string[] | undefined;
  resources?: readonly string[] | undefined;
  resourceNames?: readonly string[] | undefined;
  nonResourceURLs?: readonly string[] | undefined;
}): Rule {
  return {
    verbs: raw.verbs ?? [],
    apiGroups: raw.apiGroups ?? [],
    resources: raw.resources ?? [],
    resourceNames: raw.resourceNames ?? [],
    nonResourceURLs: raw.nonResourceURLs ?? [],
  };
}

/** `get,list pods/exec in core (names a, b)`, `get /healthz`: a rule in one line. */
export function formatRule(rule: Rule): string {
  if (rule.nonResourceURLs.length > 0) return `${rule.verbs.join(',')} ${rule.nonResourceURLs.join(',')}`;
  const groups = rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(',');
  const names = rule.resourceNames.length > 0 ? ` (names ${rule.resourceNames.join(', ')})` : '';
  return `${rule.verbs.join(',')} ${rule.resources.join(',')} in ${groups}${names}`;
}

/** `get pods/exec "web" in core, namespace a`: a request in one line. */
export function formatRequest(request: Request): string {
  if (request.kind === 'nonResource') return `${request.verb} ${request.path}`;
  const name = request.name ? ` "${request.name}"` : '';
  const group = request.apiGroup === '' ? 'core' : request.apiGroup;
  const ns = request.namespace ? `namespace ${request.namespace}` : 'cluster-wide';
  return `${request.verb} ${combinedResource(request)}${name} in ${group}, ${ns}`;
}
