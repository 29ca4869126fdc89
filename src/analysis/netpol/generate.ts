/**
 * Generated NetworkPolicies: for each chosen namespace a default deny (ingress and
 * egress) and DNS egress to kube-dns, plus, for every intended flow the user lists,
 * the egress rule at the source and the ingress rule at the destination that keep
 * it working. Flows name workloads (`ns/name`), Services (`ns/svc/name`: the
 * Service's selector and target ports), or addresses outside the cluster (a CIDR,
 * or `internet` = 0.0.0.0/0).
 *
 * The result is then checked by the engine itself (verifyGenerated): each flow
 * must be allowed, and anything else the chosen namespaces still allow is listed.
 */
import { selectorMatches, type LabelSelector } from '../../core/inventory.js';
import type { KubeObject } from '../../core/resource.js';
import { isRecord } from '../../core/path.js';
import { ConnSet, isProtocol, type Protocol } from './conns.js';
import type { Edge, NetpolEngine } from './engine.js';
import { explainReach, type Endpoint } from './explain.js';
import { parseCIDR } from './ipv4.js';
import { NAMESPACE_NAME_LABEL, type NetPod, type NetWorkload } from './model.js';

/** Labels that tell pods of one workload apart, or change with every rollout: never used in generated selectors. */
const NON_IDENTITY_LABELS = new Set(['pod-template-hash', 'controller-revision-hash', 'pod-template-generation', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'batch.kubernetes.io/job-completion-index', 'controller-uid', 'batch.kubernetes.io/controller-uid', 'job-name', 'batch.kubernetes.io/job-name']);

export interface FlowPort {
  readonly protocol: Protocol;
  /** A number, or a named port of the destination pods. */
  readonly port: number | string;
  readonly endPort?: number;
}

export type FlowEnd =
  | { readonly type: 'workload'; readonly workload: NetWorkload }
  | { readonly type: 'service'; readonly namespace: string; readonly name: string; readonly selector: Readonly<Record<string, string>>; readonly ports: readonly FlowPort[] }
  | { readonly type: 'cidr'; readonly cidr: string };

export interface Flow {
  readonly text: string;
  readonly from: FlowEnd;
  readonly to: FlowEnd;
  /** Empty: every port (or the Service's target ports). */
  readonly ports: readonly FlowPort[];
}

export interface GenerateOptions {
  readonly namespaces: readonly string[];
  readonly flows: readonly Flow[];
  /** Allow DNS egress to kube-dns (default true). */
  readonly dns?: boolean;
  readonly dnsNamespace?: string;
  readonly dnsLabels?: Readonly<Record<string, string>>;
}

export class FlowError extends Error {}

function endName(end: FlowEnd): string {
  return end.type === 'workload' ? end.workload.id : end.type === 'service' ? `${end.namespace}/svc/${end.name}` : end.cidr;
}

function endNamespace(end: FlowEnd): string | undefined {
  return end.type === 'workload' ? end.workload.namespace : end.type === 'service' ? end.namespace : undefined;
}

/** Labels shared by every pod of the workload, without per-pod and per-rollout labels. */
export function workloadSelector(engine: NetpolEngine, workload: NetWorkload): Record<string, string> {
  const pods = workload.pods.map((i) => engine.model.pods[i] as NetPod);
  const first = pods[0];
  if (first === undefined) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(first.labels)) {
    if (NON_IDENTITY_LABELS.has(k)) continue;
    if (pods.every((p) => p.labels[k] === v)) out[k] = v;
  }
  return out;
}

function selectorOf(engine: NetpolEngine, end: FlowEnd): Record<string, string> {
  if (end.type === 'workload') return workloadSelector(engine, end.workload);
  if (end.type === 'service') return { ...end.selector };
  return {};
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/\[[^\]]*\]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** A short name for a flow end in a policy name: the workload or Service name, `internet`, or the CIDR. */
function endSlug(end: FlowEnd): string {
  if (end.type === 'cidr') return end.cidr === '0.0.0.0/0' ? 'internet' : slug(end.cidr.replace(/[./]/g, '-'));
  return slug(end.type === 'workload' ? end.workload.name : end.name);
}

