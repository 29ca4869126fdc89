/**
 * Exposure: per workload, what it accepts from the whole cluster (any pod in any
 * namespace, including namespaces and pods not in the input) and from outside,
 * and what it can reach: the cloud metadata address, the API server, kube-system.
 */
import { selectorMatches } from '../../core/inventory.js';
import { formatPath } from '../../core/path.js';
import { ConnSet } from './conns.js';
import type { CompiledRule, NetpolEngine } from './engine.js';
import { atomOf, formatIPv4, IPV4_MAX } from './ipv4.js';
import { isEmptySelector, type Direction, type NetWorkload, type PeerSpec } from './model.js';

export const METADATA_ADDRESS = 169 * 2 ** 24 + 254 * 2 ** 16 + 169 * 256 + 254; // 169.254.169.254

export interface ExposureOptions {
  /** The API server's address as seen from pods (`kubernetes.default`); unknown when absent. */
  readonly apiServer?: number;
  /** Namespace of the control-plane add-ons; `kube-system`. */
  readonly systemNamespace?: string;
}

export interface RangeConns {
  readonly range: string;
  readonly conns: ConnSet;
}

export interface WorkloadExposure {
  readonly workload: string;
  readonly ingress: {
    readonly isolated: boolean;
    /** What any pod of any namespace (also ones not in the input) may open to it. */
    readonly fromEntireCluster: ConnSet;
    /** What addresses outside the cluster may open to it, by range. */
    readonly fromOutside: readonly RangeConns[];
  };
  readonly egress: {
    readonly isolated: boolean;
    /** What it may open to any pod of any namespace (named ports are listed apart: they depend on the destination). */
    readonly toEntireCluster: ConnSet;
    readonly toEntireClusterNamedPorts: readonly string[];
    readonly toOutside: readonly RangeConns[];
    readonly metadata: ConnSet;
    readonly apiServer: { readonly address?: string; readonly conns: ConnSet; readonly note?: string };
    readonly kubeSystem: { readonly conns: ConnSet; readonly workloads: readonly string[]; readonly note?: string };
  };
}

/** True when the peer matches every pod of every namespace, whatever their labels. */
export function peerIsEntireCluster(peer: PeerSpec): boolean {
  return peer.invalid === undefined && peer.ipBlock === undefined && peer.namespaceSelector !== undefined && isEmptySelector(peer.namespaceSelector) && (peer.podSelector === undefined || isEmptySelector(peer.podSelector));
}

function ruleCoversEntireCluster(rule: CompiledRule): boolean {
  return rule.allPeers || (rule.rule.peers !== 'all' && rule.rule.peers.some(peerIsEntireCluster));
}

/** Whether the rule's peers match every pod of namespace `ns` (whatever the pods' labels). */
function ruleCoversNamespace(engine: NetpolEngine, rule: CompiledRule, ns: string): boolean {
  if (rule.allPeers) return true;
  const labels = engine.model.namespaces.get(ns)?.labels ?? { 'kubernetes.io/metadata.name': ns };
  const peers = rule.rule.peers === 'all' ? [] : rule.rule.peers;
  return peers.some((p: PeerSpec) => {
    if (p.invalid !== undefined || p.ipBlock !== undefined) return false;
    if (p.podSelector !== undefined && !isEmptySelector(p.podSelector)) return false;
    return p.namespaceSelector === undefined ? rule.policy.namespace === ns : selectorMatches(p.namespaceSelector, labels);
  });
}

function mergeRanges(list: RangeConns[]): RangeConns[] {
  const by = new Map<string, RangeConns>();
  for (const r of list) {
    const k = `${r.range}|${r.conns.key}`;
    if (!by.has(k)) by.set(k, r);
  }
  return [...by.values()];
}

/** Pods of a namespace as distinct (class, workload) pairs, per engine: pods of one pair count alike. */
const podsOfNamespace = new WeakMap<NetpolEngine, Map<string, readonly { readonly cls: number; readonly workload: number }[]>>();

function namespacePods(engine: NetpolEngine, namespace: string): readonly { readonly cls: number; readonly workload: number }[] {
  let byNs = podsOfNamespace.get(engine);
  if (byNs === undefined) podsOfNamespace.set(engine, (byNs = new Map()));
  let pairs = byNs.get(namespace);
  if (pairs === undefined) {
    const seen = new Set<string>();
    const list: { cls: number; workload: number }[] = [];
    for (const p of engine.model.pods) {
      if (p.namespace !== namespace) continue;
      const cls = engine.classOfPod[p.index] as number;
      const key = `${cls}/${p.workload}`;
      if (seen.has(key)) continue;
      seen.add(key);
      list.push({ cls, workload: p.workload });
    }
    byNs.set(namespace, (pairs = list));
  }
  return pairs;
}

/**
 * Exposure of one workload, from the rules selecting its pod classes alone: no class
 * matrix is built (per-class external rows and single class pairs are computed on demand).
 */
