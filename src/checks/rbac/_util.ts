/**
 * RBAC rules and bindings as the API server's authorizer reads them. Nothing here reports:
 * each check decides what is a finding, so its source names every message id it uses.
 *
 * Matching follows Kubernetes (`plugin/pkg/auth/authorizer/rbac`): a verb, group or resource
 * matches exactly or through `*`; `*` in resources covers every resource and subresource;
 * `*\/exec` covers the `exec` subresource of any resource; `pods` does not cover `pods/exec`,
 * and `pods/*` is not a wildcard at all (it names a subresource called `*`, which nothing has).
 */
import { isKubernetesDefault } from '../../analysis/rbac/bootstrap.js';
import type { Inventory } from '../../core/inventory.js';
import { bindingShape, roleShape, type BindingBody, type PolicyRule, type Subject } from '../../core/k8s.js';
import type { JsonPath } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import { bool, obj } from '../../core/shape.js';
import type { PodSpecView } from '../../core/workloads.js';

/** Kept in the RBAC analysis, where the service's recorded paths use it too. */
export { isKubernetesDefault };

export const ROLE_KINDS: readonly string[] = ['Role', 'ClusterRole'];
export const BINDING_KINDS: readonly string[] = ['RoleBinding', 'ClusterRoleBinding'];

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface RuleView {
  readonly resource: Resource;
  readonly rule: PolicyRule;
  /** `['rules', i]`. */
  readonly path: JsonPath;
  /** How messages name the role: `ClusterRole "ops"`, `Role "team-a/reader"`. */
  readonly role: string;
  /** One of Kubernetes' own bootstrap roles (`cluster-admin`, `system:*`): reported at info. */
  readonly kubernetesDefault: boolean;
}

/**
 * Every rule of every Role and ClusterRole. Aggregated ClusterRoles (with `aggregationRule`) are
 * skipped: the controller copies their rules from the ClusterRoles their selectors match, and the
 * finding belongs on those source roles, where the rule is written and can be fixed.
 */
export function roleRules(inventory: Inventory): RuleView[] {
  const views: RuleView[] = [];
  for (const kind of ROLE_KINDS) {
    for (const resource of inventory.ofKind(kind)) {
      const body = inventory.read(resource, roleShape);
      if (body === undefined || body.aggregationRule !== undefined) continue;
      const role = describeObject(resource);
      const kubernetesDefault = isKubernetesDefault(inventory, resource);
      (body.rules ?? []).forEach((rule, i) => views.push({ resource, rule, path: ['rules', i], role, kubernetesDefault }));
    }
  }
  return views;
}

/** `ClusterRole "ops"`, `Role "team-a/reader"`, `RoleBinding "reader"` (no namespace in the manifest). */
export function describeObject(resource: Resource): string {
  const { kind, namespace, name } = resource.ref;
  return `${kind} "${namespace === undefined ? name : `${namespace}/${name}`}"`;
}

export function grantsVerb(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === verb || v === '*');
}

export function grantsGroup(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === group || g === '*');
}

/**
 * Index of the first entry of `rule.resources` that grants `resource` (`pods` or `pods/exec`),
 * or undefined. Kubernetes' `ResourceMatches`: `*`, the exact name, or `*\/<subresource>`.
 */
export function matchingResource(rule: PolicyRule, resource: string): number | undefined {
  const slash = resource.indexOf('/');
  const subresource = slash < 0 ? '' : resource.slice(slash + 1);
  const index = (rule.resources ?? []).findIndex((r) => r === '*' || r === resource || (subresource !== '' && r === `*/${subresource}`));
  return index < 0 ? undefined : index;
}

/** `''`, or ` (only resourceNames a, b)`: resourceNames narrow a rule to the named objects. */
export function narrowedBy(rule: PolicyRule): string {
  const names = rule.resourceNames ?? [];
  return names.length === 0 ? '' : ` (only resourceNames ${names.join(', ')})`;
}

/** `core` for the empty group, as kubectl and rbac-tool show it. */
export function groupName(group: string): string {
  return group === '' ? 'core' : group;
}

/** `pods, services`; `*` stays visible as `*`. */
export function list(values: readonly string[] | undefined): string {
  return (values ?? []).join(', ');
}