function portsOf(flow: Flow): FlowPort[] {
  if (flow.ports.length > 0) return [...flow.ports];
  if (flow.to.type === 'service') return [...flow.to.ports];
  return [];
}

function portsYaml(ports: readonly FlowPort[]): Record<string, unknown>[] | undefined {
  if (ports.length === 0) return undefined;
  return ports.map((p) => ({ protocol: p.protocol, port: p.port, ...(p.endPort === undefined ? {} : { endPort: p.endPort }) }));
}

/** The peer that selects `end` from a policy in namespace `from`. */
function peerFor(engine: NetpolEngine, end: FlowEnd, policyNamespace: string): Record<string, unknown> {
  if (end.type === 'cidr') return { ipBlock: { cidr: end.cidr } };
  const ns = endNamespace(end) as string;
  const podSelector = { matchLabels: selectorOf(engine, end) };
  return ns === policyNamespace ? { podSelector } : { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } }, podSelector };
}

function policy(name: string, namespace: string, spec: Record<string, unknown>, description: string): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `kubefort-${name}`, namespace, labels: { 'app.kubernetes.io/managed-by': 'kubefort' }, annotations: { 'kubefort.io/generated': description } },
    spec,
  };
}

/** The policies for the chosen namespaces and flows, in a stable order. */
export function generatePolicies(engine: NetpolEngine, options: GenerateOptions): KubeObject[] {
  const chosen = new Set(options.namespaces);
  const out: KubeObject[] = [];
  const dnsNamespace = options.dnsNamespace ?? 'kube-system';
  const dnsLabels = options.dnsLabels ?? { 'k8s-app': 'kube-dns' };
  for (const ns of [...chosen].sort()) {
    out.push(policy('default-deny', ns, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }, 'default deny: every pod of the namespace is isolated for ingress and egress'));
    if (options.dns !== false) {
      out.push(
        policy(
          'allow-dns',
          ns,
          {
            podSelector: {},
            policyTypes: ['Egress'],
            egress: [
              {
                to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: dnsNamespace } }, podSelector: { matchLabels: { ...dnsLabels } } }],
                ports: [
                  { protocol: 'UDP', port: 53 },
                  { protocol: 'TCP', port: 53 },
                ],
              },
            ],
          },
          `DNS: egress to ${dnsNamespace} pods ${Object.entries(dnsLabels).map(([k, v]) => `${k}=${v}`).join(',')} on UDP and TCP 53`,
        ),
      );
    }
  }
  const names = new Set<string>();
  const unique = (base: string, ns: string): string => {
    let name = base;
    for (let i = 2; names.has(`${ns}/${name}`); i++) name = `${base}-${i}`;
    names.add(`${ns}/${name}`);
    return name;
  };
  for (const flow of options.flows) {
    const ports = portsYaml(portsOf(flow));
    const fromNs = endNamespace(flow.from);
    const toNs = endNamespace(flow.to);
    const what = `${endName(flow.from)} => ${endName(flow.to)}${ports === undefined ? '' : ` on ${portsOf(flow).map((p) => `${p.port}${p.endPort === undefined ? '' : `-${p.endPort}`}/${p.protocol}`).join(', ')}`}`;
    if (fromNs !== undefined && chosen.has(fromNs)) {
      const name = unique(`allow-egress-${endSlug(flow.from)}-to-${endSlug(flow.to)}`, fromNs);
      out.push(
        policy(name, fromNs, { podSelector: { matchLabels: selectorOf(engine, flow.from) }, policyTypes: ['Egress'], egress: [{ to: [peerFor(engine, flow.to, fromNs)], ...(ports === undefined ? {} : { ports }) }] }, `flow ${what} (source side)`),
      );
    }
    if (toNs !== undefined && chosen.has(toNs)) {
      const name = unique(`allow-ingress-${endSlug(flow.to)}-from-${endSlug(flow.from)}`, toNs);
      out.push(
        policy(name, toNs, { podSelector: { matchLabels: selectorOf(engine, flow.to) }, policyTypes: ['Ingress'], ingress: [{ from: [peerFor(engine, flow.from, toNs)], ...(ports === undefined ? {} : { ports }) }] }, `flow ${what} (destination side)`),
      );
    }
  }
  return out;
}

