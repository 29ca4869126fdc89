/**
 * CPU and memory requests and limits as the API server settles them, for the four resource checks
 * (KF-W-024 to KF-W-027). Kept apart from `_util.ts`, which holds the Pod Security Standards helpers.
 *
 * A container ends up with a value when it sets one; when the pod sets a pod-level value
 * (`spec.resources`, beta and on by default since 1.34); or when a LimitRange of its namespace has a
 * container default (`default`, else `max`, for limits; `defaultRequest`, else the default limit, else
 * `min`, for requests: `SetDefaults_LimitRangeItem`). A request also defaults to the container's limit.
 */
import type { Inventory } from '../../core/inventory.js';
import type { JsonPath } from '../../core/path.js';
import { arr, intOrStr, obj, record, str } from '../../core/shape.js';
import type { ContainerView, PodSpecView } from '../../core/workloads.js';

export type ComputeResource = 'cpu' | 'memory';
export type ResourceField = 'limits' | 'requests';

const quantities = record(intOrStr);
const limitRangeShape = obj({
  spec: obj({ limits: arr(obj({ type: str, default: quantities, defaultRequest: quantities, max: quantities, min: quantities })) }),
});
const podResourcesShape = obj({ limits: quantities, requests: quantities });

export interface MissingResource {
  readonly pod: PodSpecView;
  readonly container: ContainerView;
  /** The container's `resources.<field>` if present, else its `resources`, else the container. */
  readonly path: JsonPath;
}

/** Namespaces (by name; unset for objects without one) whose LimitRange gives containers a default `field` of `resource`. */
function defaultedNamespaces(inventory: Inventory, field: ResourceField, resource: ComputeResource): Set<string | undefined> {
  const namespaces = new Set<string | undefined>();
  for (const limitRange of inventory.ofKind('LimitRange')) {
    for (const item of inventory.read(limitRange, limitRangeShape)?.spec?.limits ?? []) {
      if (item.type !== 'Container') continue;
      const limit = item.default?.[resource] ?? item.max?.[resource];
      const value = field === 'limits' ? limit : (item.defaultRequest?.[resource] ?? limit ?? item.min?.[resource]);
      if (value !== undefined) namespaces.add(limitRange.ref.namespace);
    }
  }
  return namespaces;
}

/** Long-running containers (regular ones and native sidecars) that end up without `field` of `resource`. */
export function missingResource(inventory: Inventory, field: ResourceField, resource: ComputeResource): MissingResource[] {
  const defaulted = defaultedNamespaces(inventory, field, resource);
  const missing: MissingResource[] = [];
  for (const pod of inventory.podSpecs()) {
    if (defaulted.has(pod.resource.ref.namespace)) continue;
    const podLevel = inventory.read(pod.resource, podResourcesShape, [...pod.specPath, 'resources']);
    if (hasValue(podLevel, field, resource)) continue;
    for (const c of pod.containers) {
      if (!c.longRunning) continue;
      const own = c.container.resources;
      if (hasValue(own, field, resource)) continue;
      const path = own?.[field] !== undefined ? [...c.path, 'resources', field] : own !== undefined ? [...c.path, 'resources'] : c.path;
      missing.push({ pod, container: c, path });
    }
  }
  return missing;
}

type Resources = { readonly limits?: Readonly<Record<string, string | number>>; readonly requests?: Readonly<Record<string, string | number>> };

/** A request is also set when only the limit is: Kubernetes copies the limit into the request. */
function hasValue(resources: Resources | undefined, field: ResourceField, resource: ComputeResource): boolean {
  if (resources?.[field]?.[resource] !== undefined) return true;
  return field === 'requests' && resources?.limits?.[resource] !== undefined;
}
