/**
 * Why a connection is allowed or denied: for the source's egress and the
 * destination's ingress, whether the pod is isolated, by which policies, and
 * for every rule of those policies whether a peer matches and which ports it opens.
 */
import { selectorMatches } from '../../core/inventory.js';
import { formatPath } from '../../core/path.js';
import { ConnSet } from './conns.js';
import type { CompiledRule, NetpolEngine } from './engine.js';
import { atomOf, formatIPv4 } from './ipv4.js';
import { formatSelector, isEmptySelector, type Direction, type NetPod, type NetPolicy, type NetWorkload, type PeerSpec } from './model.js';

/** One end of a connection: a workload (all its pods), a single pod, or an address outside the cluster. */
export type Endpoint = { readonly type: 'workload'; readonly workload: NetWorkload } | { readonly type: 'pod'; readonly pod: NetPod } | { readonly type: 'address'; readonly address: number };

export interface RuleVerdict {
  readonly policy: string;
  /** `spec.ingress[0]`. */
  readonly rule: string;
  /** The rule's ports as written, e.g. `TCP/http, UDP 53`, or `all ports`. */
  readonly portsWritten: string;
  /** What the rule opens toward this destination (named ports resolved). */
  readonly ports: ConnSet;
  /** The peer that matched (`spec.ingress[0].from[1]: …`), `every peer` for a rule without from/to, or undefined. */
  readonly matchedPeer?: string;
  /** Why no peer matched, one reason per peer. */
  readonly mismatches: readonly string[];
  /** ports when a peer matched, else nothing. */
  readonly allows: ConnSet;
}

export interface DirectionVerdict {
  readonly direction: Direction;
  /** The pod (or address) whose policies decide this direction. */
  readonly subject: string;
  readonly isolated: boolean;
  /** Policies isolating the subject in this direction (`ns/name`). */
  readonly policies: readonly string[];
  readonly rules: readonly RuleVerdict[];
  /** All connections this direction allows for the pair. */
  readonly allowed: ConnSet;
  readonly note?: string;
}

export interface PairExplanation {
  readonly src: string;
  readonly dst: string;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
  readonly allowed: ConnSet;
  readonly warnings: readonly string[];
}

export type Verdict = 'allowed' | 'denied' | 'partial';

export interface ReachExplanation {
  readonly from: string;
  readonly to: string;
  /** The connections asked about (`--port 443/TCP`); undefined = any. */
  readonly query?: ConnSet;
  /** What is allowed (within the query), union over the pods of the two ends. */
  readonly allowed: ConnSet;
  readonly verdict: Verdict;
  readonly pairs: readonly PairExplanation[];
}

interface Side {
  readonly name: string;
  readonly pod?: NetPod;
  readonly cls: number;
  readonly address?: number;
}

function sides(engine: NetpolEngine, endpoint: Endpoint): Side[] {
  switch (endpoint.type) {
    case 'address':
      return [{ name: formatIPv4(endpoint.address), cls: -1, address: endpoint.address }];
    case 'pod':
      return [{ name: endpoint.pod.id, pod: endpoint.pod, cls: engine.classOfPod[endpoint.pod.index] as number }];
    case 'workload': {
      // One pod per class is enough: pods of a class behave identically.
      const seen = new Set<number>();
      const out: Side[] = [];
      for (const p of endpoint.workload.pods) {
        const pod = engine.model.pods[p] as NetPod;
        const cls = engine.classOfPod[p] as number;
        if (seen.has(cls)) continue;
        seen.add(cls);
        out.push({ name: pod.id, pod, cls });
      }
      return out;
    }
  }
}

export function endpointName(endpoint: Endpoint): string {
  return endpoint.type === 'workload' ? endpoint.workload.id : endpoint.type === 'pod' ? endpoint.pod.id : formatIPv4(endpoint.address);
}

