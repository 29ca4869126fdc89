/**
 * NetworkPolicy reachability of one scan, from the same engine `kubefort netpol` uses
 * (`netpolEngine` over the scan's inventory): per namespace whether it has a default deny and
 * how many of its workloads are open; per workload what it accepts from the whole cluster
 * (`workloadExposure`), from addresses outside the cluster and from other namespaces; whether
 * the CNI enforces policies (`detectCni`); a namespace-to-namespace matrix; and the allowed
 * connections as `netpol matrix -o json` lists them, capped for storage.
 */
import type { Inventory } from '../../core/inventory.js';
import {
  detectCni,
  hasClusterScopedPolicies,
  isDefaultDeny,
  namespacesWithCniPolicies,
  formatInterval,
  IPV4_MAX,
  netpolEngine,
  workloadExposure,
} from '../../analysis/netpol/index.js';

/** Connections kept per scan; when there are more, those crossing a namespace or the cluster edge are kept first. */
export const CONNECTION_LIMIT = 5000;
/** Workloads listed per scan (the per-namespace counts cover them all). */
export const WORKLOAD_LIMIT = 5000;
/** Above these, the class matrix (pod classes², 4 bytes each) is not built: no connection list or matrix. */
export const MATRIX_CLASS_LIMIT = 4000;
export const MATRIX_WORKLOAD_LIMIT = 6000;
/** Per workload, the other namespaces and outside ranges named (all are counted). */
const NAMES_PER_WORKLOAD = 10;
const RANGES_PER_WORKLOAD = 5;
/** The matrix's name for addresses outside the cluster (not a valid namespace name). */
export const OUTSIDE = '(outside)';
const ANY_ADDRESS = formatInterval({ lo: 0, hi: IPV4_MAX });

export interface NetpolNamespaceJson {
  readonly name: string;
  /** A Namespace object is in the inventory (else it is only referenced by objects in it). */
  readonly declared: boolean;
  readonly policies: number;
  readonly workloads: number;
  readonly defaultDeny: { readonly ingress: boolean; readonly egress: boolean };
  /** Workloads with a pod no ingress (egress) policy selects: they accept (open) anything. */
  readonly ingressOpen: number;
  readonly egressOpen: number;
  /** Workloads that accept some connection from every pod of every namespace. */
  readonly openToAll: number;
  /** Workloads that accept some connection from addresses outside the cluster. */
  readonly fromOutside: number;
  /** Workloads that accept connections from workloads of other namespaces (null: not computed, see connections.skipped). */
  readonly fromOtherNamespaces: number | null;
  /** Why the v1 verdicts may not hold here (CNI-specific policies in the namespace). */
  readonly note?: string;
}

export interface NetpolWorkloadJson {
  /** `ns/name[Kind]`, as the CLI names workloads. */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  /** Every pod on the host network: NetworkPolicy does not govern it. */
  readonly hostNetwork: boolean;
  readonly ingressIsolated: boolean;
  readonly egressIsolated: boolean;
  /** What every pod of every namespace may open to it (`TCP 8080`, `All Connections`), or null. */
  readonly fromEntireCluster: string | null;
  /** What addresses outside the cluster may open to it, by range (the first 5; fromOutsideRanges counts them all). */
  readonly fromOutside: readonly { readonly range: string; readonly conn: string }[];
  readonly fromOutsideRanges: number;
  /** Every address (0.0.0.0-255.255.255.255) may open something to it. */
  readonly fromAnyAddress: boolean;
  /** Other namespaces with workloads that may connect to it, the first 10 by name (null: not computed). */
  readonly fromNamespaces: readonly string[] | null;
  readonly fromNamespaceCount: number | null;
  /** What it may open to 169.254.169.254 (cloud metadata), or null. */
  readonly toMetadata: string | null;
}

export interface NetpolConnectionJson {
  readonly src: string;
  readonly dst: string;
  readonly conn: string;
}

export interface NetpolAnalysis {
  readonly kind: 'NetpolAnalysis';
  readonly version: 1;
  readonly cni: {
    readonly plugins: readonly { readonly name: string; readonly enforces: boolean; readonly evidence: string }[];
    /** true: an enforcing plugin runs; false: only plugins that ignore NetworkPolicy (flannel); null: none recognised. */
    readonly enforces: boolean | null;
  };
  readonly totals: {
    readonly namespaces: number;
    readonly workloads: number;
    readonly policies: number;
    readonly withoutDefaultDenyIngress: number;
    readonly withoutDefaultDenyEgress: number;
    readonly openToAll: number;
    readonly fromOutside: number;
  };
  readonly namespaces: readonly NetpolNamespaceJson[];
  readonly workloads: { readonly total: number; readonly limit: number; readonly capped: boolean; readonly items: readonly NetpolWorkloadJson[] };
  /** Workload connections counted per namespace pair (OUTSIDE for external addresses); null when skipped. */
  readonly matrix: { readonly namespaces: readonly string[]; readonly cells: readonly (readonly [number, number, number])[] } | null;
  readonly connections: { readonly total: number; readonly limit: number; readonly capped: boolean; readonly skipped?: string; readonly items: readonly NetpolConnectionJson[] };
  /** Why verdicts may be incomplete: cluster-scoped policies, kinds that could not be listed, model warnings. */
  readonly notes: readonly string[];
}