/** Parses `PORT[/PROTO]`, `LO-HI[/PROTO]` or `NAME[/PROTO]`, comma-separated. */
export function parseFlowPorts(text: string): FlowPort[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const [portText = '', protoText = 'TCP'] = part.trim().split('/');
    const protocol = protoText.toUpperCase();
    if (!isProtocol(protocol)) throw new FlowError(`unknown protocol "${protoText}" in "${text}"`);
    const range = /^(\d+)(?:-(\d+))?$/.exec(portText);
    if (range !== null) {
      const lo = Number(range[1]);
      const hi = range[2] === undefined ? undefined : Number(range[2]);
      if (lo < 1 || lo > 65535 || (hi !== undefined && (hi < lo || hi > 65535))) throw new FlowError(`port out of range in "${text}"`);
      return hi === undefined ? { protocol, port: lo } : { protocol, port: lo, endPort: hi };
    }
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(portText) || portText.length > 15) throw new FlowError(`"${portText}" is neither a port number nor a port name`);
    return { protocol, port: portText };
  });
}

/**
 * Parses one flow: `FROM>TO[:PORTS]` where FROM and TO are `ns/name` (a workload),
 * `ns/svc/name` (a Service), a CIDR or `internet`; PORTS as in parseFlowPorts.
 */
export function parseFlow(text: string, engine: NetpolEngine, services: readonly KubeObject[]): Flow {
  const m = /^\s*([^>\s]+)\s*>\s*([^:\s]+)(?::(\S*))?\s*$/.exec(text);
  if (m === null) throw new FlowError(`flow "${text}": use FROM>TO[:PORTS], e.g. shop/frontend>shop/backend:8443/TCP`);
  const resolve = (t: string): FlowEnd => {
    if (t === 'internet' || t === 'world') return { type: 'cidr', cidr: '0.0.0.0/0' };
    if (/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(t)) {
      const cidr = t.includes('/') ? t : `${t}/32`;
      if (parseCIDR(cidr) === undefined) throw new FlowError(`"${t}" is not a valid IPv4 CIDR`);
      return { type: 'cidr', cidr };
    }
    const parts = t.split('/');
    if (parts.length === 3 && (parts[1] === 'svc' || parts[1] === 'service')) {
      const [ns, , name] = parts as [string, string, string];
      const svc = services.find((s) => (s.metadata.namespace ?? 'default') === ns && s.metadata.name === name);
      if (svc === undefined) throw new FlowError(`no Service ${ns}/${name} in the input`);
      const spec = isRecord(svc.spec) ? svc.spec : {};
      const selector = isRecord(spec.selector) ? (spec.selector as Record<string, string>) : undefined;
      if (selector === undefined || Object.keys(selector).length === 0) throw new FlowError(`Service ${ns}/${name} has no selector: name its pods' workload instead`);
      const ports: FlowPort[] = [];
      for (const p of Array.isArray(spec.ports) ? (spec.ports as unknown[]) : []) {
        if (!isRecord(p)) continue;
        const protocol = typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'TCP';
        if (!isProtocol(protocol)) continue;
        const target = p.targetPort ?? p.port;
        if (typeof target === 'number' || typeof target === 'string') ports.push({ protocol, port: typeof target === 'string' && /^\d+$/.test(target) ? Number(target) : target });
      }
      return { type: 'service', namespace: ns, name, selector, ports };
    }
    const [ns, name] = parts.length === 1 ? ['default', parts[0] as string] : [parts[0] as string, parts.slice(1).join('/')];
    const bare = name.replace(/\[[^\]]*\]$/, '');
    const found = engine.model.workloads.filter((w) => w.namespace === ns && (w.name === bare || w.id === t));
    if (found.length === 0) throw new FlowError(`no workload ${ns}/${bare} in the input`);
    if (found.length > 1) throw new FlowError(`"${t}" is ambiguous: ${found.map((w) => w.id).join(', ')}`);
    return { type: 'workload', workload: found[0] as NetWorkload };
  };
  const from = resolve(m[1] as string);
  const to = resolve(m[2] as string);
  if (from.type === 'cidr' && to.type === 'cidr') throw new FlowError(`flow "${text}": one end must be in the cluster`);
  return { text: text.trim(), from, to, ports: parseFlowPorts(m[3] ?? '') };
}

