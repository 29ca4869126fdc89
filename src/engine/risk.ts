/**
 * Risk ranking: what to fix first. A finding's score is its severity times the
 * context of the object it is on (docs/risk.md):
 *
 * - exposure: selected by a LoadBalancer/NodePort/externalIPs Service or an Ingress
 *   backend, and NetworkPolicy admits addresses outside the cluster;
 * - identity: the pod's service account (token mounted) is bound to a role with an
 *   escalation path (cluster-admin, escalate/bind/impersonate, wildcards, a chain of grants
 *   to cluster-admin) or other powerful rights, as the RBAC checks found them;
 * - host: a privileged container, host namespaces or hostPath volumes;
 * - a sensitive namespace (listed, or labelled with the sensitive label).
 *
 * Findings on a Service, a Role or a binding take the context of the worst workload
 * they expose or grant rights to. Pure: no I/O.
 */
import { DEFAULT_CHECK_OPTIONS, type CheckOptions } from '../core/check.js';
import type { Finding, FixFirstEntry, FindingRisk } from '../core/finding.js';
import { selectorMatches, type Inventory } from '../core/inventory.js';
import { getAt, isRecord } from '../core/path.js';
import { formatRef, type Resource, type ResourceRef } from '../core/resource.js';
import type { Severity } from '../core/severity.js';
import type { PodSpecView } from '../core/workloads.js';
import { netpolEngine, workloadExposure, type NetWorkload } from '../analysis/netpol/index.js';
import { compareFindings } from './run-checks.js';

/** Points for each severity before context. */
export const SEVERITY_POINTS: Readonly<Record<Severity, number>> = { critical: 10, high: 7, medium: 4, low: 2, info: 0.5 };

/** Multipliers of each context factor (docs/risk.md). */
export const RISK_FACTORS = {
  internetExposed: 2,
  exposedButPolicyBlocks: 1.3,
  clusterReachable: 1.1,
  escalationPath: 2,
  powerfulRbac: 1.5,
  privileged: 1.8,
  hostAccess: 1.5,
  sensitiveNamespace: 1.3,
} as const;

/** RBAC checks whose findings mean "whoever holds this can become cluster admin". */
const ESCALATION_CHECKS = new Set(['KF-R-001', 'KF-R-002', 'KF-R-003', 'KF-R-006']);

/**
 * KF-R-020 rbac-escalation-path: a chain of grants to cluster-admin or to kube-system Secrets
 * (the tokens of kube-system's controllers: cluster-admin in all but name). Critical, or info
 * when the chain starts at one of Kubernetes' own bindings (how the cluster works, not a risk of
 * the workload): only the former is an escalation path.
 */
const ESCALATION_PATH_CHECK = 'KF-R-020';

/**
 * Checks that report one subject of a binding (at `subjects[i]`), not the binding as a whole:
 * their findings are that subject's only. KF-R-022 rbac-escalation-primitive is powerful RBAC, not
 * an escalation path: it says the subject holds a primitive, and when that primitive leads to
 * cluster-admin or kube-system Secrets, KF-R-020 reports the chain for the same subject.
 */
const SUBJECT_CHECKS = new Set([ESCALATION_PATH_CHECK, 'KF-R-022']);

/** Whether an RBAC finding means its subjects can become cluster admin (factor escalationPath). */
function isEscalation(f: Finding): boolean {
  if (ESCALATION_CHECKS.has(f.checkId)) return true;
  return f.checkId === ESCALATION_PATH_CHECK && (f.severity === 'critical' || f.severity === 'high');
}

interface Factor {
  readonly weight: number;
  readonly reason: string;
}

/** The context of one object: at most one factor per dimension. */
interface Context {
  /** The workload whose context an object borrows (`exposes shop/Deployment/web`). */
  readonly via?: string;
  readonly exposure?: Factor;
  readonly identity?: Factor;
  readonly host?: Factor;
  readonly namespace?: Factor;
}

const DIMENSIONS = ['exposure', 'identity', 'host', 'namespace'] as const;

function weightOf(c: Context): number {
  return DIMENSIONS.reduce((w, d) => w * (c[d]?.weight ?? 1), 1);
}

function worst(contexts: readonly Context[]): Context {
  return contexts.reduce<Context>((best, c) => (weightOf(c) > weightOf(best) ? c : best), {});
}

