/**
 * Which network plugin runs the pod network, from its DaemonSets and pods, and
 * whether it enforces NetworkPolicy. Flannel alone does not: the objects exist and
 * nothing happens. Calico (also as Canal, with flannel), Cilium, Antrea,
 * kube-router, Weave Net, Azure NPM and the AWS network policy agent do.
 */
import type { Inventory } from '../../core/inventory.js';
import { getAt, isRecord } from '../../core/path.js';
import type { Resource } from '../../core/resource.js';
import { POD_SPEC_PATHS } from '../../core/workloads.js';

export interface CniPlugin {
  readonly name: string;
  readonly enforces: boolean;
  /** Matches a DaemonSet or pod name, or a container image. */
  readonly names: readonly RegExp[];
  readonly images: readonly RegExp[];
}

export const CNI_PLUGINS: readonly CniPlugin[] = [
  { name: 'Calico', enforces: true, names: [/^calico-node$/, /^canal$/], images: [/(^|\/)calico\/node(:|@|$)/, /(^|\/)node-calico/] },
  { name: 'Cilium', enforces: true, names: [/^cilium$/, /^anetd$/], images: [/(^|\/)cilium\/cilium(:|@|$)/, /(^|\/)cilium(-[a-z]+)?(:|@|$)/] },
  { name: 'Antrea', enforces: true, names: [/^antrea-agent$/], images: [/antrea\/antrea-(agent|ubuntu)/, /(^|\/)antrea-agent/] },
  { name: 'kube-router', enforces: true, names: [/^kube-router$/], images: [/(^|\/)kube-router(:|@|$)/] },
  { name: 'Weave Net', enforces: true, names: [/^weave-net$/], images: [/weaveworks\/weave-npc/, /weave-npc/] },
  { name: 'Azure NPM', enforces: true, names: [/^azure-npm$/], images: [/azure-npm/] },
  { name: 'AWS network policy agent', enforces: true, names: [], images: [/aws-network-policy-agent/] },
  { name: 'flannel', enforces: false, names: [/^kube-flannel(-ds)?$/, /^flannel$/], images: [/(^|\/)(flannel|flannelcni-flannel|mirrored-flannelcni-flannel)(:|@|$)/, /coreos\/flannel/] },
];

export interface CniDetection {
  readonly plugin: CniPlugin;
  /** The DaemonSet (or pod) where it was recognised. */
  readonly resource: Resource;
  readonly evidence: string;
}

function images(resource: Resource): string[] {
  const specPath = POD_SPEC_PATHS[resource.ref.kind];
  if (specPath === undefined) return [];
  const spec = getAt(resource.object, specPath);
  if (!isRecord(spec)) return [];
  const out: string[] = [];
  for (const list of ['containers', 'initContainers']) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers as unknown[]) if (isRecord(c) && typeof c.image === 'string') out.push(c.image);
  }
  return out;
}

/** Every plugin recognised among DaemonSets (and bare pods of DaemonSets not in the input). */
export function detectCni(inventory: Inventory): CniDetection[] {
  const out: CniDetection[] = [];
  const seen = new Set<string>();
  const candidates = [...inventory.ofKind('DaemonSet'), ...inventory.ofKind('Pod')];
  for (const resource of candidates) {
    const name = resource.ref.kind === 'Pod' ? ownerName(resource) : resource.ref.name;
    const imgs = images(resource);
    for (const plugin of CNI_PLUGINS) {
      if (seen.has(plugin.name)) continue;
      const byName = name !== undefined && plugin.names.some((r) => r.test(name));
      // Images are matched on their repository part only (no registry host tricks: the last path segments).
      const image = imgs.find((i) => plugin.images.some((r) => r.test(i.toLowerCase())));
      if (!byName && image === undefined) continue;
      seen.add(plugin.name);
      out.push({ plugin, resource, evidence: image !== undefined ? `image ${image}` : `${resource.ref.kind === 'Pod' ? 'DaemonSet' : resource.ref.kind} ${name}` });
    }
  }
  return out;
}

/** A pod's DaemonSet name, when it belongs to one (bare pods from a live cluster). */
function ownerName(pod: Resource): string | undefined {
  const refs = pod.object.metadata.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const ds = refs.find((r) => r.kind === 'DaemonSet');
  return ds?.name;
}

/** Flannel alone (no enforcing plugin next to it): policies have no effect. */
export function nonEnforcingCni(inventory: Inventory): CniDetection | undefined {
  const found = detectCni(inventory);
  if (found.some((d) => d.plugin.enforces)) return undefined;
  return found.find((d) => !d.plugin.enforces);
}

/** Policy kinds of CNIs and the cluster-scoped policy API: the v1 analysis cannot see what they allow or deny. */
const CLUSTER_POLICY_KINDS = ['GlobalNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'];
const NAMESPACED_CNI_POLICY_KINDS = ['CiliumNetworkPolicy'];

/** True when cluster-scoped policies (Calico, Cilium, AdminNetworkPolicy) exist: namespace-level verdicts could be wrong. */
export function hasClusterScopedPolicies(inventory: Inventory): boolean {
  return CLUSTER_POLICY_KINDS.some((k) => inventory.ofKind(k).length > 0);
}

/** Namespaces with CNI-specific namespaced policies (CiliumNetworkPolicy, Calico's projectcalico.org NetworkPolicy). */
export function namespacesWithCniPolicies(inventory: Inventory): Set<string> {
  const out = new Set<string>();
  for (const k of NAMESPACED_CNI_POLICY_KINDS) for (const r of inventory.ofKind(k)) out.add(r.ref.namespace ?? 'default');
  for (const r of inventory.ofKind('NetworkPolicy')) if (r.ref.apiVersion.startsWith('projectcalico.org/')) out.add(r.ref.namespace ?? 'default');
  return out;
}
