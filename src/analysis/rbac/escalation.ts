/**
 * Escalation primitives and paths. Every identity that appears in the RBAC objects or runs a
 * workload (users, groups, service accounts, anonymous, all authenticated users, nodes) is a
 * node; an edge is one primitive (reference table §2) that turns what the identity holds into
 * another identity's power, with the grant (binding → role → rule) behind it. Sinks are
 * cluster-admin equivalence (`*` on `*` in `*` cluster-wide, `system:masters`) and reading
 * Secrets in kube-system. The shortest chain to a sink is found by one breadth-first search
 * backwards from the sinks.
 */
import type { Inventory } from '../../core/inventory.js';

import { serviceShape } from '../../core/k8s.js';
import { subjectSpecOf, type Grant, type RbacAuthorizer } from './authorizer.js';
import { anonymousIdentity, AUTHENTICATED, formatSubject, identityOf, MASTERS, NODES, UNAUTHENTICATED, type SubjectSpec, type UserInfo } from './identity.js';
import { formatRule, type Request } from './match.js';

export type Sink = 'cluster-admin' | 'kube-system-secrets';

/** One escalation primitive an identity holds. */
export interface Primitive {
  readonly id: PrimitiveId;
  /** Where: a namespace, or undefined for cluster-wide. */
  readonly namespace?: string;
  readonly grants: readonly Grant[];
  readonly text: string;
}

export type PrimitiveId =
  | 'wildcard-admin'
  | 'masters'
  | 'impersonate'
  | 'bind'
  | 'escalate'
  | 'create-pods'
  | 'create-workloads'
  | 'token-request'
  | 'read-secrets'
  | 'mint-token-secret'
  | 'nodes-proxy'
  | 'pods-exec'
  | 'pods-attach'
  | 'ephemeral-containers'
  | 'csr-approve'
  | 'webhook-config'
  | 'persistent-volumes'
  | 'aggregation-labels';

export interface Hop {
  readonly from: string;
  /** An identity label or a sink. */
  readonly to: string;
  readonly primitive: PrimitiveId;
  readonly text: string;
  readonly grants: readonly Grant[];
}

export interface EscalationPath {
  readonly subject: SubjectSpec;
  readonly label: string;
  readonly sink: Sink;
  readonly hops: readonly Hop[];
  /** Pods run as this identity (service accounts), and whether any is exposed outside the cluster. */
  readonly workloads: readonly string[];
  readonly exposed: boolean;
}

export interface IdentityNode {
  readonly label: string;
  readonly subject: SubjectSpec;
  readonly user: UserInfo;
  readonly primitives: Primitive[];
  readonly workloads: string[];
  exposed: boolean;
}