function describePeer(policy: NetPolicy, peer: PeerSpec): string {
  if (peer.ipBlock !== undefined) return `ipBlock ${peer.ipBlock.cidr}${peer.ipBlock.except.length > 0 ? ` except ${peer.ipBlock.except.join(', ')}` : ''}`;
  const parts: string[] = [];
  if (peer.namespaceSelector !== undefined) parts.push(isEmptySelector(peer.namespaceSelector) ? 'namespaceSelector {} (every namespace)' : `namespaceSelector ${formatSelector(peer.namespaceSelector)}`);
  else parts.push(`namespace ${policy.namespace}`);
  if (peer.podSelector !== undefined) parts.push(isEmptySelector(peer.podSelector) ? 'podSelector {} (every pod)' : `podSelector ${formatSelector(peer.podSelector)}`);
  return parts.join(' AND ');
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}=${v}`).join(',')}}`;
}

/** Why `peer` does not match the other side. */
function peerMismatch(engine: NetpolEngine, policy: NetPolicy, peer: PeerSpec, other: Side): string {
  if (peer.invalid !== undefined) return `${describePeer(policy, peer)} is invalid (${peer.invalid})`;
  if (other.address !== undefined) {
    if (peer.ipBlock === undefined) return `${describePeer(policy, peer)} selects pods, not addresses outside the cluster`;
    return `${describePeer(policy, peer)} does not contain ${formatIPv4(other.address)}`;
  }
  const pod = other.pod as NetPod;
  if (peer.ipBlock !== undefined) return `${describePeer(policy, peer)} is for addresses outside the cluster; it does not select pods (some plugins, Calico among them, also match pod IPs against ipBlocks: implementation-defined)`;
  const ns = engine.model.namespaces.get(pod.namespace);
  const nsLabels = ns?.labels ?? {};
  const nsOk = peer.namespaceSelector === undefined ? pod.namespace === policy.namespace : selectorMatches(peer.namespaceSelector, nsLabels);
  const podOk = selectorMatches(peer.podSelector ?? {}, pod.labels);
  const reasons: string[] = [];
  if (!nsOk) {
    reasons.push(
      peer.namespaceSelector === undefined
        ? `without a namespaceSelector it selects only pods of namespace ${policy.namespace}, and ${pod.id} is in ${pod.namespace}`
        : `namespace ${pod.namespace} ${formatLabels(nsLabels)} does not match the namespaceSelector${ns?.declared === false ? ' (the namespace is not declared in the input: it has only its kubernetes.io/metadata.name label)' : ''}`,
    );
  }
  if (!podOk) reasons.push(`pod labels ${formatLabels(pod.labels)} do not match the podSelector`);
  if (nsOk && podOk) reasons.push('matches'); // not reached: callers only ask for mismatches
  return `${describePeer(policy, peer)}: ${reasons.join('; ')}${!nsOk && podOk && peer.namespaceSelector !== undefined && peer.podSelector !== undefined ? ' (namespaceSelector and podSelector in ONE peer are ANDed)' : ''}`;
}

function portsWritten(rule: CompiledRule): string {
  if (rule.rule.ports === 'all') return 'all ports';
  return rule.rule.ports
    .map((p) => {
      if (p.invalid !== undefined) return `${p.protocol} ${String(p.port ?? '')} (invalid: ${p.invalid})`.replace('  ', ' ');
      if (p.port === undefined) return `${p.protocol} all ports`;
      if (typeof p.port === 'string') return `${p.protocol}/${p.port} (named port)`;
      return `${p.protocol} ${p.port}${p.endPort !== undefined ? `-${p.endPort}` : ''}`;
    })
    .join(', ');
}