export function workloadExposure(engine: NetpolEngine, workload: NetWorkload, options: ExposureOptions = {}): WorkloadExposure {
  const classes = [...new Set(workload.pods.map((p) => engine.classOfPod[p] as number))];
  const system = options.systemNamespace ?? 'kube-system';
  const A = engine.atoms.length;
  const t = engine.table;
  const isolated = (d: Direction) => classes.some((c) => (engine.isolating[d][c] as number[]).length > 0);
  const metadataAtom = atomOf(engine.atoms, METADATA_ADDRESS);
  const apiAtom = options.apiServer === undefined ? -1 : atomOf(engine.atoms, options.apiServer);

  let fromCluster = ConnSet.NONE;
  let toCluster = ConnSet.NONE;
  const named = new Set<string>();
  let metadata = 0;
  let api = 0;
  let apiEveryAddress = 1;
  let systemConns = 0;
  const systemWorkloads = new Set<string>();
  const systemPods = namespacePods(engine, system);
  for (const c of classes) {
    if ((engine.isolating.ingress[c] as number[]).length === 0) fromCluster = ConnSet.ALL;
    else for (const r of engine.rulesOf.ingress[c] as CompiledRule[]) if (ruleCoversEntireCluster(r)) fromCluster = fromCluster.union(t.get(engine.resolvedPorts(r, c)));
    const egressIsolated = (engine.isolating.egress[c] as number[]).length > 0;
    if (!egressIsolated) toCluster = ConnSet.ALL;
    else
      for (const r of engine.rulesOf.egress[c] as CompiledRule[]) {
        if (!ruleCoversEntireCluster(r)) continue;
        toCluster = toCluster.union(t.get(r.fixed));
        for (const n of r.named) named.add(`${n.protocol}/${n.name}`);
      }
    const extOut = engine.externalRow(c, 'egress');
    metadata = t.union(metadata, extOut[metadataAtom] as number);
    if (apiAtom >= 0) api = t.union(api, extOut[apiAtom] as number);
    else for (let a = 0; a < A; a++) apiEveryAddress = t.intersect(apiEveryAddress, extOut[a] as number);
    if (systemPods.length > 0) {
      for (const p of systemPods) {
        if (p.workload === workload.index) continue;
        const id = engine.classConns(c, p.cls);
        if (id !== 0) {
          systemConns = t.union(systemConns, id);
          systemWorkloads.add((engine.model.workloads[p.workload] as NetWorkload).id);
        }
      }
    } else if (!egressIsolated) systemConns = 1;
    else for (const r of engine.rulesOf.egress[c] as CompiledRule[]) if (ruleCoversNamespace(engine, r, system)) systemConns = t.union(systemConns, r.fixed);
  }
  const fromOutside = mergeRanges(classes.flatMap((c) => engine.externalRanges(c, 'ingress')));
  const toOutside = mergeRanges(classes.flatMap((c) => engine.externalRanges(c, 'egress')));
  const apiServer =
    options.apiServer !== undefined
      ? { address: formatIPv4(options.apiServer), conns: t.get(api) }
      : { conns: classes.length === 0 ? ConnSet.NONE : t.get(apiEveryAddress), note: 'API server address not given: shown is what egress allows to every address outside the cluster' };
  const kubeSystem =
    systemPods.length > 0
      ? { conns: t.get(systemConns), workloads: [...systemWorkloads].sort() }
      : { conns: t.get(systemConns), workloads: [], note: `no pods of ${system} in the input: shown is what egress allows to every pod of ${system} (its ingress policies are unknown)` };
  return {
    workload: workload.id,
    ingress: { isolated: isolated('ingress'), fromEntireCluster: fromCluster, fromOutside },
    egress: {
      isolated: isolated('egress'),
      toEntireCluster: toCluster,
      toEntireClusterNamedPorts: [...named].sort(),
      toOutside,
      metadata: t.get(metadata),
      apiServer,
      kubeSystem,
    },
  };
}

export interface AddressEgress {
  /** What the workload's pods may open to the address (union over its pod classes). */
  readonly allowed: ConnSet;
  /** Whether every pod class of the workload is isolated for egress. */
  readonly isolated: boolean;
  /** The rules that allow something to the address, `ns/policy spec.egress[i]`, in pod and rule order, unique. */
  readonly rules: readonly string[];
}

/**
 * What a workload may open to one address outside the cluster, and the egress rules
 * that allow it: the verdict of `explainReach(workload → address)` (allowed, every
 * pair isolated, rules whose `allows` is not empty) without building its texts.
 */