export interface SubjectView {
  readonly subject: Subject;
  /** `['subjects', i]`. */
  readonly path: JsonPath;
  /** `Group "system:authenticated"`, `ServiceAccount "ci/deployer"`. */
  readonly label: string;
}

export interface BindingView {
  readonly resource: Resource;
  readonly binding: BindingBody;
  /** `ClusterRoleBinding "ops"`. */
  readonly label: string;
  /** `ClusterRole "cluster-admin"`. */
  readonly roleLabel: string;
  readonly subjects: readonly SubjectView[];
}

/** Every RoleBinding and ClusterRoleBinding with a roleRef. */
export function bindings(inventory: Inventory): BindingView[] {
  const views: BindingView[] = [];
  for (const kind of BINDING_KINDS) {
    for (const resource of inventory.ofKind(kind)) {
      const binding = inventory.read(resource, bindingShape);
      if (binding?.roleRef?.name === undefined) continue;
      const subjects = (binding.subjects ?? []).map((subject, i) => ({ subject, path: ['subjects', i], label: describeSubject(subject) }));
      views.push({ resource, binding, label: describeObject(resource), roleLabel: `${binding.roleRef.kind ?? 'ClusterRole'} "${binding.roleRef.name}"`, subjects });
    }
  }
  return views;
}

export function describeSubject(subject: Subject): string {
  const name = subject.kind === 'ServiceAccount' && subject.namespace !== undefined ? `${subject.namespace}/${subject.name ?? ''}` : (subject.name ?? '');
  return `${subject.kind ?? 'Subject'} "${name}"`;
}

/** The namespace a RoleBinding grants in, as messages say it. */
export function bindingScope(resource: Resource): string {
  return resource.ref.namespace === undefined ? 'its namespace' : `namespace "${resource.ref.namespace}"`;
}

const serviceAccountShape = obj({ automountServiceAccountToken: bool });

/** A ServiceAccount's own `automountServiceAccountToken`, when it sets one. */
export function accountAutomount(inventory: Inventory, account: Resource): boolean | undefined {
  return inventory.read(account, serviceAccountShape)?.automountServiceAccountToken;
}

/** Whether a pod gets a service-account token, and why. */
export interface TokenMount {
  /** The ServiceAccount the pod runs as: `serviceAccountName`, else the deprecated `serviceAccount`, else `default`. */
  readonly serviceAccount: string;
  /** Where the pod names it; absent when it names none. */
  readonly namedAt?: { readonly field: 'serviceAccountName' | 'serviceAccount'; readonly path: JsonPath };
  /** The ServiceAccount object, when the inventory has it (same namespace; both unset counts as the same). */
  readonly account?: Resource;
  /** The ServiceAccount's own `automountServiceAccountToken`, when the object is known and sets it. */
  readonly accountSetting?: boolean;
  /** The pod's `automountServiceAccountToken`, when set: it wins over the ServiceAccount's. */
  readonly podSetting?: boolean;
  /** What the kubelet does: the pod's setting, else the ServiceAccount's, else true. */
  readonly mounted: boolean;
}

export function tokenMount(inventory: Inventory, pod: PodSpecView): TokenMount {
  const { spec, specPath } = pod;
  // An empty name is unset: the ServiceAccount admission plugin fills in `default`.
  const field = spec.serviceAccountName ? 'serviceAccountName' : spec.serviceAccount ? 'serviceAccount' : undefined;
  const serviceAccount = (field === undefined ? undefined : spec[field]) ?? 'default';
  const account = inventory.get('ServiceAccount', pod.resource.ref.namespace, serviceAccount);
  const accountSetting = account === undefined ? undefined : accountAutomount(inventory, account);
  const podSetting = spec.automountServiceAccountToken;
  return {
    serviceAccount,
    ...(field === undefined ? {} : { namedAt: { field, path: [...specPath, field] } }),
    ...(account === undefined ? {} : { account }),
    ...(accountSetting === undefined ? {} : { accountSetting }),
    ...(podSetting === undefined ? {} : { podSetting }),
    mounted: podSetting ?? accountSetting ?? true,
  };
}
