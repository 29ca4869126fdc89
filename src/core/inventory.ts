/**
 * The objects of one scan, indexed for checks: by kind, by namespace, by name,
 * and every pod spec of every pod-bearing kind. Built once, read by every check.
 */
import { podMetaShape, podSpecShape, type PodMeta, type PodSpec } from './k8s.js';
import { scanError, type ScanError } from './errors.js';
import { formatPath, getAt, isRecord, type JsonPath } from './path.js';
import { formatRef, type Resource } from './resource.js';
import { validate, type Infer, type Shape, type ShapeIssue } from './shape.js';
import { containerViews, POD_SPEC_PATHS, type PodSpecView } from './workloads.js';

export type LabelSelector = {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[];
};

/** A kind kubefort could not list: checks that need it cannot vouch for anything. */
export interface InventoryGap {
  readonly apiVersion: string;
  readonly kind: string;
  /** The plural resource name, as RBAC knows it. */
  readonly resource: string;
  readonly namespace?: string;
  /** HTTP status: 403 denied, 404 not served, 401 not authenticated. */
  readonly status: number;
  readonly reason: string;
}

/** One unauthenticated request and the HTTP status it got (0: no answer). */
export interface AnonymousProbe {
  readonly path: string;
  readonly status: number;
}

/** Facts about the cluster that are not objects. */
export interface ClusterFacts {
  /** The API server's `/version` gitVersion (live scans). */
  readonly serverVersion?: string;
  /** The API server's URL as kubefort reached it. */
  readonly server?: string;
  /** What an unauthenticated client got from the API server (live scans). */
  readonly anonymousProbe?: readonly AnonymousProbe[];
}

export class Inventory {
  readonly resources: readonly Resource[];
  /** Kinds that could not be read (live scans); empty for manifests. */
  readonly gaps: readonly InventoryGap[];
  readonly facts: ClusterFacts;
  /** Problems found while indexing (fields of the wrong type); the objects stay, their bad parts are skipped. */
  readonly errors: readonly ScanError[];
  private readonly byKindIndex = new Map<string, Resource[]>();
  private readonly byKey = new Map<string, Resource>();
  private readonly namespacesSeen = new Set<string>();
  private readonly podSpecViews: PodSpecView[] = [];
  /** Per resource: validation verdicts by shape and path (one shape may be read at several paths). */
  private readonly validated = new WeakMap<Resource, Map<string, boolean>>();
  private readonly shapeIds = new Map<Shape, number>();
  private readonly errorList: ScanError[] = [];

  constructor(resources: readonly Resource[], gaps: readonly InventoryGap[] = [], facts: ClusterFacts = {}) {
    this.resources = resources;
    this.gaps = gaps;
    this.facts = facts;
    this.errors = this.errorList;
    for (const resource of resources) {
      const { kind, namespace, name } = resource.ref;
      let list = this.byKindIndex.get(kind);
      if (list === undefined) this.byKindIndex.set(kind, (list = []));
      list.push(resource);
      this.byKey.set(key(kind, namespace, name), resource);
      if (namespace !== undefined) this.namespacesSeen.add(namespace);
      if (kind === 'Namespace') this.namespacesSeen.add(name);
    }
    for (const resource of resources) {
      const specPath = POD_SPEC_PATHS[resource.ref.kind];
      if (specPath !== undefined && !this.ownedByController(resource)) this.addPodSpec(resource, specPath);
    }
  }

  /**
   * A live cluster holds the same pod spec in a Deployment, its ReplicaSets and every Pod.
   * The spec is checked once, at the top: objects whose controller is in the inventory are skipped.
   * Manifests have no owner references, so nothing is skipped there.
   */
  private ownedByController(resource: Resource): boolean {
    const owners = resource.object.metadata.ownerReferences;
    if (!Array.isArray(owners)) return false;
    return owners.some((o) => o.controller === true && POD_SPEC_PATHS[o.kind] !== undefined && this.get(o.kind, resource.ref.namespace, o.name) !== undefined);
  }

  /** Every object of a kind (e.g. 'Deployment'), in input order. */
  ofKind(kind: string): readonly Resource[] {
    return this.byKindIndex.get(kind) ?? [];
  }

  kinds(): readonly string[] {
    return [...this.byKindIndex.keys()];
  }

  get(kind: string, namespace: string | undefined, name: string): Resource | undefined {
    return this.byKey.get(key(kind, namespace, name));
  }

  /** Namespaces declared or used by any object. */
  namespaces(): readonly string[] {
    return [...this.namespacesSeen].sort();
  }

  inNamespace(namespace: string, kind?: string): readonly Resource[] {
    const pool = kind === undefined ? this.resources : this.ofKind(kind);
    return pool.filter((r) => r.ref.namespace === namespace);
  }

  /** Every pod spec: Pods and the templates of every controller, with their container views. */
  podSpecs(): readonly PodSpecView[] {
    return this.podSpecViews;
  }