export function addressEgress(engine: NetpolEngine, workload: NetWorkload, address: number): AddressEgress {
  const atom = atomOf(engine.atoms, address);
  const t = engine.table;
  const pods = workload.pods;
  // Pods of one class behave alike: each class once (most workloads have one).
  const seen = pods.length > 1 ? new Set<number>() : undefined;
  let rules: Set<string> | undefined;
  let allowed = 0;
  let isolated = true;
  for (const p of pods) {
    const c = engine.classOfPod[p] as number;
    if (seen !== undefined) {
      if (seen.has(c)) continue;
      seen.add(c);
    }
    if ((engine.isolating.egress[c] as number[]).length === 0) {
      allowed = 1;
      isolated = false;
      continue;
    }
    for (const rule of engine.rulesOf.egress[c] as CompiledRule[]) {
      // Ports toward an address: named ports never resolve there; the atom mask holds "no peers" and ipBlocks.
      if (rule.fixed === 0 || rule.atomMask[atom] !== 1) continue;
      allowed = t.union(allowed, rule.fixed);
      (rules ??= new Set()).add(`${rule.policy.id} ${formatPath(rule.rule.path)}`);
    }
  }
  return { allowed: t.get(allowed), isolated, rules: rules === undefined ? [] : [...rules] };
}

export function exposure(engine: NetpolEngine, options: ExposureOptions = {}): WorkloadExposure[] {
  return engine.model.workloads.map((w) => workloadExposure(engine, w, options)).sort((a, b) => (a.workload < b.workload ? -1 : 1));
}

function rangesText(list: readonly RangeConns[]): string {
  if (list.length === 0) return 'nothing';
  if (list.length === 1 && list[0]?.range === `0.0.0.0-${formatIPv4(IPV4_MAX)}`) return `any address: ${list[0].conns.toString()}`;
  return list.map((r) => `${r.range}: ${r.conns.toString()}`).join('; ');
}

export function formatExposure(list: readonly WorkloadExposure[]): string {
  const lines: string[] = ['Exposure analysis'];
  const notes = new Set<string>();
  for (const e of list) {
    lines.push(`${e.workload}`);
    lines.push(`  ingress ${e.ingress.isolated ? '(isolated)' : '(NOT isolated)'}`);
    lines.push(`    from the entire cluster: ${e.ingress.fromEntireCluster.isEmpty ? 'nothing' : e.ingress.fromEntireCluster.toString()}`);
    lines.push(`    from outside the cluster: ${rangesText(e.ingress.fromOutside)}`);
    lines.push(`  egress ${e.egress.isolated ? '(isolated)' : '(NOT isolated)'}`);
    const named = e.egress.toEntireClusterNamedPorts.length > 0 ? ` + named ports ${e.egress.toEntireClusterNamedPorts.join(', ')}` : '';
    lines.push(`    to the entire cluster: ${e.egress.toEntireCluster.isEmpty && named === '' ? 'nothing' : `${e.egress.toEntireCluster.isEmpty ? '' : e.egress.toEntireCluster.toString()}${named}`}`);
    lines.push(`    to outside the cluster: ${rangesText(e.egress.toOutside)}`);
    lines.push(`    to the metadata address 169.254.169.254: ${e.egress.metadata.isEmpty ? 'no' : `YES (${e.egress.metadata.toString()})`}`);
    const api = e.egress.apiServer;
    lines.push(`    to the API server${api.address === undefined ? ' (*)' : ` ${api.address}`}: ${api.conns.isEmpty ? 'no' : `yes (${api.conns.toString()})`}`);
    if (api.note !== undefined) notes.add(`(*) ${api.note}`);
    const ks = e.egress.kubeSystem;
    lines.push(`    to kube-system${ks.note === undefined ? '' : ' (**)'}: ${ks.conns.isEmpty ? 'no' : `yes (${ks.conns.toString()})${ks.workloads.length > 0 ? ` → ${ks.workloads.join(', ')}` : ''}`}`);
    if (ks.note !== undefined) notes.add(`(**) ${ks.note}`);
  }
  for (const n of notes) lines.push(n);
  return `${lines.join('\n')}\n`;
}

export function exposureToJSON(list: readonly WorkloadExposure[]): unknown {
  return list.map((e) => ({
    workload: e.workload,
    ingress: { isolated: e.ingress.isolated, fromEntireCluster: e.ingress.fromEntireCluster.toString(), fromOutside: e.ingress.fromOutside.map((r) => ({ range: r.range, conn: r.conns.toString() })) },
    egress: {
      isolated: e.egress.isolated,
      toEntireCluster: e.egress.toEntireCluster.toString(),
      toEntireClusterNamedPorts: e.egress.toEntireClusterNamedPorts,
      toOutside: e.egress.toOutside.map((r) => ({ range: r.range, conn: r.conns.toString() })),
      metadata: e.egress.metadata.toString(),
      apiServer: { ...e.egress.apiServer, conns: e.egress.apiServer.conns.toString() },
      kubeSystem: { ...e.egress.kubeSystem, conns: e.egress.kubeSystem.conns.toString() },
    },
  }));
}

