/**
 * The network model NetworkPolicy semantics work on, read from an Inventory:
 * namespaces with their labels, pods (real Pods, or the pod templates of workloads)
 * with labels and container ports, the workloads they collapse to, and the
 * `networking.k8s.io/v1` NetworkPolicies, parsed once into typed rules.
 */
import type { Inventory, LabelSelector } from '../../core/inventory.js';
import { formatPath, isRecord, type JsonPath } from '../../core/path.js';
import { podMetaShape, podSpecShape, type PodMeta, type PodSpec } from '../../core/k8s.js';
import type { Resource } from '../../core/resource.js';
import { containerViews, POD_SPEC_PATHS, type ContainerView } from '../../core/workloads.js';
import { arr, intOrStr, num, obj, record, str } from '../../core/shape.js';
import { isProtocol, type Protocol } from './conns.js';
import { isIPv6, parseCIDR, type Interval } from './ipv4.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const DEFAULT_NAMESPACE = 'default';

export interface NetNamespace {
  readonly name: string;
  /** Labels as the API server holds them: declared labels plus `kubernetes.io/metadata.name`. */
  readonly labels: Readonly<Record<string, string>>;
  /** False for a namespace only referenced by objects: it gets the name label only. */
  readonly declared: boolean;
  readonly resource?: Resource;
}

export interface ContainerPortInfo {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

export interface NetPod {
  readonly index: number;
  /** Pod-level name: `ns/name` for a Pod, `ns/name[Kind]` for a workload's pod template. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly ContainerPortInfo[];
  readonly workload: number;
  readonly resource: Resource;
  /** Where the pod's labels sit in the resource (for findings). */
  readonly labelsPath: JsonPath;
  /** A pod template standing for the workload's pods, not a Pod object. */
  readonly template: boolean;
  /** hostNetwork pods use the node's addresses: NetworkPolicy does not reliably apply to them. */
  readonly hostNetwork: boolean;
}

export interface NetWorkload {
  readonly index: number;
  /** `ns/name[Kind]`, pods collapsed to their top owner; a Pod without owner is `ns/name[Pod]`. */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly pods: readonly number[];
  /** The workload object when it is in the inventory. */
  readonly resource?: Resource;
}

export interface PeerSpec {
  readonly index: number;
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except: readonly string[]; readonly range?: Interval; readonly exceptRanges: readonly Interval[]; readonly ipv6: boolean };
  /** Why the API server would reject this peer (it then selects nothing here). */
  readonly invalid?: string;
}

export interface PortSpec {
  readonly index: number;
  readonly protocol: Protocol;
  /** Undefined: every port of the protocol. */
  readonly port?: number | string;
  readonly endPort?: number;
  readonly invalid?: string;
}

export type Direction = 'ingress' | 'egress';

export interface RuleSpec {
  readonly index: number;
  readonly direction: Direction;
  /** `all`: `from`/`to` missing or empty, every peer (all pods and all addresses). */
  readonly peers: readonly PeerSpec[] | 'all';
  /** `all`: `ports` missing or empty, every port and protocol. */
  readonly ports: readonly PortSpec[] | 'all';
  readonly path: JsonPath;
}

export interface NetPolicy {
  readonly index: number;
  /** `ns/name`. */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly resource: Resource;
  readonly podSelector: LabelSelector;
  readonly ingress: readonly RuleSpec[];
  readonly egress: readonly RuleSpec[];
  /** Effective policyTypes: explicit, or Ingress plus Egress when `egress` has rules. */
  readonly types: { readonly ingress: boolean; readonly egress: boolean };
  readonly policyTypesExplicit: boolean;
}

export interface ModelWarning {
  readonly message: string;
  readonly resource?: Resource;
  readonly path?: JsonPath;
}