function ruleVerdict(engine: NetpolEngine, rule: CompiledRule, other: Side, dstCls: number): RuleVerdict {
  const ports = engine.table.get(engine.resolvedPorts(rule, dstCls));
  const name = formatPath(rule.rule.path);
  const base = { policy: rule.policy.id, rule: name, portsWritten: portsWritten(rule), ports };
  if (rule.allPeers) return { ...base, matchedPeer: `every peer (no ${rule.direction === 'ingress' ? 'from' : 'to'})`, mismatches: [], allows: ports };
  const peers = rule.rule.peers === 'all' ? [] : rule.rule.peers;
  const field = rule.direction === 'ingress' ? 'from' : 'to';
  for (const peer of peers) {
    const matches =
      other.address !== undefined
        ? peer.ipBlock !== undefined && engine.peerCoversAtom(peer, atomOf(engine.atoms, other.address))
        : peer.ipBlock === undefined && engine.peerClasses(rule.policy, peer).includes(other.cls);
    if (matches) return { ...base, matchedPeer: `${name}.${field}[${peer.index}]: ${describePeer(rule.policy, peer)}`, mismatches: [], allows: ports };
  }
  return { ...base, mismatches: peers.map((p) => `${name}.${field}[${p.index}] ${peerMismatch(engine, rule.policy, p, other)}`), allows: ConnSet.NONE };
}

function directionVerdict(engine: NetpolEngine, direction: Direction, subject: Side, other: Side, dstCls: number): DirectionVerdict {
  if (subject.address !== undefined) {
    return { direction, subject: subject.name, isolated: false, policies: [], rules: [], allowed: ConnSet.ALL, note: 'addresses outside the cluster are not subject to NetworkPolicy' };
  }
  const policies = (engine.isolating[direction][subject.cls] as number[]).map((i) => (engine.model.policies[i] as NetPolicy).id);
  if (policies.length === 0) {
    return {
      direction,
      subject: subject.name,
      isolated: false,
      policies,
      rules: [],
      allowed: ConnSet.ALL,
      note: `not isolated for ${direction}: no NetworkPolicy with ${direction === 'ingress' ? 'Ingress' : 'Egress'} in its policyTypes selects it`,
    };
  }
  const rules = (engine.rulesOf[direction][subject.cls] as CompiledRule[]).map((r) => ruleVerdict(engine, r, other, dstCls));
  const allowed = rules.reduce((acc, r) => acc.union(r.allows), ConnSet.NONE);
  const noRules = policies.filter((id) => !rules.some((r) => r.policy === id));
  const note = noRules.length > 0 ? `${noRules.join(', ')} ${noRules.length === 1 ? 'has' : 'have'} no ${direction} rules (deny all ${direction})` : undefined;
  return note === undefined ? { direction, subject: subject.name, isolated: true, policies, rules, allowed } : { direction, subject: subject.name, isolated: true, policies, rules, allowed, note };
}

/** Explains whether `from` can reach `to` (on `query`, or at all). */
export function explainReach(engine: NetpolEngine, from: Endpoint, to: Endpoint, query?: ConnSet): ReachExplanation {
  const pairs: PairExplanation[] = [];
  for (const s of sides(engine, from)) {
    for (const d of sides(engine, to)) {
      if (s.pod !== undefined && s.pod === d.pod) continue;
      const egress = directionVerdict(engine, 'egress', s, d, d.cls);
      const ingress = directionVerdict(engine, 'ingress', d, s, d.cls);
      const warnings: string[] = [];
      for (const side of [s, d]) if (side.pod?.hostNetwork === true) warnings.push(`${side.name} uses hostNetwork: NetworkPolicy enforcement for it is implementation-defined`);
      if (s.address !== undefined && d.address !== undefined) warnings.push('both ends are outside the cluster: NetworkPolicy does not apply');
      pairs.push({ src: s.name, dst: d.name, egress, ingress, allowed: egress.allowed.intersect(ingress.allowed), warnings });
    }
  }
  let allowed = pairs.reduce((acc, p) => acc.union(p.allowed), ConnSet.NONE);
  if (query !== undefined) allowed = allowed.intersect(query);
  const verdict: Verdict = allowed.isEmpty ? 'denied' : query === undefined || allowed.equals(query) ? 'allowed' : 'partial';
  const base = { from: endpointName(from), to: endpointName(to), allowed, verdict, pairs };
  return query === undefined ? base : { ...base, query };
}

