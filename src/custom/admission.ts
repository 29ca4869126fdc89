/**
 * Offline ValidatingAdmissionPolicy evaluation: which objects of the inputs the API server
 * would reject, given the policies and bindings that are also in the inputs.
 *
 * Supported: matchConstraints / binding matchResources (resourceRules, excludeResourceRules,
 * namespaceSelector, objectSelector), matchConditions, validations (expression, message),
 * variables (inlined), validationActions, messageExpression. Not evaluated, and said so in an
 * outcome: paramKind (params).
 * An expression that cannot be evaluated is an outcome of its own, never an admission.
 */
import { selectorMatches, type Inventory, type LabelSelector } from '../core/inventory.js';
import { isRecord, type JsonPath } from '../core/path.js';
import type { Resource } from '../core/resource.js';
import { compileExpression, inlineVariables, type CompiledExpression } from './cel.js';

export const ADMISSION_API_VERSION = 'admissionregistration.k8s.io/v1';

export type AdmissionOutcome =
  | { readonly type: 'rejects'; readonly resource: Resource; readonly policy: string; readonly binding: string; readonly message: string; readonly index: number; readonly enforced: boolean; readonly actions: string }
  | { readonly type: 'error'; readonly resource: Resource; readonly policy: string; readonly binding: string; readonly what: string; readonly error: string; readonly path: JsonPath }
  | { readonly type: 'unsupported'; readonly resource: Resource; readonly policy: string; readonly binding: string; readonly what: string; readonly path: JsonPath };

/** kind → resource plural of built-in kinds; other kinds fall back to English plural rules. */
const PLURALS: Readonly<Record<string, string>> = {
  Pod: 'pods', Deployment: 'deployments', ReplicaSet: 'replicasets', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets',
  Job: 'jobs', CronJob: 'cronjobs', ReplicationController: 'replicationcontrollers', PodTemplate: 'podtemplates',
  Service: 'services', Endpoints: 'endpoints', EndpointSlice: 'endpointslices', ConfigMap: 'configmaps', Secret: 'secrets',
  ServiceAccount: 'serviceaccounts', Namespace: 'namespaces', Node: 'nodes', PersistentVolume: 'persistentvolumes',
  PersistentVolumeClaim: 'persistentvolumeclaims', StorageClass: 'storageclasses', Ingress: 'ingresses', IngressClass: 'ingressclasses',
  NetworkPolicy: 'networkpolicies', Role: 'roles', ClusterRole: 'clusterroles', RoleBinding: 'rolebindings', ClusterRoleBinding: 'clusterrolebindings',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers', PodDisruptionBudget: 'poddisruptionbudgets', LimitRange: 'limitranges',
  ResourceQuota: 'resourcequotas', PriorityClass: 'priorityclasses', RuntimeClass: 'runtimeclasses',
  CustomResourceDefinition: 'customresourcedefinitions', MutatingWebhookConfiguration: 'mutatingwebhookconfigurations',
  ValidatingWebhookConfiguration: 'validatingwebhookconfigurations', Lease: 'leases', CSIDriver: 'csidrivers',
};