export interface NetworkModel {
  readonly namespaces: ReadonlyMap<string, NetNamespace>;
  readonly pods: readonly NetPod[];
  readonly workloads: readonly NetWorkload[];
  readonly policies: readonly NetPolicy[];
  readonly warnings: readonly ModelWarning[];
}

const selectorShape = obj({
  matchLabels: record(str),
  matchExpressions: arr(obj({ key: str, operator: str, values: arr(str) })),
});
const peerShape = obj({ podSelector: selectorShape, namespaceSelector: selectorShape, ipBlock: obj({ cidr: str, except: arr(str) }) });
const portShape = obj({ protocol: str, port: intOrStr, endPort: num });
const ruleShape = obj({ from: arr(peerShape), to: arr(peerShape), ports: arr(portShape) });
export const networkPolicySpecShape = obj({
  podSelector: selectorShape,
  policyTypes: arr(str),
  ingress: arr(ruleShape),
  egress: arr(ruleShape),
});

const WORKLOAD_KINDS_WITHOUT_PODS_WHEN_ZERO = new Set(['ReplicaSet', 'ReplicationController']);

/** The namespace an object lives in (objects without one are in `default`, as kubectl applies them). */
export function namespaceOf(resource: Resource): string {
  return resource.ref.namespace ?? DEFAULT_NAMESPACE;
}

interface OwnerRef {
  readonly kind: string;
  readonly name: string;
}

function controllerRef(resource: Resource): OwnerRef | undefined {
  const refs = resource.object.metadata.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  for (const ref of refs as unknown[]) {
    if (isRecord(ref) && ref.controller === true && typeof ref.name === 'string') {
      return { kind: typeof ref.kind === 'string' ? ref.kind : '', name: ref.name };
    }
  }
  return undefined;
}

/** Follows controller owner references up through the inventory: Pod → ReplicaSet → Deployment. */
function topOwner(inventory: Inventory, resource: Resource): { kind: string; name: string; resource?: Resource } {
  const namespace = resource.ref.namespace;
  let current: Resource = resource;
  // Owners visited (a cycle ends the walk); created at the first hop, most pods have none.
  let seen: Set<Resource> | undefined;
  for (;;) {
    const ref = controllerRef(current);
    // A static (mirror) pod is "owned" by its Node: it stays a Pod of its own.
    if (ref === undefined || ref.kind === 'Node') return { kind: current.ref.kind, name: current.ref.name, resource: current };
    const next = ref.kind === '' ? undefined : inventory.get(ref.kind, namespace, ref.name);
    if (next === undefined || next === resource || seen?.has(next) === true) return { kind: ref.kind === '' ? 'Pod' : ref.kind, name: ref.name };
    (seen ??= new Set()).add(next);
    current = next;
  }
}

interface PodView {
  readonly resource: Resource;
  readonly spec: PodSpec;
  readonly podMeta: PodMeta;
  readonly podMetaPath: JsonPath;
  readonly labelsPath: JsonPath;
  readonly containers: readonly ContainerView[];
}

/**
 * Every pod spec, including Pods and ReplicaSets whose controller is in the
 * inventory (Inventory.podSpecs() checks a spec once, at the top; connectivity
 * needs the real pods, whose labels are what policies select).
 */
function allPodViews(inventory: Inventory): PodView[] {
  const out: PodView[] = [];
  for (const [kind, specPath] of Object.entries(POD_SPEC_PATHS)) {
    // One path per kind, shared by its pods (paths are never mutated).
    const podMetaPath: JsonPath = kind === 'Pod' ? ['metadata'] : [...specPath.slice(0, -1), 'metadata'];
    const labelsPath: JsonPath = [...podMetaPath, 'labels'];
    for (const resource of inventory.ofKind(kind)) {
      const spec = inventory.read(resource, podSpecShape, specPath);
      if (spec === undefined) continue;
      const podMeta = inventory.read(resource, podMetaShape, podMetaPath) ?? {};
      out.push({ resource, spec, podMeta, podMetaPath, labelsPath, containers: containerViews(spec, specPath) });
    }
  }
  return out;
}

