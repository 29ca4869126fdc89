/**
 * A strict reader of audit.k8s.io/v1 Policy files. The API server decodes strictly, and on unknown
 * or duplicate fields falls back to lenient decoding with only a warning, so a typo such as
 * `omitStage:` silently changes what is logged: here every unknown field is an error naming its path.
 * The validation errors that stop the API server (validation.go) are reported the same way.
 */
import jsYaml from 'js-yaml';
import { formatPath, isRecord, type JsonPath } from '../../core/path.js';
import { isLevel, isStage, type GroupResources, type Level, type Policy, type PolicyRule, type Stage } from './types.js';

export type PolicyProblemKind =
  /** The file is not YAML, not a Policy, or not audit.k8s.io/v1: the API server does not start. */
  | 'fatal'
  /** A field the API server does not know: silently ignored by it. */
  | 'unknownField'
  /** A value the API server rejects at startup (validation.go). */
  | 'invalid';

export interface PolicyProblem {
  readonly kind: PolicyProblemKind;
  readonly path: string;
  /** The same path as segments, to locate it in the file. */
  readonly at: JsonPath;
  readonly message: string;
}

export interface ParsedPolicy {
  /** Present unless the document could not be read as a Policy at all. */
  readonly policy?: Policy;
  readonly problems: readonly PolicyProblem[];
}