const res = (verb: string, apiGroup: string, resource: string, subresource = '', namespace = '', name = ''): Request => ({ kind: 'resource', verb, apiGroup, resource, subresource, namespace, name });
const WORKLOADS: readonly [string, string][] = [
  ['apps', 'deployments'],
  ['apps', 'daemonsets'],
  ['apps', 'statefulsets'],
  ['apps', 'replicasets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
  ['', 'replicationcontrollers'],
];

function grantOf(a: RbacAuthorizer, user: UserInfo, request: Request): Grant | undefined {
  const d = a.authorize(user, request);
  return d.allowed && d.superuser !== true ? d.grant : undefined;
}

/** `RoleBinding ci/x → Role ci/y → rules[0]: create pods in core`. */
export function formatGrant(g: Grant): string {
  const b = g.binding.namespace === undefined ? g.binding.name : `${g.binding.namespace}/${g.binding.name}`;
  const r = g.role.namespace === undefined ? g.role.name : `${g.role.namespace}/${g.role.name}`;
  return `${g.binding.kind} ${b} → ${g.role.kind} ${r} → rules[${g.ruleIndex}]: ${formatRule(g.rule)}`;
}

const LIVE_SERVICE_ACCOUNT = /^(Pod|Deployment|DaemonSet|StatefulSet|ReplicaSet|Job|CronJob|ReplicationController)$/;

/** Builds the identity graph of an inventory. */
export class EscalationGraph {
  readonly nodes = new Map<string, IdentityNode>();
  readonly namespaces: readonly string[];
  private readonly saByNamespace = new Map<string, Set<string>>();
  private readonly podSAs = new Set<string>();

  constructor(readonly authorizer: RbacAuthorizer, readonly inventory: Inventory) {
    const namespaces = new Set<string>(inventory.namespaces());
    for (const b of authorizer.objects.bindings) if (b.namespace !== undefined) namespaces.add(b.namespace);
    this.namespaces = [...namespaces].sort();
    const addSA = (namespace: string, name: string): IdentityNode => {
      let set = this.saByNamespace.get(namespace);
      if (set === undefined) this.saByNamespace.set(namespace, (set = new Set()));
      set.add(name);
      return this.node({ kind: 'ServiceAccount', namespace, name });
    };
    for (const sa of inventory.ofKind('ServiceAccount')) addSA(sa.ref.namespace ?? 'default', sa.ref.name);
    const exposedPods = exposedSelectors(inventory);
    for (const pod of inventory.podSpecs()) {
      if (!LIVE_SERVICE_ACCOUNT.test(pod.resource.ref.kind)) continue;
      const ns = pod.resource.ref.namespace ?? 'default';
      const name = pod.spec.serviceAccountName || pod.spec.serviceAccount || 'default';
      const n = addSA(ns, name);
      this.podSAs.add(n.label);
      n.workloads.push(`${pod.resource.ref.kind} ${ns}/${pod.resource.ref.name}`);
      const labels = pod.podMeta.labels ?? {};
      if (exposedPods.some((e) => e.namespace === ns && Object.entries(e.selector).every(([k, v]) => labels[k] === v))) n.exposed = true;
    }
    for (const e of authorizer.boundRoles()) {
      const s = subjectSpecOf(e.binding.subjects[e.subjectIndex] ?? { kind: '', name: '' }, e.binding);
      if (s === undefined) continue;
      if (s.kind === 'ServiceAccount') addSA(s.namespace, s.name);
      else this.node(s);
    }
    this.node({ kind: 'Group', name: UNAUTHENTICATED });
    this.node({ kind: 'Group', name: AUTHENTICATED });
    for (const node of inventory.ofKind('Node')) this.node({ kind: 'User', name: `system:node:${node.ref.name}` });
    for (const n of this.nodes.values()) n.primitives.push(...this.primitivesOf(n.user));
  }

  private node(subject: SubjectSpec): IdentityNode {
    const label = formatSubject(subject);
    let n = this.nodes.get(label);
    if (n === undefined) {
      let user = subject.kind === 'Group' && subject.name === UNAUTHENTICATED ? anonymousIdentity() : identityOf(subject);
      if (subject.kind === 'User' && subject.name.startsWith('system:node:')) user = { user: subject.name, groups: [NODES, AUTHENTICATED] };
      n = { label, subject, user, primitives: [], workloads: [], exposed: false };
      this.nodes.set(label, n);
    }
    return n;
  }

  serviceAccounts(namespace: string): string[] {
    return [...(this.saByNamespace.get(namespace) ?? [])].sort();
  }

  /** Namespaces where a namespaced request is allowed: all of them when a ClusterRoleBinding allows it. */
  private where(user: UserInfo, make: (ns: string) => Request, namespaces: readonly string[]): { namespace?: string; grant: Grant }[] {
    const cluster = grantOf(this.authorizer, user, make(''));
    if (cluster !== undefined) return [{ grant: cluster }];
    const out: { namespace?: string; grant: Grant }[] = [];
    for (const ns of namespaces) {
      const g = grantOf(this.authorizer, user, make(ns));
      if (g !== undefined) out.push({ namespace: ns, grant: g });
    }
    return out;
  }

  /** Every primitive an identity holds. */
  primitivesOf(user: UserInfo): Primitive[] {
    const a = this.authorizer;
    const out: Primitive[] = [];
    const bound = [...new Set(a.applicableEverywhere(user).map((e) => e.binding.namespace).filter((n): n is string => n !== undefined))].sort();
    const where = (make: (ns: string) => Request) => this.where(user, make, bound);
    const add = (id: PrimitiveId, text: string, grants: (Grant | undefined)[], namespace?: string): void => {
      if (grants.some((g) => g === undefined)) return;
      out.push({ id, text, grants: grants as Grant[], ...(namespace === undefined ? {} : { namespace }) });
    };
    if (user.groups.includes(MASTERS)) out.push({ id: 'masters', text: 'is in system:masters, which bypasses RBAC', grants: [] });
    add('wildcard-admin', 'holds * on * in every API group cluster-wide (cluster-admin)', [grantOf(a, user, res('*', '*', '*'))]);
    for (const kind of ['users', 'groups', 'serviceaccounts', 'uids', 'userextras']) {
      const group = kind === 'uids' || kind === 'userextras' ? 'authentication.k8s.io' : '';
      // Impersonating the group system:masters is enough; any user name (no resourceNames) too.
      const name = kind === 'groups' ? MASTERS : '';
      add('impersonate', `can impersonate ${kind}${name === '' ? '' : ` (${name})`}`, [grantOf(a, user, res('impersonate', group, kind, '', '', name))]);
    }
    for (const w of where((ns) => res('impersonate', '', 'serviceaccounts', '', ns))) if (w.namespace !== undefined) add('impersonate', `can impersonate serviceaccounts in ${w.namespace}`, [w.grant], w.namespace);
    add('bind', 'can bind ClusterRole cluster-admin and create ClusterRoleBindings', [grantOf(a, user, res('bind', 'rbac.authorization.k8s.io', 'clusterroles', '', '', 'cluster-admin')), grantOf(a, user, res('create', 'rbac.authorization.k8s.io', 'clusterrolebindings'))]);
    add('escalate', 'can escalate and update ClusterRoles', [grantOf(a, user, res('escalate', 'rbac.authorization.k8s.io', 'clusterroles')), grantOf(a, user, res('update', 'rbac.authorization.k8s.io', 'clusterroles'))]);
    add('aggregation-labels', 'can patch ClusterRoles: labels aggregate their rules into admin, edit and view', [grantOf(a, user, res('patch', 'rbac.authorization.k8s.io', 'clusterroles'))]);
    for (const w of where((ns) => res('create', '', 'pods', '', ns))) add('create-pods', `can create pods ${w.namespace === undefined ? 'in every namespace' : `in ${w.namespace}`}`, [w.grant], w.namespace);
    for (const [group, resource] of WORKLOADS) {
      for (const w of where((ns) => res('create', group, resource, '', ns))) add('create-workloads', `can create ${resource} ${w.namespace === undefined ? 'in every namespace' : `in ${w.namespace}`}`, [w.grant], w.namespace);
    }
    for (const w of where((ns) => res('create', '', 'serviceaccounts', 'token', ns))) add('token-request', `can create serviceaccounts/token ${w.namespace === undefined ? 'in every namespace' : `in ${w.namespace}`}`, [w.grant], w.namespace);
    for (const verb of ['get', 'list', 'watch']) {
      for (const w of where((ns) => res(verb, '', 'secrets', '', ns))) add('read-secrets', `can ${verb} secrets ${w.namespace === undefined ? 'in every namespace' : `in ${w.namespace}`}`, [w.grant], w.namespace);
    }
    for (const w of where((ns) => res('create', '', 'secrets', '', ns))) {
      const get = grantOf(a, user, res('get', '', 'secrets', '', w.namespace ?? ''));
      add('mint-token-secret', `can create and get secrets ${w.namespace === undefined ? 'in every namespace' : `in ${w.namespace}`}: a service-account-token Secret gets a token`, [w.grant, get], w.namespace);
    }
    for (const verb of ['get', 'create']) add('nodes-proxy', `can ${verb} nodes/proxy: the kubelet API runs commands in every pod of the node`, [grantOf(a, user, res(verb, '', 'nodes', 'proxy'))]);
    for (const verb of ['create', 'get']) {
      for (const w of where((ns) => res(verb, '', 'pods', 'exec', ns))) add('pods-exec', `can ${verb} pods/exec ${w.namespace === undefined ? 'in every namespace' : `in ${w.namespace}`}${verb === 'get' ? ' (WebSocket exec before 1.35)' : ''}`, [w.grant], w.namespace);
      for (const w of where((ns) => res(verb, '', 'pods', 'attach', ns))) add('pods-attach', `can ${verb} pods/attach ${w.namespace === undefined ? 'in every namespace' : `in ${w.namespace}`}`, [w.grant], w.namespace);
    }
    for (const w of where((ns) => res('patch', '', 'pods', 'ephemeralcontainers', ns))) add('ephemeral-containers', `can patch pods/ephemeralcontainers ${w.namespace === undefined ? 'in every namespace' : `in ${w.namespace}`}`, [w.grant], w.namespace);
    add('csr-approve', 'can create CertificateSigningRequests, approve them and approve for a signer: a client certificate for any user or group', [
      grantOf(a, user, res('create', 'certificates.k8s.io', 'certificatesigningrequests')),
      grantOf(a, user, res('update', 'certificates.k8s.io', 'certificatesigningrequests', 'approval')),
      grantOf(a, user, res('approve', 'certificates.k8s.io', 'signers', '', '', 'kubernetes.io/kube-apiserver-client')),
    ]);
    for (const kind of ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations']) {
      for (const verb of ['create', 'update', 'patch']) add('webhook-config', `can ${verb} ${kind}: admission sees (and may change) every object written`, [grantOf(a, user, res(verb, 'admissionregistration.k8s.io', kind))]);
    }
    add('persistent-volumes', 'can create PersistentVolumes: a hostPath volume mounts the node file system', [grantOf(a, user, res('create', '', 'persistentvolumes'))]);
    return dedupe(out);
  }

  /**
   * The identities a primitive leads to, or the sink it reaches. "Every service account of a
   * namespace" is a hub node (`@sa:NS`, `@pod:NS`, `*` for all namespaces) joined to its members
   * by free edges, so a cluster-wide grant is one edge, not one per service account.
   */
  private targets(p: Primitive): string[] {
    const ns = p.namespace ?? '*';
    switch (p.id) {
      case 'masters':
      case 'wildcard-admin':
      case 'bind':
      case 'escalate':
      case 'csr-approve':
        return ['cluster-admin'];
      case 'impersonate':
        if (p.text.endsWith('users') || p.text.endsWith(`groups (${MASTERS})`)) return ['cluster-admin'];
        return p.text.endsWith('serviceaccounts') ? ['@sa:*'] : [`@sa:${ns}`];
      case 'create-pods':
      case 'create-workloads':
      case 'token-request':
      case 'mint-token-secret':
        return [`@sa:${ns}`];
      case 'read-secrets':
        return p.namespace === undefined || p.namespace === 'kube-system' ? ['kube-system-secrets'] : [];
      case 'pods-exec':
      case 'pods-attach':
      case 'ephemeral-containers':
        return [`@pod:${ns}`];
      case 'nodes-proxy':
        return ['@pod:*'];
      default:
        return [];
    }
  }

  /** The shortest chain from every identity to each sink it can reach (0-1 breadth-first search backwards from the sinks). */
  paths(): EscalationPath[] {
    type Edge = { from: string; hop?: Hop };
    const reverse = new Map<string, Edge[]>();
    const edge = (to: string, e: Edge): void => {
      let list = reverse.get(to);
      if (list === undefined) reverse.set(to, (list = []));
      list.push(e);
    };
    for (const n of this.nodes.values()) {
      for (const p of n.primitives) {
        for (const t of this.targets(p)) edge(t, { from: n.label, hop: { from: n.label, to: t, primitive: p.id, text: p.text, grants: p.grants } });
      }
    }
    for (const [ns, names] of this.saByNamespace) {
      edge(`@sa:${ns}`, { from: '@sa:*' });
      edge(`@pod:${ns}`, { from: '@pod:*' });
      for (const name of names) {
        const label = formatSubject({ kind: 'ServiceAccount', namespace: ns, name });
        edge(label, { from: `@sa:${ns}` });
        if (this.podSAs.has(label)) edge(label, { from: `@pod:${ns}` });
      }
    }
    const out: EscalationPath[] = [];
    for (const sink of ['cluster-admin', 'kube-system-secrets'] as const) {
      const dist = new Map<string, number>([[sink, 0]]);
      const next = new Map<string, { to: string; hop?: Hop }>();
      const deque: string[] = [sink];
      let head = 0;
      // A 0-1 BFS with a growable array: free edges go to the front (a second array), hops to the back.
      const front: string[] = [];
      while (front.length > 0 || head < deque.length) {
        const t = front.length > 0 ? (front.pop() as string) : (deque[head++] as string);
        const d = dist.get(t) as number;
        for (const e of reverse.get(t) ?? []) {
          const w = e.hop === undefined ? 0 : 1;
          const old = dist.get(e.from);
          if (old !== undefined && old <= d + w) continue;
          dist.set(e.from, d + w);
          next.set(e.from, e.hop === undefined ? { to: t } : { to: t, hop: e.hop });
          if (w === 0) front.push(e.from);
          else deque.push(e.from);
        }
      }
      for (const [label, n] of this.nodes) {
        if (!next.has(label)) continue;
        const hops: Hop[] = [];
        let at = label;
        while (hops.length < 50 && at !== sink) {
          const step = next.get(at);
          if (step === undefined) break;
          at = step.to;
          if (step.hop === undefined) {
            const last = hops[hops.length - 1];
            if (last !== undefined) hops[hops.length - 1] = { ...last, to: at };
            continue;
          }
          hops.push({ ...step.hop, to: at });
        }
        if (hops.length > 0) out.push({ subject: n.subject, label, sink, hops, workloads: n.workloads, exposed: n.exposed });
      }
    }
    return out.sort((x, y) => Number(y.exposed) - Number(x.exposed) || Number(y.workloads.length > 0) - Number(x.workloads.length > 0) || x.hops.length - y.hops.length || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0) || (x.sink < y.sink ? -1 : 1));
  }
}