function labelSelector(value: unknown): LabelSelector | undefined {
  if (!isRecord(value)) return undefined;
  return value as LabelSelector;
}

/** Reads namespaces, pods, workloads and NetworkPolicies from an inventory. */
export function buildNetworkModel(inventory: Inventory): NetworkModel {
  const warnings: ModelWarning[] = [];
  const namespaces = new Map<string, NetNamespace>();
  for (const resource of inventory.ofKind('Namespace')) {
    const name = resource.ref.name;
    const labels = { ...(resource.object.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: name };
    namespaces.set(name, { name, labels, declared: true, resource });
  }
  const ensureNamespace = (name: string): void => {
    if (!namespaces.has(name)) namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false });
  };

  // Pods and pod templates, grouped by the workload they collapse to.
  interface Candidate {
    readonly resource: Resource;
    readonly namespace: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly labelsPath: JsonPath;
    readonly ports: ContainerPortInfo[];
    readonly hostNetwork: boolean;
    readonly owner: { kind: string; name: string; resource?: Resource };
  }
  const groups = new Map<string, Candidate[]>();
  for (const view of allPodViews(inventory)) {
    const { resource } = view;
    const namespace = namespaceOf(resource);
    const ports: ContainerPortInfo[] = [];
    view.containers.forEach((c) => {
      if (!c.longRunning) return;
      (c.container.ports ?? []).forEach((p, i) => {
        if (typeof p.containerPort !== 'number') return;
        const protocol = (p.protocol ?? 'TCP').toUpperCase();
        if (!isProtocol(protocol)) {
          warnings.push({ message: `container port protocol ${p.protocol} is not TCP, UDP or SCTP`, resource, path: [...c.path, 'ports', i, 'protocol'] });
          return;
        }
        ports.push(p.name === undefined ? { port: p.containerPort, protocol } : { name: p.name, port: p.containerPort, protocol });
      });
    });
    const owner = topOwner(inventory, resource);
    const id = `${namespace}/${owner.name}[${owner.kind}]`;
    let list = groups.get(id);
    if (list === undefined) groups.set(id, (list = []));
    list.push({ resource, namespace, labels: view.podMeta.labels ?? {}, labelsPath: view.labelsPath, ports, hostNetwork: view.spec.hostNetwork === true, owner });
  }

  const pods: NetPod[] = [];
  const workloads: NetWorkload[] = [];
  for (const [id, candidates] of groups) {
    // Real pods win over templates; of templates, the workload's own wins over its children's.
    // A single candidate is chosen by every rule below.
    const real = candidates.length === 1 ? candidates : candidates.filter((c) => c.resource.ref.kind === 'Pod');
    let chosen: Candidate[];
    if (real.length > 0) chosen = real;
    else {
      const own = candidates.filter((c) => c.resource === c.owner.resource);
      const live = candidates.filter((c) => !(WORKLOAD_KINDS_WITHOUT_PODS_WHEN_ZERO.has(c.resource.ref.kind) && (c.resource.object.spec as { replicas?: unknown } | undefined)?.replicas === 0));
      chosen = own.length > 0 ? own : live.length > 0 ? live : candidates;
    }
    const first = chosen[0] as Candidate;
    ensureNamespace(first.namespace);
    const workloadIndex = workloads.length;
    const podIndexes: number[] = [];
    for (const c of chosen) {
      const template = c.resource.ref.kind !== 'Pod';
      const index = pods.length;
      podIndexes.push(index);
      pods.push({
        index,
        id: template ? `${c.namespace}/${c.resource.ref.name}[${c.resource.ref.kind}]` : `${c.namespace}/${c.resource.ref.name}`,
        name: c.resource.ref.name,
        namespace: c.namespace,
        labels: c.labels,
        ports: c.ports,
        workload: workloadIndex,
        resource: c.resource,
        labelsPath: c.labelsPath,
        template,
        hostNetwork: c.hostNetwork,
      });
    }
    const owner = first.owner.resource;
    workloads.push(
      owner === undefined
        ? { index: workloadIndex, id, namespace: first.namespace, name: first.owner.name, kind: first.owner.kind, pods: podIndexes }
        : { index: workloadIndex, id, namespace: first.namespace, name: first.owner.name, kind: first.owner.kind, pods: podIndexes, resource: owner },
    );
  }

  const policies: NetPolicy[] = [];
  for (const resource of inventory.ofKind('NetworkPolicy')) {
    const group = resource.ref.apiVersion.split('/')[0];
    if (group !== 'networking.k8s.io' && group !== 'extensions') continue;
    const policy = parsePolicy(inventory, resource, policies.length, warnings);
    if (policy === undefined) continue;
    ensureNamespace(policy.namespace);
    policies.push(policy);
  }
  return { namespaces, pods, workloads, policies, warnings };
}