const POLICY_KEYS = new Set(['apiVersion', 'kind', 'metadata', 'rules', 'omitStages', 'omitManagedFields']);
const RULE_KEYS = new Set(['level', 'users', 'userGroups', 'verbs', 'resources', 'namespaces', 'nonResourceURLs', 'omitStages', 'omitManagedFields']);
const GR_KEYS = new Set(['group', 'resources', 'resourceNames']);
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function parsePolicy(text: string): ParsedPolicy {
  const problems: PolicyProblem[] = [];
  const add = (kind: PolicyProblemKind, path: JsonPath, message: string): void => {
    problems.push({ kind, path: formatPath(path), at: path, message });
  };
  let docs: unknown[];
  try {
    docs = jsYaml.loadAll(text).filter((d) => d !== null && d !== undefined);
  } catch (error) {
    // js-yaml rejects duplicate keys, which the API server would also only warn about.
    add('fatal', [], `not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    return { problems };
  }
  if (docs.length !== 1) {
    add('fatal', [], `expected one Policy document, found ${docs.length}`);
    if (docs.length === 0) return { problems };
  }
  const doc = docs[0];
  if (!isRecord(doc)) {
    add('fatal', [], 'the document is not a mapping');
    return { problems };
  }
  if (doc['kind'] !== 'Policy') add('fatal', ['kind'], `kind must be Policy, found ${JSON.stringify(doc['kind'])}`);
  if (doc['apiVersion'] !== 'audit.k8s.io/v1') {
    add(
      'fatal',
      ['apiVersion'],
      `apiVersion must be audit.k8s.io/v1, found ${JSON.stringify(doc['apiVersion'])}` +
        (typeof doc['apiVersion'] === 'string' && doc['apiVersion'].startsWith('audit.k8s.io/') ? ' (v1alpha1 and v1beta1 were removed in Kubernetes 1.24: the API server does not start)' : ''),
    );
  }
  unknownKeys(doc, POLICY_KEYS, [], add);
  const omitStages = stages(doc['omitStages'], ['omitStages'], add);
  const omitManagedFields = bool(doc['omitManagedFields'], ['omitManagedFields'], add) ?? false;
  const rawRules = doc['rules'];
  const rules: PolicyRule[] = [];
  if (rawRules === undefined || rawRules === null) add('invalid', ['rules'], 'a policy needs at least one rule ("loaded illegal policy with 0 rules")');
  else if (!Array.isArray(rawRules)) add('invalid', ['rules'], 'rules must be a list');
  else {
    if (rawRules.length === 0) add('invalid', ['rules'], 'a policy needs at least one rule ("loaded illegal policy with 0 rules")');
    rawRules.forEach((raw: unknown, i) => {
      const rule = parseRule(raw, ['rules', i], add);
      if (rule !== undefined) rules.push(rule);
    });
  }
  return { policy: { rules, omitStages, omitManagedFields }, problems };
}

type Add = (kind: PolicyProblemKind, path: JsonPath, message: string) => void;

function unknownKeys(o: Record<string, unknown>, known: ReadonlySet<string>, path: JsonPath, add: Add): void {
  for (const key of Object.keys(o)) {
    if (!known.has(key)) {
      const hint = [...known].find((k) => k.toLowerCase() === key.toLowerCase() || k.startsWith(key) || key.startsWith(k));
      add('unknownField', [...path, key], `unknown field "${key}": the API server ignores it${hint === undefined ? '' : ` (did you mean "${hint}"?)`}`);
    }
  }
}

function strings(v: unknown, path: JsonPath, add: Add): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    add('invalid', path, 'must be a list of strings');
    return [];
  }
  const out: string[] = [];
  v.forEach((x: unknown, i) => {
    if (typeof x === 'string') out.push(x);
    else add('invalid', [...path, i], 'must be a string');
  });
  return out;
}

function stages(v: unknown, path: JsonPath, add: Add): Stage[] {
  const out: Stage[] = [];
  strings(v, path, add).forEach((s, i) => {
    if (isStage(s)) out.push(s);
    else add('invalid', [...path, i], `unknown stage "${s}" (RequestReceived, ResponseStarted, ResponseComplete, Panic)`);
  });
  return out;
}

function bool(v: unknown, path: JsonPath, add: Add): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') {
    add('invalid', path, 'must be true or false');
    return undefined;
  }
  return v;
}

function parseRule(raw: unknown, path: JsonPath, add: Add): PolicyRule | undefined {
  if (!isRecord(raw)) {
    add('invalid', path, 'a rule must be a mapping');
    return undefined;
  }
  unknownKeys(raw, RULE_KEYS, path, add);
  let level: Level = 'None';
  if (raw['level'] === undefined) add('invalid', [...path, 'level'], 'level is required');
  else if (!isLevel(raw['level'])) add('invalid', [...path, 'level'], `unknown level ${JSON.stringify(raw['level'])} (None, Metadata, Request, RequestResponse)`);
  else level = raw['level'];
  const resources: GroupResources[] = [];
  const rawResources = raw['resources'];
  if (rawResources !== undefined && rawResources !== null) {
    if (!Array.isArray(rawResources)) add('invalid', [...path, 'resources'], 'must be a list of {group, resources, resourceNames}');
    else
      rawResources.forEach((gr: unknown, i) => {
        const p = [...path, 'resources', i];
        if (!isRecord(gr)) {
          add('invalid', p, 'must be a mapping {group, resources, resourceNames}');
          return;
        }
        unknownKeys(gr, GR_KEYS, p, add);
        const group = gr['group'] ?? '';
        if (typeof group !== 'string') add('invalid', [...p, 'group'], 'must be a string');
        else if (group !== '' && group !== '*' && !DNS_SUBDOMAIN.test(group))
          add('invalid', [...p, 'group'], `group "${group}" is not a DNS subdomain${group.includes('/') ? ' (give the group without its version)' : ''}`);
        const res = strings(gr['resources'], [...p, 'resources'], add);
        const names = strings(gr['resourceNames'], [...p, 'resourceNames'], add);
        if (names.length > 0 && res.length === 0) add('invalid', [...p, 'resourceNames'], 'resourceNames requires resources');
        res.forEach((r, j) => {
          if (r === '' || (r.includes('*') && r !== '*' && !r.startsWith('*/') && !r.endsWith('/*'))) add('invalid', [...p, 'resources', j], `resource "${r}" is not a valid pattern (name, name/sub, *, */sub, name/*)`);
        });
        resources.push({ group: typeof group === 'string' ? group : '', resources: res, resourceNames: names });
      });
  }
  const namespaces = strings(raw['namespaces'], [...path, 'namespaces'], add);
  const nonResourceURLs = strings(raw['nonResourceURLs'], [...path, 'nonResourceURLs'], add);
  nonResourceURLs.forEach((u, i) => {
    if (u !== '*' && !u.startsWith('/')) add('invalid', [...path, 'nonResourceURLs', i], `"${u}" must start with /`);
    else if (u.indexOf('*') !== -1 && u.indexOf('*') !== u.length - 1) add('invalid', [...path, 'nonResourceURLs', i], `"${u}": * is only allowed as the last character`);
  });
  if (nonResourceURLs.length > 0 && (resources.length > 0 || namespaces.length > 0))
    add('invalid', [...path, 'nonResourceURLs'], 'a rule cannot mix nonResourceURLs with resources or namespaces');
  const omitManagedFields = bool(raw['omitManagedFields'], [...path, 'omitManagedFields'], add);
  return {
    level,
    users: strings(raw['users'], [...path, 'users'], add),
    userGroups: strings(raw['userGroups'], [...path, 'userGroups'], add),
    verbs: strings(raw['verbs'], [...path, 'verbs'], add),
    resources,
    namespaces,
    nonResourceURLs,
    omitStages: stages(raw['omitStages'], [...path, 'omitStages'], add),
    ...(omitManagedFields === undefined ? {} : { omitManagedFields }),
  };
}
