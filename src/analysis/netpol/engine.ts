/**
 * The connectivity engine: which connections NetworkPolicies allow, exactly as
 * Kubernetes defines them.
 *
 * - A pod is isolated for ingress (egress) only if some policy selecting it has
 *   Ingress (Egress) in its effective policyTypes; otherwise that direction is open.
 * - An isolated direction allows the union of the rules of the policies selecting
 *   the pod; a connection needs the source's egress AND the destination's ingress.
 * - Peers: podSelector alone = pods of the policy's namespace; namespaceSelector
 *   alone = every pod of the matching namespaces; both in one peer = AND; separate
 *   peers = OR; missing/empty `from`/`to` = every pod and every address.
 * - ipBlock stands for addresses outside the cluster (it does not match pod IPs
 *   here: whether it does is implementation-defined, and analysers and Cilium treat
 *   pods by selectors only).
 * - Ports: numeric, ranges with endPort, or named ports resolved on the
 *   destination pod's container ports of the same protocol; protocol TCP by default;
 *   missing/empty `ports` = every port of every protocol.
 *
 * Pods with the same namespace, labels and ports behave identically, so the engine
 * works on such classes; precomputes each policy's selected classes and each rule's
 * peers once; and interns connection sets so per-pair work is integer lookups.
 */
import { selectorMatches, type LabelSelector } from '../../core/inventory.js';
import { ConnSet, type Protocol } from './conns.js';
import { atomOf, formatInterval, mergeIntervals, partition, type Interval } from './ipv4.js';
import type { Direction, NetPod, NetPolicy, NetworkModel, PeerSpec, RuleSpec } from './model.js';

const EMPTY = new Int32Array(0);