const NETPOL_KINDS = new Set(['NetworkPolicy', 'Pod', 'Namespace', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController']);

interface Kept {
  readonly src: string;
  readonly dst: string;
  readonly id: number;
}

const byEnds = (a: Kept, b: Kept) => (a.src !== b.src ? (a.src < b.src ? -1 : 1) : a.dst < b.dst ? -1 : a.dst > b.dst ? 1 : 0);

export function netpolAnalysis(inventory: Inventory, limits: { connections?: number; workloads?: number; matrixClasses?: number } = {}): NetpolAnalysis {
  const connectionLimit = limits.connections ?? CONNECTION_LIMIT;
  const workloadLimit = limits.workloads ?? WORKLOAD_LIMIT;
  const classLimit = limits.matrixClasses ?? MATRIX_CLASS_LIMIT;
  const engine = netpolEngine(inventory);
  const { model } = engine;
  const t = engine.table;
  const notes: string[] = [];
  const clusterScoped = hasClusterScopedPolicies(inventory);
  if (clusterScoped) notes.push('cluster-scoped policies (Calico GlobalNetworkPolicy, Cilium clusterwide, AdminNetworkPolicy) exist: they are not analysed, and may allow or deny more than shown');
  const cniPolicies = namespacesWithCniPolicies(inventory);
  for (const g of inventory.gaps) if (NETPOL_KINDS.has(g.kind)) notes.push(`${g.resource} could not be listed (${g.status} ${g.reason}): their pods and policies are missing`);
  for (const w of model.warnings.slice(0, 20)) {
    const where = w.resource === undefined ? '' : `${w.resource.ref.namespace ?? 'default'}/${w.resource.ref.kind}/${w.resource.ref.name}: `;
    notes.push(`${where}${w.message}`);
  }
  if (model.warnings.length > 20) notes.push(`… and ${model.warnings.length - 20} more policy warnings (kubefort netpol matrix lists them)`);

  // Per workload: isolation and exposure (per class, no class matrix), then connections (class matrix).
  const exposures = model.workloads.map((w) => workloadExposure(engine, w));
  const fromNamespaces = model.workloads.map(() => new Set<string>());
  const C = engine.classes.length;
  const W = model.workloads.length;
  let matrix: NetpolAnalysis['matrix'] = null;
  let skipped: string | undefined;
  let total = 0;
  const primary: Kept[] = [];
  const secondary: Kept[] = [];
  if (C > classLimit || W > MATRIX_WORKLOAD_LIMIT) {
    skipped = `${C} pod classes and ${W} workloads: over the limits (${classLimit} classes, ${MATRIX_WORKLOAD_LIMIT} workloads) for the connection list and matrix; kubefort netpol matrix computes them`;
  } else {
    const pairCounts = new Map<string, number>();
    engine.forEachConnection('workload', (i, other, id, outgoing) => {
      const wi = model.workloads[i] as (typeof model.workloads)[number];
      let src: string;
      let dst: string;
      let srcNs: string;
      let dstNs: string;
      if (typeof other === 'number') {
        const wj = model.workloads[other] as (typeof model.workloads)[number];
        [src, dst, srcNs, dstNs] = [wi.id, wj.id, wi.namespace, wj.namespace];
        if (srcNs !== dstNs) (fromNamespaces[other] as Set<string>).add(srcNs);
      } else if (outgoing) [src, dst, srcNs, dstNs] = [wi.id, other, wi.namespace, OUTSIDE];
      else [src, dst, srcNs, dstNs] = [other, wi.id, OUTSIDE, wi.namespace];
      total++;
      const key = `${srcNs}\u0000${dstNs}`;
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
      const list = srcNs === dstNs ? secondary : primary;
      // Each list keeps the first `limit` in (src, dst) order: enough to fill the cap from either.
      list.push({ src, dst, id });
      if (list.length >= connectionLimit * 2) {
        list.sort(byEnds);
        list.length = connectionLimit;
      }
    });
    const names = [...new Set([...pairCounts.keys()].flatMap((k) => k.split('\u0000')))].sort((a, b) => (a === OUTSIDE ? 1 : b === OUTSIDE ? -1 : a < b ? -1 : 1));
    const index = new Map(names.map((n, i) => [n, i]));
    const cells = [...pairCounts].map(([k, n]) => {
      const [s, d] = k.split('\u0000') as [string, string];
      return [index.get(s) as number, index.get(d) as number, n] as const;
    });
    cells.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    matrix = { namespaces: names, cells };
  }
  primary.sort(byEnds);
  secondary.sort(byEnds);
  const kept = [...primary.slice(0, connectionLimit), ...secondary.slice(0, Math.max(0, connectionLimit - primary.length))].sort(byEnds);

  const workloads = model.workloads.map((w, i): NetpolWorkloadJson => {
    const e = exposures[i] as (typeof exposures)[number];
    const fromOutside = e.ingress.fromOutside.map((r) => ({ range: r.range, conn: r.conns.toString() }));
    const from = skipped === undefined ? [...(fromNamespaces[i] as Set<string>)].sort() : null;
    return {
      id: w.id,
      namespace: w.namespace,
      name: w.name,
      kind: w.kind,
      hostNetwork: w.pods.length > 0 && w.pods.every((p) => model.pods[p]?.hostNetwork === true),
      ingressIsolated: e.ingress.isolated,
      egressIsolated: e.egress.isolated,
      fromEntireCluster: e.ingress.fromEntireCluster.isEmpty ? null : e.ingress.fromEntireCluster.toString(),
      fromOutside: fromOutside.slice(0, RANGES_PER_WORKLOAD),
      fromOutsideRanges: fromOutside.length,
      fromAnyAddress: fromOutside.some((r) => r.range === ANY_ADDRESS),
      fromNamespaces: from === null ? null : from.slice(0, NAMES_PER_WORKLOAD),
      fromNamespaceCount: from === null ? null : from.length,
      toMetadata: e.egress.metadata.isEmpty ? null : e.egress.metadata.toString(),
    };
  });

  const policiesByNs = new Map<string, number>();
  for (const p of model.policies) policiesByNs.set(p.namespace, (policiesByNs.get(p.namespace) ?? 0) + 1);
  const names = new Set<string>([...model.namespaces.keys(), ...model.workloads.map((w) => w.namespace), ...policiesByNs.keys()]);
  const namespaces = [...names].sort().map((name): NetpolNamespaceJson => {
    const mine = workloads.filter((w) => w.namespace === name);
    const own = model.policies.filter((p) => p.namespace === name);
    return {
      name,
      declared: model.namespaces.get(name)?.declared === true,
      policies: own.length,
      workloads: mine.length,
      defaultDeny: { ingress: own.some((p) => isDefaultDeny(p, 'ingress')), egress: own.some((p) => isDefaultDeny(p, 'egress')) },
      ingressOpen: model.workloads.filter((w) => w.namespace === name && w.pods.some((p) => (engine.isolating.ingress[engine.classOfPod[p] as number] as number[]).length === 0)).length,
      egressOpen: model.workloads.filter((w) => w.namespace === name && w.pods.some((p) => (engine.isolating.egress[engine.classOfPod[p] as number] as number[]).length === 0)).length,
      openToAll: mine.filter((w) => w.fromEntireCluster !== null).length,
      fromOutside: mine.filter((w) => w.fromOutside.length > 0).length,
      fromOtherNamespaces: skipped === undefined ? mine.filter((w) => (w.fromNamespaces?.length ?? 0) > 0).length : null,
      ...(cniPolicies.has(name) ? { note: 'CNI-specific policies (CiliumNetworkPolicy, Calico) here are not analysed' } : {}),
    };
  });

  const plugins = detectCni(inventory).map((d) => ({ name: d.plugin.name, enforces: d.plugin.enforces, evidence: d.evidence }));
  // Exposed workloads first, so a cap keeps them.
  const exposedFirst = [...workloads].sort((a, b) => Number(isExposed(b)) - Number(isExposed(a)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    kind: 'NetpolAnalysis',
    version: 1,
    cni: { plugins, enforces: plugins.length === 0 ? null : plugins.some((p) => p.enforces) },
    totals: {
      namespaces: namespaces.length,
      workloads: workloads.length,
      policies: model.policies.length,
      withoutDefaultDenyIngress: namespaces.filter((n) => n.workloads > 0 && !n.defaultDeny.ingress).length,
      withoutDefaultDenyEgress: namespaces.filter((n) => n.workloads > 0 && !n.defaultDeny.egress).length,
      openToAll: workloads.filter((w) => w.fromEntireCluster !== null).length,
      fromOutside: workloads.filter((w) => w.fromOutside.length > 0).length,
    },
    namespaces,
    workloads: { total: workloads.length, limit: workloadLimit, capped: workloads.length > workloadLimit, items: exposedFirst.slice(0, workloadLimit).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) },
    matrix,
    connections: {
      total,
      limit: connectionLimit,
      capped: total > kept.length,
      ...(skipped === undefined ? {} : { skipped }),
      items: kept.map((k) => ({ src: k.src, dst: k.dst, conn: t.get(k.id).toString() })),
    },
    notes,
  };
}

function isExposed(w: NetpolWorkloadJson): boolean {
  return w.fromEntireCluster !== null || w.fromOutside.length > 0 || (w.fromNamespaces?.length ?? 0) > 0;
}