export function resourceOfKind(kind: string): string {
  const known = PLURALS[kind];
  if (known !== undefined) return known;
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function has(list: readonly string[], value: string): boolean {
  return list.includes('*') || list.includes(value);
}

/** A rule applies to a manifest when it covers CREATE or UPDATE (applying it is one of these). */
function ruleMatches(rule: Record<string, unknown>, resource: Resource): boolean {
  const { group, version } = groupVersion(resource.object.apiVersion);
  const plural = resourceOfKind(resource.ref.kind);
  const operations = strings(rule.operations);
  if (!(has(operations, 'CREATE') || has(operations, 'UPDATE'))) return false;
  if (!has(strings(rule.apiGroups), group) || !has(strings(rule.apiVersions), version)) return false;
  if (!strings(rule.resources).some((r) => r === '*' || r === plural || r === `${plural}/*`)) return false;
  const names = strings(rule.resourceNames);
  if (names.length > 0 && !names.includes(resource.ref.name)) return false;
  const scope = typeof rule.scope === 'string' ? rule.scope : '*';
  if (scope === 'Namespaced' && resource.ref.namespace === undefined && resource.ref.kind !== 'Namespace') return false;
  if (scope === 'Cluster' && resource.ref.namespace !== undefined) return false;
  return true;
}

function asSelector(value: unknown): LabelSelector | undefined {
  return isRecord(value) ? (value as LabelSelector) : undefined;
}

function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return selector === undefined || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

type Match = { readonly matches: boolean } | { readonly unknown: string };

/** matchConstraints or a binding's matchResources against one object. */
function matchResources(spec: Record<string, unknown> | undefined, resource: Resource, inventory: Inventory): Match {
  if (spec === undefined) return { matches: true };
  const rules = listOf(spec.resourceRules);
  if (spec.resourceRules !== undefined && !rules.some((r) => ruleMatches(r, resource))) return { matches: false };
  if (listOf(spec.excludeResourceRules).some((r) => ruleMatches(r, resource))) return { matches: false };
  const objectSelector = asSelector(spec.objectSelector);
  if (!selectorMatches(objectSelector, resource.object.metadata.labels)) return { matches: false };
  const namespaceSelector = asSelector(spec.namespaceSelector);
  if (!isEmptySelector(namespaceSelector)) {
    if (resource.ref.kind === 'Namespace') return { matches: selectorMatches(namespaceSelector, resource.object.metadata.labels) };
    const ns = resource.ref.namespace;
    if (ns === undefined) return { matches: true };
    const nsObject = inventory.get('Namespace', undefined, ns);
    const labels = { ...(nsObject?.object.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns };
    const selected = selectorMatches(namespaceSelector, labels);
    if (!selected && nsObject === undefined) return { unknown: `namespace ${ns} is not in the inputs, so its labels (and the namespaceSelector) are unknown` };
    return { matches: selected };
  }
  return { matches: true };
}

interface CompiledPolicy {
  readonly conditions: readonly { readonly name: string; readonly compiled: CompiledExpression }[];
  readonly validations: readonly { readonly index: number; readonly message: string; readonly compiled: CompiledExpression; readonly messageExpression?: CompiledExpression }[];
  readonly problems: readonly { readonly what: string; readonly error: string; readonly path: JsonPath }[];
}

function compilePolicy(spec: Record<string, unknown>): CompiledPolicy {
  const problems: { what: string; error: string; path: JsonPath }[] = [];
  // Variables are inlined, in order (a variable may use the ones before it).
  const variables = new Map<string, string>();
  for (const v of listOf(spec.variables)) {
    if (typeof v.name === 'string' && typeof v.expression === 'string') variables.set(v.name, inlineVariables(v.expression, variables));
  }
  const compile = (expression: string) => compileExpression(inlineVariables(expression, variables));
  const conditions: { name: string; compiled: CompiledExpression }[] = [];
  listOf(spec.matchConditions).forEach((c, i) => {
    const name = typeof c.name === 'string' ? c.name : `#${i}`;
    try {
      conditions.push({ name, compiled: compile(String(c.expression ?? '')) });
    } catch (error) {
      problems.push({ what: `matchCondition ${name}`, error: error instanceof Error ? error.message : String(error), path: ['spec', 'matchConditions', i, 'expression'] });
    }
  });
  const validations: { index: number; message: string; compiled: CompiledExpression; messageExpression?: CompiledExpression }[] = [];
  listOf(spec.validations).forEach((v, index) => {
    const expression = String(v.expression ?? '');
    const message = typeof v.message === 'string' ? v.message : `failed expression: ${expression}`;
    try {
      const compiled = compile(expression);
      let messageExpression: CompiledExpression | undefined;
      // A messageExpression that does not compile falls back to the message, as on the API server.
      if (typeof v.messageExpression === 'string') {
        try {
          messageExpression = compile(v.messageExpression);
        } catch {
          messageExpression = undefined;
        }
      }
      validations.push({ index, message, compiled, ...(messageExpression === undefined ? {} : { messageExpression }) });
    } catch (error) {
      problems.push({ what: `validation ${index}`, error: error instanceof Error ? error.message : String(error), path: ['spec', 'validations', index, 'expression'] });
    }
  });
  return { conditions, validations, problems };
}

export function evaluateAdmissionPolicies(inventory: Inventory): AdmissionOutcome[] {
  const outcomes: AdmissionOutcome[] = [];
  const policies = inventory.ofKind('ValidatingAdmissionPolicy').filter((p) => p.object.apiVersion === ADMISSION_API_VERSION);
  const compiled = new Map<Resource, CompiledPolicy>();
  for (const binding of inventory.ofKind('ValidatingAdmissionPolicyBinding')) {
    if (binding.object.apiVersion !== ADMISSION_API_VERSION) continue;
    const bspec = isRecord(binding.object.spec) ? binding.object.spec : {};
    const policy = policies.find((p) => p.ref.name === bspec.policyName);
    if (policy === undefined) continue;
    const spec = isRecord(policy.object.spec) ? policy.object.spec : {};
    const names = { policy: policy.ref.name, binding: binding.ref.name };
    const actions = strings(bspec.validationActions);
    const enforced = actions.includes('Deny');
    if (spec.paramKind !== undefined) {
      outcomes.push({ type: 'unsupported', resource: policy, ...names, what: 'it takes parameters (paramKind), which kubefort does not resolve offline', path: ['spec', 'paramKind'] });
      continue;
    }
    let cp = compiled.get(policy);
    if (cp === undefined) compiled.set(policy, (cp = compilePolicy(spec)));
    if (cp.problems.length > 0) {
      for (const p of cp.problems) outcomes.push({ type: 'error', resource: policy, ...names, what: `${p.what} does not compile`, error: p.error, path: p.path });
      continue;
    }
    const constraints = isRecord(spec.matchConstraints) ? spec.matchConstraints : undefined;
    if (constraints === undefined) {
      outcomes.push({ type: 'unsupported', resource: policy, ...names, what: 'it has no matchConstraints', path: ['spec'] });
      continue;
    }
    const bindingMatch = isRecord(bspec.matchResources) ? bspec.matchResources : undefined;
    for (const resource of inventory.resources) {
      if (groupVersion(resource.object.apiVersion).group === 'admissionregistration.k8s.io') continue;
      const m1 = matchResources(constraints, resource, inventory);
      const m2 = matchResources(bindingMatch, resource, inventory);
      const unknown = 'unknown' in m1 ? m1.unknown : 'unknown' in m2 ? m2.unknown : undefined;
      if (unknown !== undefined) {
        outcomes.push({ type: 'unsupported', resource, ...names, what: `cannot tell whether it applies: ${unknown}`, path: [] });
        continue;
      }
      if (!('matches' in m1 && m1.matches) || !('matches' in m2 && m2.matches)) continue;
      const bindings = variablesFor(resource, inventory);
      let applies = true;
      let failed = false;
      for (const c of cp.conditions) {
        const verdict = c.compiled.evaluate(bindings);
        if (!verdict.ok) {
          outcomes.push({ type: 'error', resource, ...names, what: `matchCondition ${c.name}`, error: verdict.error, path: [] });
          failed = true;
          break;
        }
        if (!verdict.value) {
          applies = false;
          break;
        }
      }
      if (failed || !applies) continue;
      for (const v of cp.validations) {
        const verdict = v.compiled.evaluate(bindings);
        if (!verdict.ok) outcomes.push({ type: 'error', resource, ...names, what: `validation ${v.index}`, error: verdict.error, path: [] });
        else if (!verdict.value) outcomes.push({ type: 'rejects', resource, ...names, message: messageFor(v, bindings), index: v.index, enforced, actions: actions.join(', ') || 'none' });
      }
    }
  }
  return outcomes;
}

/** The messageExpression's string when it evaluates to a non-empty one; the static message otherwise (as the API server does). */
function messageFor(v: CompiledPolicy['validations'][number], bindings: Record<string, unknown>): string {
  const dynamic = v.messageExpression?.evaluateString(bindings);
  return dynamic !== undefined && dynamic.ok && dynamic.value.trim() !== '' ? dynamic.value : v.message;
}

/** The CEL variables of an admission request for creating `resource` (params and oldObject are null). */
function variablesFor(resource: Resource, inventory: Inventory): Record<string, unknown> {
  const { group, version } = groupVersion(resource.object.apiVersion);
  const ns = resource.ref.namespace;
  return {
    object: resource.object,
    oldObject: null,
    params: null,
    namespaceObject: ns === undefined ? null : (inventory.get('Namespace', undefined, ns)?.object ?? null),
    request: {
      operation: 'CREATE',
      name: resource.ref.name,
      namespace: ns ?? '',
      kind: { group, version, kind: resource.ref.kind },
      resource: { group, version, resource: resourceOfKind(resource.ref.kind) },
    },
  };
}
