/**
 * The RBAC escalation paths of one scan, as `kubefort rbac paths -o json` reports them, made
 * compact for storage: the same EscalationGraph over the scan's inventory, every chain with
 * its hops and the binding → role → rule behind each hop, a severity as KF-R-020 gives it,
 * and a cap on how many chains are kept. RBAC objects hold no secret values; names only.
 */
import type { Inventory } from '../../core/inventory.js';
import type { Resource } from '../../core/resource.js';
import { escalationGraph, formatRule, isKubernetesDefault, type EscalationPath, type Grant, type PrimitiveId, type Sink } from '../../analysis/rbac/index.js';

/** Chains kept per scan; the rest are counted (`total`) and `capped` says so. */
export const RBAC_PATH_LIMIT = 2000;
/** Workloads named per chain (the identity's pods); `workloadCount` has them all. */
const WORKLOADS_PER_PATH = 5;

export type PathSeverity = 'critical' | 'info';

export interface RbacGrantJson {
  readonly binding: { readonly kind: string; readonly namespace?: string; readonly name: string };
  readonly role: { readonly kind: string; readonly namespace?: string; readonly name: string };
  readonly ruleIndex: number;
  /** The rule as the CLI prints it: `create,get pods in core (names a, b)`. */
  readonly rule: string;
}

export interface RbacHopJson {
  readonly from: string;
  readonly to: string;
  readonly primitive: PrimitiveId;
  readonly text: string;
  /** Empty for group membership (system:masters), which is not RBAC. */
  readonly grants: readonly RbacGrantJson[];
}

export interface RbacPathJson {
  readonly subject: { readonly kind: string; readonly namespace?: string; readonly name: string };
  /** `ServiceAccount ci/builder`, `User jane`, `Group ops`. */
  readonly label: string;
  readonly sink: Sink;
  /** critical, or info when the first hop is one of Kubernetes' own bootstrap bindings (as KF-R-020). */
  readonly severity: PathSeverity;
  /** The first hop is a Kubernetes bootstrap binding or group membership. */
  readonly bootstrap: boolean;
  /** Pods of this identity are behind a LoadBalancer, NodePort or external IP. */
  readonly exposed: boolean;
  readonly workloads: readonly string[];
  readonly workloadCount: number;
  readonly hops: readonly RbacHopJson[];
}

export interface RbacAnalysis {
  readonly kind: 'RbacAnalysis';
  readonly version: 1;
  /** Identities in the graph (subjects of bindings, service accounts, anonymous, authenticated, nodes). */
  readonly identities: number;
  /** Chains found (before the cap). */
  readonly total: number;
  readonly limit: number;
  readonly capped: boolean;
  readonly counts: {
    readonly bySink: Record<Sink, number>;
    readonly bySeverity: Record<PathSeverity, number>;
    /** Distinct subjects with at least one chain. */
    readonly subjects: number;
    /** Chains whose subject's pods are exposed. */
    readonly exposed: number;
    /** Distinct subjects with a chain whose pods are exposed (absent in analyses recorded before it was counted). */
    readonly exposedSubjects?: number;
  };
  /** RBAC kinds the scan could not list: chains through them are not found. */
  readonly gaps: readonly string[];
  readonly paths: readonly RbacPathJson[];
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
/** Pods and controllers that belong to another workload: listed by their owner, so a rollout does not change the stored result. */
const OWNED_KINDS = new Set(['Pod', 'ReplicaSet', 'Job']);

function grantJson(g: Grant): RbacGrantJson {
  return {
    binding: { kind: g.binding.kind, ...(g.binding.namespace === undefined ? {} : { namespace: g.binding.namespace }), name: g.binding.name },
    role: { kind: g.role.kind, ...(g.role.namespace === undefined ? {} : { namespace: g.role.namespace }), name: g.role.name },
    ruleIndex: g.ruleIndex,
    rule: formatRule(g.rule),
  };
}

/** `Deployment ci/build-api` entries of objects that have a controller owner (pods of a ReplicaSet, a CronJob's Jobs). */
function ownedWorkloads(inventory: Inventory): Set<string> {
  const out = new Set<string>();
  for (const kind of OWNED_KINDS) {
    for (const r of inventory.ofKind(kind)) if (hasController(r)) out.add(`${kind} ${r.ref.namespace ?? 'default'}/${r.ref.name}`);
  }
  return out;
}

function hasController(r: Resource): boolean {
  const refs = r.object.metadata.ownerReferences;
  return Array.isArray(refs) && refs.some((o) => o.controller === true);
}

function severityOf(inventory: Inventory, p: EscalationPath): { severity: PathSeverity; bootstrap: boolean } {
  const first = p.hops[0];
  const binding = first?.grants[0]?.binding.resource;
  // Group membership (system:masters) or a bootstrap binding: how the cluster works, reported at info as KF-R-020 does.
  const bootstrap = first !== undefined && (first.grants.length === 0 || (binding !== undefined && isKubernetesDefault(inventory, binding)));
  return { severity: bootstrap ? 'info' : 'critical', bootstrap };
}

export function rbacAnalysis(inventory: Inventory, limit = RBAC_PATH_LIMIT): RbacAnalysis {
  const graph = escalationGraph(inventory);
  const owned = ownedWorkloads(inventory);
  const all = graph.paths().map((p): RbacPathJson => {
    const workloads = p.workloads.filter((w) => !owned.has(w));
    return {
      subject: p.subject,
      label: p.label,
      sink: p.sink,
      ...severityOf(inventory, p),
      exposed: p.exposed,
      workloads: workloads.slice(0, WORKLOADS_PER_PATH),
      workloadCount: workloads.length,
      hops: p.hops.map((h) => ({ from: h.from, to: h.to, primitive: h.primitive, text: h.text, grants: h.grants.map(grantJson) })),
    };
  });
  // The graph's order (exposed, used by workloads, shortest) within each severity: the cap drops bootstrap chains first.
  const ordered = [...all.filter((p) => p.severity === 'critical'), ...all.filter((p) => p.severity !== 'critical')];
  const bySink: Record<Sink, number> = { 'cluster-admin': 0, 'kube-system-secrets': 0 };
  const bySeverity: Record<PathSeverity, number> = { critical: 0, info: 0 };
  for (const p of all) {
    bySink[p.sink]++;
    bySeverity[p.severity]++;
  }
  return {
    kind: 'RbacAnalysis',
    version: 1,
    identities: graph.nodes.size,
    total: all.length,
    limit,
    capped: all.length > limit,
    counts: { bySink, bySeverity, subjects: new Set(all.map((p) => p.label)).size, exposed: all.filter((p) => p.exposed).length, exposedSubjects: new Set(all.filter((p) => p.exposed).map((p) => p.label)).size },
    gaps: inventory.gaps.filter((g) => RBAC_KINDS.has(g.kind)).map((g) => `${g.resource} (${g.status} ${g.reason})`),
    paths: ordered.slice(0, limit),
  };
}
