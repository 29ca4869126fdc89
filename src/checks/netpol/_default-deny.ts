/** Which namespaces lack a default deny for one direction (shared by the two default-deny checks). */
import type { Direction, NetpolEngine, NetWorkload } from '../../analysis/netpol/index.js';
import type { Inventory } from '../../core/inventory.js';
import type { JsonPath } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import { isDefaultDeny } from '../../analysis/netpol/index.js';
import { hasClusterScopedPolicies, namespacesWithCniPolicies, namespacesWithPolicies } from './_util.js';

export { isDefaultDeny };

export interface MissingDefaultDeny {
  readonly namespace: string;
  readonly resource: Resource;
  readonly path: JsonPath;
  /** Workloads of the namespace not isolated in the direction. */
  readonly open: number;
  readonly total: number;
}

/**
 * Namespaces that have NetworkPolicies (namespaces without any are KF-N-002's) but no
 * default deny for `direction`. Skipped entirely when cluster-scoped policies exist, and
 * per namespace when CNI-specific policies exist: the v1 objects alone do not decide.
 */
export function namespacesWithoutDefaultDeny(inventory: Inventory, engine: NetpolEngine, direction: Direction): MissingDefaultDeny[] {
  if (hasClusterScopedPolicies(inventory)) return [];
  const cni = namespacesWithCniPolicies(inventory);
  const out: MissingDefaultDeny[] = [];
  const byNamespace = new Map<string, NetWorkload[]>();
  for (const w of engine.model.workloads) {
    let list = byNamespace.get(w.namespace);
    if (list === undefined) byNamespace.set(w.namespace, (list = []));
    list.push(w);
  }
  const isolating = engine.isolating[direction];
  for (const [namespace, policies] of namespacesWithPolicies(engine)) {
    if (cni.has(namespace)) continue;
    if (engine.model.policies.some((p) => p.namespace === namespace && isDefaultDeny(p, direction))) continue;
    const workloads = byNamespace.get(namespace) ?? [];
    const open = workloads.filter((w) => w.pods.some((p) => (isolating[engine.classOfPod[p] as number] as number[]).length === 0)).length;
    const declared = engine.model.namespaces.get(namespace)?.resource;
    out.push({ namespace, resource: declared ?? (policies[0] as Resource), path: declared === undefined ? [] : ['metadata', 'name'], open, total: workloads.length });
  }
  return out;
}