export interface FlowVerdict {
  readonly flow: string;
  readonly allowed: ConnSet;
  /** True when everything the flow asks for is allowed. */
  readonly ok: boolean;
  readonly missing: ConnSet;
}

/** What a flow asks for, in connections (named ports resolved on the destination's pods). */
export function flowConns(engine: NetpolEngine, flow: Flow): ConnSet {
  const ports = portsOf(flow);
  if (ports.length === 0) return ConnSet.ALL;
  const to = flow.to;
  const dstPods =
    to.type === 'workload'
      ? (engine.model.workloads.find((w) => w.id === to.workload.id)?.pods ?? []).map((i) => engine.model.pods[i] as NetPod)
      : to.type === 'service'
        ? engine.model.pods.filter((p) => p.namespace === to.namespace && selectorMatches({ matchLabels: to.selector }, p.labels))
        : [];
  let set = ConnSet.NONE;
  for (const p of ports) {
    if (typeof p.port === 'number') set = set.union(ConnSet.ports(p.protocol, p.port, p.endPort ?? p.port));
    else for (const pod of dstPods) for (const cp of pod.ports) if (cp.name === p.port && cp.protocol === p.protocol) set = set.union(ConnSet.ports(p.protocol, cp.port));
  }
  return set;
}

/** The workloads standing for a flow end in an engine (by id, so it works on the engine built with the generated policies). */
function endpoints(engine: NetpolEngine, end: FlowEnd): Endpoint[] {
  if (end.type === 'cidr') {
    const range = parseCIDR(end.cidr);
    return range === undefined ? [] : [{ type: 'address', address: range.lo }];
  }
  if (end.type === 'workload') {
    const w = engine.model.workloads.find((x) => x.id === end.workload.id);
    return w === undefined ? [] : [{ type: 'workload', workload: w }];
  }
  const selector: LabelSelector = { matchLabels: end.selector };
  return engine.model.workloads
    .filter((w) => w.namespace === end.namespace && w.pods.some((i) => selectorMatches(selector, (engine.model.pods[i] as NetPod).labels)))
    .map((w) => ({ type: 'workload', workload: w }) as const);
}

export interface Verification {
  readonly flows: readonly FlowVerdict[];
  /** Every connection into or out of the chosen namespaces once the policies apply. */
  readonly allowed: readonly Edge[];
}

/** Checks generated policies with the engine: `after` is built from the input plus the generated policies. */
export function verifyGenerated(after: NetpolEngine, options: GenerateOptions): Verification {
  const flows: FlowVerdict[] = options.flows.map((flow) => {
    const wanted = flowConns(after, flow);
    let allowed = ConnSet.NONE;
    let ok = true;
    let missing = ConnSet.NONE;
    const froms = endpoints(after, flow.from);
    const tos = endpoints(after, flow.to);
    if (froms.length === 0 || tos.length === 0 || wanted.isEmpty) ok = false;
    for (const f of froms) {
      for (const t of tos) {
        const r = explainReach(after, f, t, wanted);
        allowed = allowed.union(r.allowed);
        if (!r.allowed.equals(wanted)) {
          ok = false;
          missing = missing.union(wanted.subtract(r.allowed));
        }
      }
    }
    return { flow: flow.text, allowed, ok, missing: wanted.isEmpty ? ConnSet.NONE : missing };
  });
  const chosen = new Set(options.namespaces);
  const inChosen = (name: string): boolean => chosen.has(name.split('/')[0] ?? '');
  const allowed = after.connections('workload').filter((e) => inChosen(e.src) || inChosen(e.dst));
  return { flows, allowed };
}

export { endName as flowEndName };