  /**
   * Reads `path` of a resource as the type of `shape`, or undefined when the field
   * is absent or malformed (a malformed field is reported once as an input error).
   */
  read<S extends Shape>(resource: Resource, shape: S, path: JsonPath = []): Infer<S> | undefined {
    const value = path.length === 0 ? resource.object : getAt(resource.object, path);
    if (value === undefined || value === null) return undefined;
    let cache = this.validated.get(resource);
    if (cache === undefined) this.validated.set(resource, (cache = new Map()));
    let shapeId = this.shapeIds.get(shape);
    if (shapeId === undefined) this.shapeIds.set(shape, (shapeId = this.shapeIds.size));
    const key = `${shapeId}:${formatPath(path)}`;
    let ok = cache.get(key);
    if (ok === undefined) {
      ok = this.check(resource, value, shape, path);
      cache.set(key, ok);
    }
    return ok ? (value as never) : undefined;
  }

  private check(resource: Resource, value: unknown, shape: Shape, path: JsonPath, prune = false): boolean {
    // Most objects are well formed: a cheap yes/no walk first, and the full walk (which builds
    // every field's path to name the bad ones) only when something is wrong.
    const issues = conforms(value, shape) ? NO_ISSUES : validate(value, shape, path);
    if (prune) for (const issue of issues) dropField(resource.object, issue.path);
    for (const issue of issues) {
      const at = resource.locate(issue.path);
      this.errorList.push(
        scanError('KF_ERR_INVALID_FIELD', `${formatPath(issue.path)}: expected ${issue.expected}, got ${issue.actual}`, {
          file: resource.origin.file,
          documentIndex: resource.origin.documentIndex,
          line: at?.line,
          column: at?.column,
          object: formatRef(resource.ref),
        }),
      );
    }
    return issues.length === 0;
  }

  private addPodSpec(resource: Resource, specPath: JsonPath): void {
    const raw = getAt(resource.object, specPath);
    if (!isRecord(raw)) {
      const at = resource.locate([]);
      this.errorList.push(
        scanError('KF_ERR_MISSING_FIELD', `${resource.ref.kind} has no pod spec at ${formatPath(specPath)}`, {
          file: resource.origin.file,
          documentIndex: resource.origin.documentIndex,
          line: at?.line,
          column: at?.column,
          object: formatRef(resource.ref),
        }),
      );
      return;
    }
    // A field of the wrong type is reported, then dropped (an array item becomes `{}`), so the rest
    // of the pod is still checked: one bad `containerPort` must not hide a privileged container.
    this.check(resource, raw, podSpecShape, specPath, true);
    const spec = raw as PodSpec;
    const podMetaPath = resource.ref.kind === 'Pod' ? ['metadata'] : [...specPath.slice(0, -1), 'metadata'];
    const rawMeta = getAt(resource.object, podMetaPath);
    const podMeta: PodMeta = isRecord(rawMeta) && this.check(resource, rawMeta, podMetaShape, podMetaPath) ? (rawMeta as PodMeta) : {};
    this.podSpecViews.push({ resource, spec, specPath, podMeta, podMetaPath, containers: containerViews(spec, specPath) });
  }
}

const NO_ISSUES: readonly ShapeIssue[] = [];

/**
 * `validate(value, shape).length === 0`, with validate's side effect (null fields of objects
 * are deleted, as unset), but without allocating a path per field. False for a shape type it
 * does not know, so that validate decides.
 */
function conforms(value: unknown, shape: Shape): boolean {
  if (value === undefined || value === null) return true;
  switch (shape.type) {
    case 'unknown':
      return true;
    case 'string':
    case 'boolean':
    case 'number':
      return typeof value === shape.type;
    case 'int-or-string':
      return typeof value === 'string' || typeof value === 'number';
    case 'array':
      if (!Array.isArray(value)) return false;
      for (let i = 0; i < value.length; i++) if (!conforms(value[i], shape.items)) return false;
      return true;
    case 'record':
      if (!isRecord(value)) return false;
      for (const key in value) if (!conforms(value[key], shape.values)) return false;
      return true;
    case 'object': {
      if (!isRecord(value)) return false;
      // Objects carry fewer keys than their shape names (a pod spec sets ~8 of ~40 fields):
      // walk the object's keys and look each up in the shape's field map.
      const fields = fieldMap(shape);
      for (const key in value) {
        const field = fields.get(key);
        if (field === undefined) continue;
        if (value[key] === null) delete value[key];
        else if (!conforms(value[key], field)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

const fieldMaps = new WeakMap<Shape, ReadonlyMap<string, Shape>>();

/** A shape's fields as a map (own keys only: `constructor` is not a field). */
function fieldMap(shape: Extract<Shape, { type: 'object' }>): ReadonlyMap<string, Shape> {
  let map = fieldMaps.get(shape);
  if (map === undefined) fieldMaps.set(shape, (map = new Map(Object.entries(shape.fields))));
  return map;
}

/** Removes the value at `path` (an object key is deleted, an array item replaced by `{}`). */
function dropField(root: unknown, path: JsonPath): void {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent[last] = {};
  else if (isRecord(parent) && typeof last === 'string') delete parent[last];
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

/** Kubernetes label selector semantics: all matchLabels and all matchExpressions must hold; an empty selector matches everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (selector === undefined) return true;
  const have = labels ?? {};
  const wanted = selector.matchLabels;
  // for…in, not Object.entries: selectors are matched for every pod × Service × policy, and the pairs were garbage.
  if (wanted !== undefined) for (const k in wanted) if (Object.hasOwn(wanted, k) && have[k] !== wanted[k]) return false;
  for (const expr of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, expr.key);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!present || !values.includes(have[expr.key] as string)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(have[expr.key] as string)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false; // an unknown operator selects nothing, as the API server would reject it
    }
  }
  return true;
}
