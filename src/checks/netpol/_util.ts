/** Shared by the NetworkPolicy checks: where to report, and which namespaces the v1 API alone decides. */
import { hasClusterScopedPolicies, namespacesWithCniPolicies, netpolEngine, type NetpolEngine, type NetWorkload, type NetPod } from '../../analysis/netpol/index.js';
import type { JsonPath } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';

/** The CNI policy helpers live in the analysis (the service's recorded reachability uses them too). */
export { hasClusterScopedPolicies, namespacesWithCniPolicies, netpolEngine };

/** Namespaces that have at least one networking.k8s.io NetworkPolicy (the others are KF-N-002's). */
export function namespacesWithPolicies(engine: NetpolEngine): Map<string, Resource[]> {
  const out = new Map<string, Resource[]>();
  for (const p of engine.model.policies) {
    let list = out.get(p.namespace);
    if (list === undefined) out.set(p.namespace, (list = []));
    list.push(p.resource);
  }
  return out;
}

/** The object and path a workload finding points at: the workload's pod template labels, else its first pod. */
export function workloadLocation(engine: NetpolEngine, workload: NetWorkload): { resource: Resource; path: JsonPath } {
  const pods = engine.model.pods;
  for (const i of workload.pods) {
    const pod = pods[i] as NetPod;
    if (pod.resource === workload.resource) return { resource: pod.resource, path: pod.labelsPath };
  }
  if (workload.resource !== undefined) return { resource: workload.resource, path: [] };
  const first = pods[workload.pods[0] as number] as NetPod;
  return { resource: first.resource, path: first.labelsPath };
}

/** Whether some pod of the workload uses the pod network (NetworkPolicy does not govern hostNetwork pods). */
export function hasPodNetworkPods(engine: NetpolEngine, workload: NetWorkload): boolean {
  for (const i of workload.pods) if (!(engine.model.pods[i] as NetPod).hostNetwork) return true;
  return false;
}

/** Namespaces with pods in the input. */
export function namespacesWithPods(engine: NetpolEngine): Set<string> {
  return new Set(engine.model.pods.map((p) => p.namespace));
}