function dedupe(ps: Primitive[]): Primitive[] {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = `${p.id}\u0000${p.namespace ?? ''}\u0000${p.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Selectors of Services reachable from outside the cluster (LoadBalancer, NodePort, external IPs). */
function exposedSelectors(inventory: Inventory): { namespace: string; selector: Record<string, string> }[] {
  const out: { namespace: string; selector: Record<string, string> }[] = [];
  for (const s of inventory.ofKind('Service')) {
    const body = inventory.read(s, serviceShape);
    const spec = body?.spec;
    if (spec?.selector === undefined) continue;
    if (spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.externalIPs ?? []).length > 0) out.push({ namespace: s.ref.namespace ?? 'default', selector: spec.selector });
  }
  return out;
}

export function formatPath(p: EscalationPath): string {
  const head = `${p.label} → ${p.sink}${p.exposed ? ' [exposed outside the cluster]' : ''}${p.workloads.length > 0 ? ` (runs ${p.workloads.slice(0, 3).join(', ')}${p.workloads.length > 3 ? ', …' : ''})` : ''}`;
  const lines = [head];
  p.hops.forEach((h, i) => {
    lines.push(`  ${i + 1}. ${h.from} ${h.text} → ${h.to}`);
    for (const g of h.grants) lines.push(`       via ${formatGrant(g)}`);
    if (h.grants.length === 0) lines.push('       via group membership (not RBAC)');
  });
  return lines.join('\n');
}