function refKey(ref: Pick<ResourceRef, 'kind' | 'namespace' | 'name'>): string {
  return `${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

const OPEN_RANGES = new Set(['0.0.0.0/0', '::/0']);

/** How a Service is reachable from outside the cluster, or undefined. */
function serviceExposure(service: Resource): string | undefined {
  const spec = service.object['spec'];
  if (!isRecord(spec)) return undefined;
  const name = formatRef(service.ref);
  const type = str(spec['type']);
  if (type === 'LoadBalancer') {
    const annotations = stringRecord(getAt(service.object, ['metadata', 'annotations'])) ?? {};
    const internal = Object.entries(annotations).some(([k, v]) => /internal/i.test(k) ? v.toLowerCase() === 'true' : /load-balancer-(type|scheme)$/.test(k) && /internal/i.test(v));
    const ranges = Array.isArray(spec['loadBalancerSourceRanges']) ? spec['loadBalancerSourceRanges'].filter((r): r is string => typeof r === 'string') : [];
    if (!internal && (ranges.length === 0 || ranges.some((r) => OPEN_RANGES.has(r)))) return `LoadBalancer ${name}`;
  }
  if (type === 'NodePort') return `NodePort ${name}`;
  if (Array.isArray(spec['externalIPs']) && spec['externalIPs'].length > 0) return `externalIPs of ${name}`;
  return undefined;
}

/** Services named as backends by Ingress objects: `ns\0name` → Ingress label. */
function ingressBackends(inventory: Inventory): Map<string, string> {
  const out = new Map<string, string>();
  for (const ingress of inventory.ofKind('Ingress')) {
    const ns = ingress.ref.namespace ?? 'default';
    const spec = ingress.object['spec'];
    if (!isRecord(spec)) continue;
    const backends: unknown[] = [spec['defaultBackend'], spec['backend']];
    for (const rule of records(spec['rules'])) for (const p of records(getAt(rule, ['http', 'paths']))) backends.push(p['backend']);
    for (const b of backends) {
      if (!isRecord(b)) continue;
      const name = str(getAt(b, ['service', 'name'])) ?? str(b['serviceName']);
      if (name !== undefined && !out.has(`${ns}\u0000${name}`)) out.set(`${ns}\u0000${name}`, `Ingress ${formatRef(ingress.ref)}`);
    }
  }
  return out;
}

/** Computes the context of every object once per scan. */
class RiskModel {
  private readonly contexts = new Map<string, Context>();
  private readonly options: Pick<CheckOptions, 'sensitiveLabel' | 'sensitiveNamespaces'>;

  constructor(
    private readonly inventory: Inventory,
    findings: readonly Finding[],
    options: Partial<Pick<CheckOptions, 'sensitiveLabel' | 'sensitiveNamespaces'>>,
  ) {
    this.options = { sensitiveLabel: options.sensitiveLabel ?? DEFAULT_CHECK_OPTIONS.sensitiveLabel, sensitiveNamespaces: options.sensitiveNamespaces ?? DEFAULT_CHECK_OPTIONS.sensitiveNamespaces };
    const rbac = this.rbacByServiceAccount(findings);
    const exposedBy = this.exposures();
    const reach = this.reachability();
    const services = inventory.ofKind('Service');
    const pods = inventory.podSpecs();
    // Indexes instead of services × pods scans: a Service selects only pods of its own
    // namespace, so each one is matched against that namespace's pods (input order kept).
    const podsByNs = groupBy(pods, (p) => p.resource.ref.namespace ?? 'default');
    const entries: NamespacedService[] = services.map((service) => ({ service, selector: serviceSelector(service), exposedAs: exposedBy.get(refKey(service.ref)) }));
    const servicesByNs = groupBy(entries, (s) => s.service.ref.namespace ?? 'default');
    // Workloads first: Services and RBAC objects borrow their contexts.
    for (const pod of pods) {
      const key = refKey(pod.resource.ref);
      const ns = pod.resource.ref.namespace ?? 'default';
      const exposure = this.exposureFactor(pod, servicesByNs.get(ns) ?? [], reach.get(key));
      const identity = this.identityFactor(pod, ns, rbac);
      const host = hostFactor(pod);
      const namespace = this.namespaceFactor(ns, pod.podMeta.labels);
      this.contexts.set(key, { ...(exposure && { exposure }), ...(identity && { identity }), ...(host && { host }), ...(namespace && { namespace }) });
    }
    for (const { service, selector } of entries) {
      const selected = (podsByNs.get(service.ref.namespace ?? 'default') ?? []).filter((p) => selectsPod(selector, p));
      this.contexts.set(refKey(service.ref), this.borrow(selected, `exposes`));
    }
    // Pods by service account, each with its position so that a binding's users keep the input order.
    const podsByAccount = new Map<string, { index: number; pod: PodSpecView }[]>();
    pods.forEach((pod, index) => {
      const account = serviceAccountKey(pod);
      let list = podsByAccount.get(account);
      if (list === undefined) podsByAccount.set(account, (list = []));
      list.push({ index, pod });
    });
    const mounted = new Map<PodSpecView, boolean>();
    const tokenOf = (p: PodSpecView): boolean => {
      let m = mounted.get(p);
      if (m === undefined) mounted.set(p, (m = tokenMounted(this.inventory, p)));
      return m;
    };
    for (const [key, accounts] of this.grants()) {
      const candidates: { index: number; pod: PodSpecView }[] = [];
      for (const account of accounts) for (const c of podsByAccount.get(account) ?? []) candidates.push(c);
      if (accounts.size > 1) candidates.sort((a, b) => a.index - b.index);
      const users = candidates.filter((c) => tokenOf(c.pod)).map((c) => c.pod);
      this.contexts.set(key, this.borrow(users, 'grants rights to'));
    }
  }

  context(ref: ResourceRef): Context {
    const known = this.contexts.get(refKey(ref));
    if (known !== undefined) return known;
    const ns = ref.kind === 'Namespace' ? ref.name : ref.namespace;
    const namespace = ns === undefined ? undefined : this.namespaceFactor(ns, undefined);
    return namespace === undefined ? {} : { namespace };
  }

  /** The worst context of the workloads an object exposes or grants to, each reason naming the workload. */
  private borrow(pods: readonly PodSpecView[], verb: string): Context {
    const contexts = pods.map((p) => {
      const c = this.contexts.get(refKey(p.resource.ref)) ?? {};
      const w = formatRef(p.resource.ref);
      return { ...c, via: `${verb} ${w}` };
    });
    return worst(contexts);
  }

  /** Per Service key: how it is exposed outside the cluster (its own type, or as an Ingress backend). */
  private exposures(): Map<string, string> {
    const out = new Map<string, string>();
    const backends = ingressBackends(this.inventory);
    for (const service of this.inventory.ofKind('Service')) {
      const ns = service.ref.namespace ?? 'default';
      const how = serviceExposure(service) ?? backends.get(`${ns}\u0000${service.ref.name}`);
      if (how !== undefined) out.set(refKey(service.ref), how);
    }
    return out;
  }

  /** Per workload key: whether NetworkPolicy admits outside addresses and every pod of the cluster (undefined: unknown). */
  private reachability(): Map<string, { outside: boolean; cluster: boolean }> {
    const out = new Map<string, { outside: boolean; cluster: boolean }>();
    try {
      const engine = netpolEngine(this.inventory);
      for (const w of engine.model.workloads as readonly NetWorkload[]) {
        if (w.resource === undefined) continue;
        const e = workloadExposure(engine, w);
        out.set(refKey(w.resource.ref), { outside: e.ingress.fromOutside.some((r) => !r.conns.isEmpty), cluster: !e.ingress.fromEntireCluster.isEmpty });
      }
    } catch {
      // Reachability unknown: exposure then counts as open, the safe side for ranking.
    }
    return out;
  }

  /** `services`: the Services of the pod's namespace, in input order, with their selectors and exposure. */
  private exposureFactor(pod: PodSpecView, services: readonly NamespacedService[], reach: { outside: boolean; cluster: boolean } | undefined): Factor | undefined {
    const via: string[] = [];
    for (const s of services) if (s.exposedAs !== undefined && selectsPod(s.selector, pod)) via.push(s.exposedAs);
    if (via.length > 0) {
      if (reach === undefined || reach.outside) return { weight: RISK_FACTORS.internetExposed, reason: `reachable from outside the cluster via ${via.join(', ')}${reach === undefined ? '' : ' (no NetworkPolicy blocks it)'}` };
      return { weight: RISK_FACTORS.exposedButPolicyBlocks, reason: `exposed via ${via.join(', ')}, but NetworkPolicy admits no address outside the cluster` };
    }
    if (reach?.cluster === true) return { weight: RISK_FACTORS.clusterReachable, reason: 'reachable from every pod in the cluster (no ingress NetworkPolicy limits it)' };
    return undefined;
  }

  /** RBAC findings on the roles and bindings of each service account (`ns\0name`), escalation first. */
  private rbacByServiceAccount(findings: readonly Finding[]): Map<string, { escalation: string[]; powerful: string[] }> {
    const byObject = new Map<string, Finding[]>();
    for (const f of findings) {
      if (f.area !== 'rbac') continue;
      const k = refKey(f.resource);
      const list = byObject.get(k);
      if (list === undefined) byObject.set(k, [f]);
      else list.push(f);
    }
    const out = new Map<string, { escalation: string[]; powerful: string[] }>();
    for (const [objectKey, accounts] of this.grants()) {
      const found = byObject.get(objectKey) ?? [];
      const subjects = found.map((f) => this.subjectOf(f));
      for (const account of accounts) {
        const entry = out.get(account) ?? { escalation: [], powerful: [] };
        for (const [i, f] of found.entries()) {
          const subject = subjects[i];
          if (subject !== undefined && subject !== account) continue;
          const text = `${f.checkId} ${f.checkName} on ${f.resource.kind} ${f.resource.name}`;
          const list = isEscalation(f) ? entry.escalation : entry.powerful;
          if (!list.includes(text)) list.push(text);
        }
        out.set(account, entry);
      }
    }
    return out;
  }

  /**
   * The service account (`ns\0name`) a finding of a subject check is about: '' when its subject is
   * a user or a group (which this model does not expand), undefined for findings about a binding
   * or role as a whole.
   */
  private subjectOf(f: Finding): string | undefined {
    if (!SUBJECT_CHECKS.has(f.checkId)) return undefined;
    const index = /^subjects\[(\d+)\]/.exec(f.location.path)?.[1];
    const binding = index === undefined ? undefined : this.inventory.get(f.resource.kind, f.resource.namespace, f.resource.name);
    if (binding === undefined) return undefined;
    const subjects = binding.object['subjects'];
    const s: unknown = Array.isArray(subjects) ? subjects[Number(index)] : undefined;
    if (!isRecord(s) || s['kind'] !== 'ServiceAccount' || typeof s['name'] !== 'string') return '';
    return `${str(s['namespace']) ?? binding.ref.namespace ?? 'default'}\u0000${s['name']}`;
  }

  private grantsCache: Map<string, Set<string>> | undefined;

  /** Per binding or role key: the service accounts (`ns\0name`) it grants rights to. */
  private grants(): Map<string, Set<string>> {
    if (this.grantsCache !== undefined) return this.grantsCache;
    const out = new Map<string, Set<string>>();
    const add = (key: string, account: string) => {
      let set = out.get(key);
      if (set === undefined) out.set(key, (set = new Set()));
      set.add(account);
    };
    for (const kind of ['RoleBinding', 'ClusterRoleBinding']) {
      for (const binding of this.inventory.ofKind(kind)) {
        const roleKind = str(getAt(binding.object, ['roleRef', 'kind'])) ?? 'ClusterRole';
        const roleName = str(getAt(binding.object, ['roleRef', 'name']));
        for (const s of records(binding.object['subjects'])) {
          if (s['kind'] !== 'ServiceAccount' || typeof s['name'] !== 'string') continue;
          const account = `${str(s['namespace']) ?? binding.ref.namespace ?? 'default'}\u0000${s['name']}`;
          add(refKey(binding.ref), account);
          if (roleName !== undefined) add(refKey({ kind: roleKind, namespace: roleKind === 'Role' ? binding.ref.namespace : undefined, name: roleName }), account);
        }
      }
    }
    this.grantsCache = out;
    return out;
  }

  private identityFactor(pod: PodSpecView, ns: string, rbac: Map<string, { escalation: string[]; powerful: string[] }>): Factor | undefined {
    if (!tokenMounted(this.inventory, pod)) return undefined;
    const account = serviceAccountName(pod);
    const entry = rbac.get(`${ns}\u0000${account}`);
    if (entry === undefined) return undefined;
    if (entry.escalation.length > 0) return { weight: RISK_FACTORS.escalationPath, reason: `service account ${ns}/${account} has an escalation path (${entry.escalation.join(', ')})` };
    if (entry.powerful.length > 0) return { weight: RISK_FACTORS.powerfulRbac, reason: `service account ${ns}/${account} has powerful RBAC (${entry.powerful.join(', ')})` };
    return undefined;
  }

  private namespaceFactor(ns: string, podLabels: Readonly<Record<string, string>> | undefined): Factor | undefined {
    const label = this.options.sensitiveLabel;
    if (this.options.sensitiveNamespaces.includes(ns)) return { weight: RISK_FACTORS.sensitiveNamespace, reason: `in sensitive namespace ${ns}` };
    const nsLabels = stringRecord(getAt(this.inventory.get('Namespace', undefined, ns)?.object, ['metadata', 'labels']));
    if (nsLabels?.[label] === 'true') return { weight: RISK_FACTORS.sensitiveNamespace, reason: `in namespace ${ns}, labelled ${label}=true` };
    if (podLabels?.[label] === 'true') return { weight: RISK_FACTORS.sensitiveNamespace, reason: `workload labelled ${label}=true` };
    return undefined;
  }
}

/** A Service with what the pod loop needs, computed once. */
interface NamespacedService {
  readonly service: Resource;
  readonly selector: Record<string, string> | undefined;
  /** How it is exposed outside the cluster, when it is. */
  readonly exposedAs: string | undefined;
}

function serviceSelector(service: Resource): Record<string, string> | undefined {
  return stringRecord(getAt(service.object, ['spec', 'selector']));
}

/** Whether a Service selector picks a pod of its namespace (an absent or empty selector picks none). */
function selectsPod(selector: Record<string, string> | undefined, pod: PodSpecView): boolean {
  if (selector === undefined || Object.keys(selector).length === 0) return false;
  return selectorMatches({ matchLabels: selector }, pod.podMeta.labels);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

function serviceAccountName(pod: PodSpecView): string {
  return pod.spec.serviceAccountName || pod.spec.serviceAccount || 'default';
}

function serviceAccountKey(pod: PodSpecView): string {
  return `${pod.resource.ref.namespace ?? 'default'}\u0000${serviceAccountName(pod)}`;
}

function tokenMounted(inventory: Inventory, pod: PodSpecView): boolean {
  if (pod.spec.automountServiceAccountToken !== undefined) return pod.spec.automountServiceAccountToken;
  const account = inventory.get('ServiceAccount', pod.resource.ref.namespace, serviceAccountName(pod));
  const setting = account?.object['automountServiceAccountToken'];
  return typeof setting === 'boolean' ? setting : true;
}

function hostFactor(pod: PodSpecView): Factor | undefined {
  const privileged = pod.containers.filter((c) => c.container.securityContext?.privileged === true).map((c) => c.label);
  if (privileged.length > 0) return { weight: RISK_FACTORS.privileged, reason: `privileged ${privileged.join(', ')}` };
  const host: string[] = [];
  if (pod.spec.hostPID === true) host.push('hostPID');
  if (pod.spec.hostIPC === true) host.push('hostIPC');
  if (pod.spec.hostNetwork === true) host.push('hostNetwork');
  const paths = (pod.spec.volumes ?? []).map((v) => v.hostPath?.path).filter((p): p is string => p !== undefined);
  if (paths.length > 0) host.push(`hostPath ${paths.join(', ')}`);
  if (host.length > 0) return { weight: RISK_FACTORS.hostAccess, reason: `host access: ${host.join(', ')}` };
  return undefined;
}

export interface RiskOptions {
  readonly sensitiveLabel?: string;
  readonly sensitiveNamespaces?: readonly string[];
}

/** The score of a severity in a context, to one decimal. */
export function riskScore(severity: Severity, weight: number): number {
  return Math.round(SEVERITY_POINTS[severity] * weight * 10) / 10;
}

/** Adds `risk` to every finding (same order). */
export function assessRisk(inventory: Inventory, findings: readonly Finding[], options: RiskOptions = {}): Finding[] {
  const model = new RiskModel(inventory, findings, options);
  // Findings of one object share its ref and its context: both looked up once.
  const contexts = new Map<ResourceRef, { context: Context; reasons: readonly string[]; weight: number }>();
  return findings.map((f) => {
    let known = contexts.get(f.resource);
    if (known === undefined) {
      const context = model.context(f.resource);
      const reasons = DIMENSIONS.map((d) => context[d]?.reason).filter((r): r is string => r !== undefined);
      contexts.set(f.resource, (known = { context, reasons, weight: weightOf(context) }));
    }
    const { context, reasons } = known;
    const risk: FindingRisk = { score: riskScore(f.severity, known.weight), reasons: [...reasons], ...(context.via === undefined || reasons.length === 0 ? {} : { via: context.via }) };
    return { ...f, risk };
  });
}

/** Worst first by score; on a tie, findings on the workload itself before those that borrow its context; then the report order. */
export function compareRisk(a: Finding, b: Finding): number {
  return (b.risk?.score ?? 0) - (a.risk?.score ?? 0) || Number(a.risk?.via !== undefined) - Number(b.risk?.via !== undefined) || compareFindings(a, b);
}

/** The one-line reason for a finding's rank. */
export function riskReason(f: Finding): string {
  const reasons = f.risk?.reasons ?? [];
  if (reasons.length === 0) return `${f.severity} severity, no aggravating context`;
  return `${f.severity} severity; ${f.risk?.via === undefined ? '' : `${f.risk.via}, which is `}${reasons.join('; ')}`;
}

/** What to fix first: the `n` findings of highest risk. */
export function fixFirst(findings: readonly Finding[], n: number): FixFirstEntry[] {
  return topOf(findings, n, compareRisk).map((f) => ({
      fingerprint: f.fingerprint,
      checkId: f.checkId,
      title: f.title,
      severity: f.severity,
      resource: f.resource,
      ...(f.location.file === undefined ? {} : { file: f.location.file }),
      ...(f.location.line === undefined ? {} : { line: f.location.line }),
      score: f.risk?.score ?? 0,
      reason: riskReason(f),
      message: f.message,
    }));
}

/**
 * `[...items].sort(compare).slice(0, n)` without sorting everything: one pass keeping the `n`
 * first in order, a later item going after the ones it ties with (as the stable sort puts it).
 */
function topOf<T>(items: readonly T[], n: number, compare: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  const limit = Math.trunc(n); // as slice() reads it
  if (!(limit > 0)) return top;
  for (const item of items) {
    if (top.length === limit && compare(item, top[limit - 1] as T) >= 0) continue;
    let i = top.length;
    while (i > 0 && compare(item, top[i - 1] as T) < 0) i--;
    top.splice(i, 0, item);
    if (top.length > limit) top.pop();
  }
  return top;
}

/** Plain-text lines of a fix-first list, as `scan --top` and the table report print it. */
export function formatFixFirst(entries: readonly FixFirstEntry[]): string[] {
  return entries.map((e, i) => {
    const where = e.file === undefined ? formatRef(e.resource) : `${formatRef(e.resource)} (${e.file}${e.line === undefined ? '' : `:${e.line}`})`;
    const what = e.message === undefined ? '' : `\n      what: ${briefMessage(e.message)}`;
    return `${String(i + 1).padStart(2)}. [${e.score.toFixed(1)}] ${e.checkId} ${e.title}: ${where}${what}\n      why: ${e.reason}`;
  });
}

/** How long a message may be in a fix-first list before it is shortened. */
export const FIX_FIRST_MESSAGE_LENGTH = 120;

/**
 * A finding's message on one line for a fix-first list: whole when it fits; otherwise what
 * comes before its first `: ` outside brackets (the rest is the detail: the chain of an
 * escalation path, the advisory of a CVE), or failing that the words that fit, then `…`.
 */
export function briefMessage(message: string, max = FIX_FIRST_MESSAGE_LENGTH): string {
  const line = message.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  let depth = 0;
  for (let i = 0; i < max; i++) {
    const c = line[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ':' && line[i + 1] === ' ' && depth === 0 && i >= 20) return `${line.slice(0, i)}…`;
  }
  const space = line.lastIndexOf(' ', max - 1);
  const head = line.slice(0, space >= max / 2 ? space : max - 1).replace(/[\s,;:(\-→⇒]+$/u, '');
  return `${head}…`;
}

/** How many entries the reports' fix-first section lists. */
export const FIX_FIRST_SIZE = 10;