function parsePolicy(inventory: Inventory, resource: Resource, index: number, warnings: ModelWarning[]): NetPolicy | undefined {
  const spec = inventory.read(resource, networkPolicySpecShape, ['spec']);
  if (spec === undefined) {
    if (isRecord(resource.object.spec)) return undefined; // malformed: the inventory reported it
    warnings.push({ message: 'NetworkPolicy has no spec: it selects every pod of its namespace for Ingress and allows nothing', resource });
  }
  const namespace = namespaceOf(resource);
  const parseRules = (direction: Direction): RuleSpec[] => {
    const list = spec?.[direction] ?? [];
    return list.map((rule, i) => {
      const path: JsonPath = ['spec', direction, i];
      const rawPeers = (direction === 'ingress' ? rule.from : rule.to) ?? [];
      const peerField = direction === 'ingress' ? 'from' : 'to';
      const peers: PeerSpec[] | 'all' =
        rawPeers.length === 0
          ? 'all'
          : rawPeers.map((peer, j) => {
              const peerPath = [...path, peerField, j];
              const podSelector = labelSelector(peer.podSelector);
              const namespaceSelector = labelSelector(peer.namespaceSelector);
              const base: { index: number; podSelector?: LabelSelector; namespaceSelector?: LabelSelector } = { index: j };
              if (podSelector !== undefined) base.podSelector = podSelector;
              if (namespaceSelector !== undefined) base.namespaceSelector = namespaceSelector;
              if (peer.ipBlock !== undefined) {
                const cidr = peer.ipBlock.cidr ?? '';
                const except = peer.ipBlock.except ?? [];
                const ipv6 = isIPv6(cidr);
                const range = ipv6 ? undefined : parseCIDR(cidr);
                const exceptRanges: Interval[] = [];
                let invalid: string | undefined;
                if (podSelector !== undefined || namespaceSelector !== undefined) invalid = 'ipBlock cannot be combined with podSelector or namespaceSelector in one peer';
                if (!ipv6 && range === undefined) invalid = `ipBlock cidr "${cidr}" is not a valid CIDR`;
                for (const e of except) {
                  if (isIPv6(e)) continue;
                  const r = parseCIDR(e);
                  if (r === undefined) invalid = `ipBlock except "${e}" is not a valid CIDR`;
                  else if (range !== undefined && (r.lo < range.lo || r.hi > range.hi)) invalid = `ipBlock except ${e} is not inside ${cidr}`;
                  else exceptRanges.push(r);
                }
                if (ipv6) warnings.push({ message: `IPv6 ipBlock ${cidr} is not analysed (external addresses are IPv4)`, resource, path: [...peerPath, 'ipBlock'] });
                if (invalid !== undefined) warnings.push({ message: `${invalid}; the API server rejects it (analysed as selecting nothing)`, resource, path: peerPath });
                const ipBlock = range === undefined ? { cidr, except, exceptRanges, ipv6 } : { cidr, except, range, exceptRanges, ipv6 };
                return invalid === undefined ? { ...base, ipBlock } : { ...base, ipBlock, invalid };
              }
              if (podSelector === undefined && namespaceSelector === undefined) {
                const invalid = 'a peer must set podSelector, namespaceSelector or ipBlock';
                warnings.push({ message: `${invalid}; the API server rejects it (analysed as selecting nothing)`, resource, path: peerPath });
                return { ...base, invalid };
              }
              return base;
            });
      const rawPorts = rule.ports ?? [];
      const ports: PortSpec[] | 'all' =
        rawPorts.length === 0
          ? 'all'
          : rawPorts.map((p, j) => {
              const portPath = [...path, 'ports', j];
              const protocol = (p.protocol ?? 'TCP').toUpperCase();
              if (!isProtocol(protocol)) {
                warnings.push({ message: `protocol ${p.protocol} is not TCP, UDP or SCTP (analysed as matching nothing)`, resource, path: [...portPath, 'protocol'] });
                return { index: j, protocol: 'TCP', invalid: `unknown protocol ${p.protocol}` };
              }
              const out: { index: number; protocol: Protocol; port?: number | string; endPort?: number; invalid?: string } = { index: j, protocol };
              if (p.port !== undefined) out.port = p.port;
              if (p.endPort !== undefined) {
                if (typeof p.port !== 'number') {
                  out.invalid = 'endPort requires a numeric port';
                  warnings.push({ message: 'endPort requires a numeric port; the API server rejects it (analysed as matching nothing)', resource, path: [...portPath, 'endPort'] });
                } else if (p.endPort < p.port) {
                  out.invalid = 'endPort is below port';
                  warnings.push({ message: `endPort ${p.endPort} is below port ${p.port}; the API server rejects it (analysed as matching nothing)`, resource, path: [...portPath, 'endPort'] });
                } else out.endPort = p.endPort;
              }
              return out;
            });
      return { index: i, direction, peers, ports, path };
    });
  };
  const explicit = spec?.policyTypes !== undefined && spec.policyTypes.length > 0;
  const types = explicit
    ? { ingress: (spec?.policyTypes ?? []).includes('Ingress'), egress: (spec?.policyTypes ?? []).includes('Egress') }
    : { ingress: true, egress: (spec?.egress ?? []).length > 0 };
  for (const [i, t] of (spec?.policyTypes ?? []).entries()) {
    if (t !== 'Ingress' && t !== 'Egress') warnings.push({ message: `policyTypes entry "${t}" is neither Ingress nor Egress`, resource, path: ['spec', 'policyTypes', i] });
  }
  return {
    index,
    id: `${namespace}/${resource.ref.name}`,
    namespace,
    name: resource.ref.name,
    resource,
    podSelector: labelSelector(spec?.podSelector) ?? {},
    ingress: parseRules('ingress'),
    egress: parseRules('egress'),
    types,
    policyTypesExplicit: explicit,
  };
}

/** `app=web,tier in (a,b),!debug`, or `{}` (everything) for an empty selector. */
export function formatSelector(selector: LabelSelector | undefined): string {
  if (selector === undefined) return '<none>';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${e.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(e.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
      default:
        parts.push(`${e.key} ${e.operator} (${values})`);
    }
  }
  return parts.length === 0 ? '{}' : parts.join(',');
}

export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return selector !== undefined && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

export { formatPath };

/** A default deny: selects every pod of the namespace (`podSelector: {}`) for the direction, and no rule of it opens everything. */
export function isDefaultDeny(policy: NetPolicy, direction: Direction): boolean {
  if (!isEmptySelector(policy.podSelector) || !policy.types[direction]) return false;
  return !policy[direction].some((r) => r.peers === 'all' && r.ports === 'all');
}