function directionLines(v: DirectionVerdict, query: ConnSet | undefined): string[] {
  const within = query === undefined ? v.allowed : v.allowed.intersect(query);
  const ok = query === undefined ? !within.isEmpty : within.equals(query);
  const head = `${v.direction === 'egress' ? 'egress ' : 'ingress'} of ${v.subject}: ${ok ? 'allows' : within.isEmpty ? 'DENIES' : 'partly allows'} ${query === undefined ? v.allowed.toString() : within.isEmpty ? query.toString() : within.toString()}`;
  const lines = [head];
  if (!v.isolated) {
    lines.push(`    ${v.note ?? 'not isolated'}`);
    return lines;
  }
  lines.push(`    isolated for ${v.direction} by ${v.policies.join(', ')}`);
  if (v.note !== undefined) lines.push(`    ${v.note}`);
  for (const r of v.rules) {
    if (r.matchedPeer !== undefined) {
      const relevant = query === undefined ? r.allows : r.allows.intersect(query);
      const mark = relevant.isEmpty ? '✗' : '✓';
      lines.push(`    ${mark} ${r.policy} ${r.rule}: peer matches (${r.matchedPeer}); ports ${r.portsWritten} → ${r.ports.isEmpty ? 'nothing on this destination' : r.ports.toString()}${relevant.isEmpty && query !== undefined ? `, not ${query.toString()}` : ''}`);
    } else {
      lines.push(`    ✗ ${r.policy} ${r.rule}: no peer matches`);
      for (const m of r.mismatches) lines.push(`        ${m}`);
    }
  }
  if (!ok) lines.push(`    ⇒ ${v.direction} denied: ${v.subject} is isolated for ${v.direction} and no ${v.direction} rule ${query === undefined ? 'allows this pair' : `allows ${query.subtract(within).toString()}`}`);
  return lines;
}

/** Human-readable explanation. */
export function formatReach(r: ReachExplanation): string {
  const what = r.query === undefined ? '' : ` on ${r.query.toString()}`;
  const verdict = r.verdict === 'allowed' ? 'ALLOWED' : r.verdict === 'denied' ? 'DENIED' : 'PARTLY ALLOWED';
  const lines = [`${r.from} => ${r.to}${what}: ${verdict}${r.verdict !== 'denied' ? ` (${r.allowed.toString()})` : ''}`];
  for (const p of r.pairs) {
    if (r.pairs.length > 1) lines.push(`  pods ${p.src} => ${p.dst}: ${p.allowed.isEmpty ? 'no connections' : p.allowed.toString()}`);
    for (const l of [...directionLines(p.egress, r.query), ...directionLines(p.ingress, r.query)]) lines.push(`  ${l}`);
    for (const w of p.warnings) lines.push(`  warning: ${w}`);
  }
  if (r.pairs.length === 0) lines.push('  (no pod pair to evaluate: the two ends are the same pod)');
  return `${lines.join('\n')}\n`;
}

/** Plain data for `-o json`. */
export function reachToJSON(r: ReachExplanation): unknown {
  const dir = (v: DirectionVerdict) => ({
    subject: v.subject,
    isolated: v.isolated,
    policies: v.policies,
    allowed: v.allowed.toString(),
    ...(v.note === undefined ? {} : { note: v.note }),
    rules: v.rules.map((x) => ({
      policy: x.policy,
      rule: x.rule,
      ports: x.portsWritten,
      resolvedPorts: x.ports.toString(),
      matchedPeer: x.matchedPeer ?? null,
      mismatches: x.mismatches,
      allows: x.allows.toString(),
    })),
  });
  return {
    apiVersion: 'kubefort.io/v1alpha1',
    kind: 'NetpolReach',
    from: r.from,
    to: r.to,
    query: r.query?.toString() ?? null,
    verdict: r.verdict,
    allowed: r.allowed.toString(),
    pairs: r.pairs.map((p) => ({ src: p.src, dst: p.dst, allowed: p.allowed.toString(), egress: dir(p.egress), ingress: dir(p.ingress), warnings: p.warnings })),
  };
}