/** Whether sorted `list` holds `value`. */
function sortedHas(list: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = list[mid] as number;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Pods no policy can tell apart share this key: namespace, labels (in key order) and
 * container ports (in order). Every part is length-prefixed, so the key is injective.
 */
function classKey(pod: NetPod): string {
  let key = `${pod.namespace.length}:${pod.namespace}|`;
  const labels = pod.labels;
  const names = Object.keys(labels);
  // Insertion sort: label sets are small, and Array.prototype.sort allocates.
  for (let i = 1; i < names.length; i++) {
    const name = names[i] as string;
    let j = i - 1;
    while (j >= 0 && (names[j] as string) > name) {
      names[j + 1] = names[j] as string;
      j--;
    }
    names[j + 1] = name;
  }
  for (const name of names) {
    const value = String(labels[name]);
    key += `${name.length}:${name}${value.length}:${value}`;
  }
  key += '|';
  for (const p of pod.ports) key += p.name === undefined ? `-${p.port}/${p.protocol};` : `${p.name.length}:${p.name}${p.port}/${p.protocol};`;
  return key;
}

/** Interned connection sets: id 0 is no connection, id 1 all connections. */
export class ConnTable {
  private readonly sets: ConnSet[] = [ConnSet.NONE, ConnSet.ALL];
  private readonly ids = new Map<string, number>([
    [ConnSet.NONE.key, 0],
    [ConnSet.ALL.key, 1],
  ]);
  private readonly unions = new Map<number, number>();
  private readonly intersections = new Map<number, number>();

  id(set: ConnSet): number {
    let id = this.ids.get(set.key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(set.key, id);
    }
    return id;
  }

  get(id: number): ConnSet {
    return this.sets[id] as ConnSet;
  }

  union(a: number, b: number): number {
    if (a === b || b === 0 || a === 1) return a;
    if (a === 0 || b === 1) return b;
    const key = a < b ? a * 4294967296 + b : b * 4294967296 + a;
    let r = this.unions.get(key);
    if (r === undefined) {
      r = this.id(this.get(a).union(this.get(b)));
      this.unions.set(key, r);
    }
    return r;
  }

  intersect(a: number, b: number): number {
    if (a === b || b === 1) return a;
    if (a === 1) return b;
    if (a === 0 || b === 0) return 0;
    const key = a < b ? a * 4294967296 + b : b * 4294967296 + a;
    let r = this.intersections.get(key);
    if (r === undefined) {
      r = this.id(this.get(a).intersect(this.get(b)));
      this.intersections.set(key, r);
    }
    return r;
  }
}

/** Pods that no policy can tell apart: same namespace, labels and container ports. */
export interface PodClass {
  readonly index: number;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: NetPod['ports'];
  readonly pods: readonly number[];
}

export interface CompiledRule {
  readonly policy: NetPolicy;
  readonly rule: RuleSpec;
  readonly direction: Direction;
  readonly allPeers: boolean;
  /** Peer classes (sorted, unique); every class when allPeers. */
  readonly classes: Int32Array;
  /** External address atoms the rule's ipBlocks (or its "all peers") cover. */
  readonly atomMask: Uint8Array;
  /** Numeric ports as an interned id. */
  readonly fixed: number;
  readonly named: readonly { readonly name: string; readonly protocol: Protocol }[];
}

export interface Edge {
  readonly src: string;
  readonly dst: string;
  readonly conns: ConnSet;
}

export type Level = 'workload' | 'pod';

export interface EngineOptions {
  /** Extra address boundaries for the external partition (e.g. 169.254.169.254/32), on top of the policies' ipBlocks. */
  readonly extraIntervals?: readonly Interval[];
}

export class NetpolEngine {
  readonly table = new ConnTable();
  readonly atoms: readonly Interval[];
  readonly classes: readonly PodClass[];
  readonly classOfPod: Int32Array;
  /** Per policy: the classes its spec.podSelector selects. */
  readonly selected: readonly Int32Array[];
  /** Per class: policies that isolate it, per direction. */
  readonly isolating: { readonly ingress: readonly number[][]; readonly egress: readonly number[][] };
  /** Per class: the compiled rules that apply to it, per direction. */
  readonly rulesOf: { readonly ingress: readonly CompiledRule[][]; readonly egress: readonly CompiledRule[][] };
  readonly compiled: readonly { readonly ingress: readonly CompiledRule[]; readonly egress: readonly CompiledRule[] }[];
  private readonly classesByNamespace = new Map<string, number[]>();
  private readonly selectorCache = new Map<string, Int32Array>();
  private readonly resolvedCache = new Map<CompiledRule, Map<number, number>>();
  private classMatrixCache?: { final: Int32Array; extIn: Int32Array; extOut: Int32Array };
  private allClassesCache?: Int32Array;
  /** Per class, lazily: connections from / to each external atom (rows of extIn / extOut). */
  private readonly extRows: { readonly ingress: (Int32Array | undefined)[]; readonly egress: (Int32Array | undefined)[] } = { ingress: [], egress: [] };

  constructor(
    readonly model: NetworkModel,
    options: EngineOptions = {},
  ) {
    // Classes of equivalent pods.
    const byKey = new Map<string, number>();
    const classes: { index: number; namespace: string; labels: Readonly<Record<string, string>>; ports: NetPod['ports']; pods: number[] }[] = [];
    this.classOfPod = new Int32Array(model.pods.length);
    for (const pod of model.pods) {
      const key = classKey(pod);
      let c = byKey.get(key);
      if (c === undefined) {
        c = classes.length;
        byKey.set(key, c);
        classes.push({ index: c, namespace: pod.namespace, labels: pod.labels, ports: pod.ports, pods: [] });
        let list = this.classesByNamespace.get(pod.namespace);
        if (list === undefined) this.classesByNamespace.set(pod.namespace, (list = []));
        list.push(c);
      }
      (classes[c] as { pods: number[] }).pods.push(pod.index);
      this.classOfPod[pod.index] = c;
    }
    this.classes = classes;

    // The external address partition.
    const intervals: Interval[] = [...(options.extraIntervals ?? [])];
    for (const policy of model.policies) {
      for (const rule of [...policy.ingress, ...policy.egress]) {
        if (rule.peers === 'all') continue;
        for (const peer of rule.peers) {
          if (peer.ipBlock?.range === undefined || peer.invalid !== undefined) continue;
          intervals.push(peer.ipBlock.range, ...peer.ipBlock.exceptRanges);
        }
      }
    }
    this.atoms = partition(intervals);

    const C = classes.length;
    const ingressIsolating: number[][] = Array.from({ length: C }, () => []);
    const egressIsolating: number[][] = Array.from({ length: C }, () => []);
    const ingressRules: CompiledRule[][] = Array.from({ length: C }, () => []);
    const egressRules: CompiledRule[][] = Array.from({ length: C }, () => []);
    const selected: Int32Array[] = [];
    const compiled: { ingress: CompiledRule[]; egress: CompiledRule[] }[] = [];
    for (const policy of model.policies) {
      const sel = this.podSelection(policy.namespace, policy.podSelector);
      selected.push(sel);
      const ingress = policy.types.ingress ? policy.ingress.map((r) => this.compileRule(policy, r)) : [];
      const egress = policy.types.egress ? policy.egress.map((r) => this.compileRule(policy, r)) : [];
      compiled.push({ ingress, egress });
      for (const c of sel) {
        if (policy.types.ingress) {
          (ingressIsolating[c] as number[]).push(policy.index);
          (ingressRules[c] as CompiledRule[]).push(...ingress);
        }
        if (policy.types.egress) {
          (egressIsolating[c] as number[]).push(policy.index);
          (egressRules[c] as CompiledRule[]).push(...egress);
        }
      }
    }
    this.selected = selected;
    this.compiled = compiled;
    this.isolating = { ingress: ingressIsolating, egress: egressIsolating };
    this.rulesOf = { ingress: ingressRules, egress: egressRules };
  }

  /** Classes in `namespace` whose labels match `selector`. */
  private podSelection(namespace: string, selector: LabelSelector): Int32Array {
    const key = `p\u0000${namespace}\u0000${JSON.stringify(selector)}`;
    let hit = this.selectorCache.get(key);
    if (hit === undefined) {
      const out: number[] = [];
      // matchLabels tested inline (no entries array per class), as selectorMatches tests them;
      // selectors with matchExpressions then go through selectorMatches itself.
      const labels = Object.entries(selector.matchLabels ?? {});
      const expressions = (selector.matchExpressions ?? []).length > 0;
      for (const c of this.classesByNamespace.get(namespace) ?? []) {
        const have = (this.classes[c] as PodClass).labels;
        let ok = true;
        for (const [k, v] of labels) {
          if (have[k] !== v) {
            ok = false;
            break;
          }
        }
        if (ok && (!expressions || selectorMatches(selector, have))) out.push(c);
      }
      hit = out.length === 0 ? EMPTY : Int32Array.from(out);
      this.selectorCache.set(key, hit);
    }
    return hit;
  }

  /** Classes a selector peer matches (AND of its namespace and pod selectors). */
  peerClasses(policy: NetPolicy, peer: PeerSpec): Int32Array {
    if (peer.invalid !== undefined || peer.ipBlock !== undefined) return EMPTY;
    if (peer.namespaceSelector === undefined) return this.podSelection(policy.namespace, peer.podSelector ?? {});
    const key = `n\u0000${JSON.stringify(peer.namespaceSelector)}\u0000${JSON.stringify(peer.podSelector ?? null)}`;
    let hit = this.selectorCache.get(key);
    if (hit === undefined) {
      const out: number[] = [];
      for (const ns of this.model.namespaces.values()) {
        if (!selectorMatches(peer.namespaceSelector, ns.labels)) continue;
        for (const c of this.podSelection(ns.name, peer.podSelector ?? {})) out.push(c);
      }
      hit = Int32Array.from(out.sort((a, b) => a - b));
      this.selectorCache.set(key, hit);
    }
    return hit;
  }

  /** Whether an ipBlock peer covers atom `a` (atoms refine every ipBlock, so testing one address is enough). */
  peerCoversAtom(peer: PeerSpec, a: number): boolean {
    const block = peer.ipBlock;
    if (block?.range === undefined || peer.invalid !== undefined) return false;
    const address = (this.atoms[a] as Interval).lo;
    if (address < block.range.lo || address > block.range.hi) return false;
    return !block.exceptRanges.some((e) => address >= e.lo && address <= e.hi);
  }

  private compileRule(policy: NetPolicy, rule: RuleSpec): CompiledRule {
    const C = this.classes.length;
    const A = this.atoms.length;
    const atomMask = new Uint8Array(A);
    const allPeers = rule.peers === 'all';
    let classes: Int32Array;
    if (rule.peers === 'all') {
      atomMask.fill(1);
      classes = this.allClasses();
    } else {
      // Peer class lists are sorted and unique: one list is used as is, several are merged.
      const lists: Int32Array[] = [];
      for (const peer of rule.peers) {
        if (peer.ipBlock !== undefined) {
          for (let a = 0; a < A; a++) if (this.peerCoversAtom(peer, a)) atomMask[a] = 1;
        } else {
          const list = this.peerClasses(policy, peer);
          if (list.length > 0) lists.push(list);
        }
      }
      if (lists.length === 0) classes = EMPTY;
      else if (lists.length === 1) classes = lists[0] as Int32Array;
      else {
        const mask = new Uint8Array(C);
        let n = 0;
        for (const list of lists) {
          for (const c of list) {
            if (mask[c] === 1) continue;
            mask[c] = 1;
            n++;
          }
        }
        classes = new Int32Array(n);
        for (let c = 0, i = 0; c < C; c++) if (mask[c] === 1) classes[i++] = c;
      }
    }
    let fixed = ConnSet.NONE;
    const named: { name: string; protocol: Protocol }[] = [];
    if (rule.ports === 'all') fixed = ConnSet.ALL;
    else {
      for (const p of rule.ports) {
        if (p.invalid !== undefined) continue;
        if (p.port === undefined) fixed = fixed.union(ConnSet.ports(p.protocol));
        else if (typeof p.port === 'number') fixed = fixed.union(ConnSet.ports(p.protocol, p.port, p.endPort ?? p.port));
        else named.push({ name: p.port, protocol: p.protocol });
      }
    }
    return { policy, rule, direction: rule.direction, allPeers, classes, atomMask, fixed: this.table.id(fixed), named };
  }

  /** 0..C-1, shared. */
  private allClasses(): Int32Array {
    if (this.allClassesCache === undefined) this.allClassesCache = Int32Array.from({ length: this.classes.length }, (_, i) => i);
    return this.allClassesCache;
  }

  /** The connections a rule's ports allow to a destination class (named ports resolved on it); -1 class = an external address. */
  resolvedPorts(rule: CompiledRule, dstClass: number): number {
    if (rule.named.length === 0 || dstClass < 0) return rule.fixed;
    let cache = this.resolvedCache.get(rule);
    if (cache === undefined) this.resolvedCache.set(rule, (cache = new Map()));
    let id = cache.get(dstClass);
    if (id === undefined) {
      let set = this.table.get(rule.fixed);
      const ports = (this.classes[dstClass] as PodClass).ports;
      for (const n of rule.named) for (const p of ports) if (p.name === n.name && p.protocol === n.protocol) set = set.union(ConnSet.ports(p.protocol, p.port));
      id = this.table.id(set);
      cache.set(dstClass, id);
    }
    return id;
  }

  /** Whether a rule's peers include class `c` (a rule without peers includes every class). */
  ruleCoversClass(rule: CompiledRule, c: number): boolean {
    return rule.allPeers || sortedHas(rule.classes, c);
  }

  /** What the ingress of class `d` admits from class `s` (id; 1 when `d` is not isolated for ingress). */
  ingressBetween(s: number, d: number): number {
    if ((this.isolating.ingress[d] as number[]).length === 0) return 1;
    let acc = 0;
    for (const rule of this.rulesOf.ingress[d] as CompiledRule[]) if (rule.allPeers || sortedHas(rule.classes, s)) acc = this.table.union(acc, this.resolvedPorts(rule, d));
    return acc;
  }

  /** What the egress of class `s` allows to class `d` (id; 1 when `s` is not isolated for egress). */
  egressBetween(s: number, d: number): number {
    if ((this.isolating.egress[s] as number[]).length === 0) return 1;
    let acc = 0;
    for (const rule of this.rulesOf.egress[s] as CompiledRule[]) if (rule.allPeers || sortedHas(rule.classes, d)) acc = this.table.union(acc, this.resolvedPorts(rule, d));
    return acc;
  }

  /** Final connections from class `s` to class `d` (id): one cell of the class matrix, without building it. */
  classConns(s: number, d: number): number {
    if (this.classMatrixCache !== undefined) return this.classMatrixCache.final[s * this.classes.length + d] as number;
    const ingress = this.ingressBetween(s, d);
    return ingress === 0 ? 0 : this.table.intersect(this.egressBetween(s, d), ingress);
  }

  /**
   * Per external atom, what class `c` admits from it (ingress) or may open to it (egress), as ids:
   * one row of extIn / extOut, computed from the rules selecting the class alone and kept.
   */
  externalRow(c: number, direction: Direction): Int32Array {
    const A = this.atoms.length;
    if (this.classMatrixCache !== undefined) {
      const m = direction === 'ingress' ? this.classMatrixCache.extIn : this.classMatrixCache.extOut;
      return m.subarray(c * A, c * A + A);
    }
    const rows = this.extRows[direction];
    let row = rows[c];
    if (row !== undefined) return row;
    row = new Int32Array(A);
    if ((this.isolating[direction][c] as number[]).length === 0) row.fill(1);
    else {
      const t = this.table;
      for (const rule of this.rulesOf[direction][c] as CompiledRule[]) {
        // Ports toward an external address: named ports never resolve there (the egress side);
        // for ingress, the destination is the class itself.
        const cid = direction === 'ingress' ? this.resolvedPorts(rule, c) : rule.fixed;
        if (cid === 0) continue;
        const mask = rule.atomMask;
        for (let a = 0; a < A; a++) if (mask[a] === 1) row[a] = t.union(row[a] as number, cid);
      }
    }
    rows[c] = row;
    return row;
  }

  /** Final connections between classes and to/from external atoms (computed once). */
  classMatrix(): { final: Int32Array; extIn: Int32Array; extOut: Int32Array } {
    if (this.classMatrixCache !== undefined) return this.classMatrixCache;
    const C = this.classes.length;
    const A = this.atoms.length;
    const t = this.table;
    // One C×C array. Ingress first: what a destination d admits from every class (1 when d is
    // not isolated, plus its rules without peers) stays in inBase[d]; what its rules admit from
    // listed peer classes is scattered into final[s*C + d], by source row, so that the egress
    // pass below reads and writes each source row contiguously.
    const final = new Int32Array(C * C);
    const inBase = new Int32Array(C);
    const extIn = new Int32Array(C * A);
    for (let d = 0; d < C; d++) {
      const abase = d * A;
      if ((this.isolating.ingress[d] as number[]).length === 0) {
        inBase[d] = 1;
        extIn.fill(1, abase, abase + A);
        continue;
      }
      for (const rule of this.rulesOf.ingress[d] as CompiledRule[]) {
        const cid = this.resolvedPorts(rule, d);
        if (cid === 0) continue;
        if (rule.allPeers) inBase[d] = t.union(inBase[d] as number, cid);
        else for (const s of rule.classes) final[s * C + d] = t.union(final[s * C + d] as number, cid);
        const mask = rule.atomMask;
        for (let a = 0; a < A; a++) if (mask[a] === 1) extIn[abase + a] = t.union(extIn[abase + a] as number, cid);
      }
    }
    // Egress by source row, intersected with the destination's ingress.
    const extOut = new Int32Array(C * A);
    const row = new Int32Array(C);
    for (let s = 0; s < C; s++) {
      const base = s * C;
      const abase = s * A;
      const egressIsolated = (this.isolating.egress[s] as number[]).length > 0;
      if (!egressIsolated) extOut.fill(1, abase, abase + A);
      else {
        row.fill(0);
        for (const rule of this.rulesOf.egress[s] as CompiledRule[]) {
          if (rule.named.length === 0) {
            const cid = rule.fixed;
            if (cid !== 0) {
              if (rule.allPeers) for (let d = 0; d < C; d++) row[d] = t.union(row[d] as number, cid);
              else for (const d of rule.classes) row[d] = t.union(row[d] as number, cid);
            }
          } else for (const d of rule.classes) row[d] = t.union(row[d] as number, this.resolvedPorts(rule, d));
          if (rule.fixed !== 0) for (let a = 0; a < A; a++) if (rule.atomMask[a] === 1) extOut[abase + a] = t.union(extOut[abase + a] as number, rule.fixed);
        }
      }
      for (let d = 0; d < C; d++) {
        const base_ = inBase[d] as number;
        const ingress = base_ === 1 ? 1 : t.union(base_, final[base + d] as number);
        final[base + d] = egressIsolated ? t.intersect(row[d] as number, ingress) : ingress;
      }
    }
    this.classMatrixCache = { final, extIn, extOut };
    return this.classMatrixCache;
  }

  /** Allowed connections between two pods (by index); loopback (a pod to itself) is always allowed. */
  podToPod(src: number, dst: number): ConnSet {
    if (src === dst) return ConnSet.ALL;
    return this.table.get(this.classConns(this.classOfPod[src] as number, this.classOfPod[dst] as number));
  }

  /** Allowed connections from a pod to an external address, and from the address to the pod. */
  podAndAddress(pod: number, address: number): { egress: ConnSet; ingress: ConnSet } {
    const c = this.classOfPod[pod] as number;
    const a = atomOf(this.atoms, address);
    return { egress: this.table.get(this.externalRow(c, 'egress')[a] as number), ingress: this.table.get(this.externalRow(c, 'ingress')[a] as number) };
  }

  /**
   * Every allowed connection as edges, at workload level (pods collapsed to their
   * owner, connections inside one workload left out) or pod level (loopback left
   * out). External addresses appear as the ranges of the ipBlock partition.
   */
  connections(level: Level = 'workload'): Edge[] {
    const names = level === 'workload' ? this.model.workloads.map((w) => w.id) : this.model.pods.map((p) => p.id);
    const edges: Edge[] = [];
    this.forEachConnection(level, (src, dst, id, outgoing) => {
      const conns = this.table.get(id);
      const peer = typeof dst === 'number' ? (names[dst] as string) : dst;
      edges.push(outgoing ? { src: names[src] as string, dst: peer, conns } : { src: peer, dst: names[src] as string, conns });
    });
    return edges.sort(compareEdges);
  }

  /**
   * The connections of `connections(level)`, visited one by one instead of collected (an estate
   * without policies has one between every two workloads): `src` and a numeric `dst` index the
   * workloads (or pods), a string `dst` is an external range (`outgoing` false: it is the source);
   * `id` is the connection set in `table`.
   */
  forEachConnection(level: Level, visit: (src: number, dst: number | string, id: number, outgoing: boolean) => void): void {
    const { final, extIn, extOut } = this.classMatrix();
    const C = this.classes.length;
    const A = this.atoms.length;
    const t = this.table;
    // Groups of classes: per workload, or per pod.
    const groups: number[][] = level === 'workload' ? this.model.workloads.map((w) => [...new Set(w.pods.map((p) => this.classOfPod[p] as number))]) : this.model.pods.map((p) => [this.classOfPod[p.index] as number]);
    const G = groups.length;
    const outIds = new Int32Array(A);
    const inIds = new Int32Array(A);
    for (let i = 0; i < G; i++) {
      const gi = groups[i] as number[];
      for (let j = 0; j < G; j++) {
        if (i === j) continue;
        let acc = 0;
        for (const a of gi) for (const b of groups[j] as number[]) acc = t.union(acc, final[a * C + b] as number);
        if (acc !== 0) visit(i, j, acc, true);
      }
      // External peers: adjacent partition ranges with the same connections are merged.
      for (let a = 0; a < A; a++) {
        let out = 0;
        let inn = 0;
        for (const c of gi) {
          out = t.union(out, extOut[c * A + a] as number);
          inn = t.union(inn, extIn[c * A + a] as number);
        }
        outIds[a] = out;
        inIds[a] = inn;
      }
      for (const [ids, outgoing] of [
        [outIds, true],
        [inIds, false],
      ] as const) {
        for (let a = 0; a < A; ) {
          const id = ids[a] as number;
          let b = a;
          while (b + 1 < A && ids[b + 1] === id) b++;
          if (id !== 0) visit(i, `${formatInterval({ lo: (this.atoms[a] as Interval).lo, hi: (this.atoms[b] as Interval).hi })}[External]`, id, outgoing);
          a = b + 1;
        }
      }
    }
  }

  /** The ranges (merged) of external addresses a class may receive from / send to with at least `conns`. */
  externalRanges(classIndex: number, direction: Direction): { range: string; conns: ConnSet }[] {
    const row = this.externalRow(classIndex, direction);
    const A = this.atoms.length;
    const byConn = new Map<number, Interval[]>();
    for (let a = 0; a < A; a++) {
      const id = row[a] as number;
      if (id === 0) continue;
      let list = byConn.get(id);
      if (list === undefined) byConn.set(id, (list = []));
      list.push(this.atoms[a] as Interval);
    }
    const out: { range: string; conns: ConnSet }[] = [];
    for (const [id, list] of byConn) for (const iv of mergeIntervals(list)) out.push({ range: formatInterval(iv), conns: this.table.get(id) });
    return out.sort((x, y) => (x.range < y.range ? -1 : 1));
  }
}

export function compareEdges(a: Edge, b: Edge): number {
  if (a.src !== b.src) return a.src < b.src ? -1 : 1;
  if (a.dst !== b.dst) return a.dst < b.dst ? -1 : 1;
  return 0;
}
