/**
 * RBAC benchmark: 5,000 roles and 50,000 bindings over 200 namespaces. Prints index build
 * time, who-can and can-i latency (median, p95, max), the full escalation analysis time and
 * heap memory. Run: `npx tsx bench/rbac.ts` (add `node --expose-gc` via tsx for steadier memory).
 */
import { Inventory } from '../src/core/inventory.js';
import { liveResource, type KubeObject } from '../src/core/resource.js';
import { EscalationGraph, RbacAuthorizer, rbacObjects, serviceAccountIdentity, type Request } from '../src/analysis/rbac/index.js';
import { mulberry32 } from './prng.js';

const r = mulberry32(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

const NS = Array.from({ length: 200 }, (_, i) => `ns-${i}`);
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const RES: [string, string][] = [['', 'pods'], ['', 'secrets'], ['', 'configmaps'], ['apps', 'deployments'], ['batch', 'jobs'], ['', 'services'], ['', 'pods/log'], ['', 'pods/exec'], ['example.com', 'widgets']];
const rbac = 'rbac.authorization.k8s.io/v1';

function corpus(roles: number, bindings: number): KubeObject[] {
  const out: KubeObject[] = [];
  const rule = () => {
    const [g, res] = pick(RES);
    return { apiGroups: [g], resources: [res], verbs: [pick(VERBS), pick(VERBS)] };
  };
  const clusterRoles = roles / 2;
  for (let i = 0; i < clusterRoles; i++) out.push({ apiVersion: rbac, kind: 'ClusterRole', metadata: { name: `cr-${i}` }, rules: Array.from({ length: 1 + Math.floor(r() * 5) }, rule) });
  const rolesByNs = new Map<string, string[]>();
  for (let i = 0; i < roles - clusterRoles; i++) {
    const ns = pick(NS);
    rolesByNs.set(ns, [...(rolesByNs.get(ns) ?? []), `role-${i}`]);
    out.push({ apiVersion: rbac, kind: 'Role', metadata: { name: `role-${i}`, namespace: ns }, rules: Array.from({ length: 1 + Math.floor(r() * 5) }, rule) });
  }
  const subject = (ns: string) => {
    const x = r();
    if (x < 0.4) return { kind: 'User', name: `user-${Math.floor(r() * 5000)}` };
    if (x < 0.6) return { kind: 'Group', name: `group-${Math.floor(r() * 500)}` };
    return { kind: 'ServiceAccount', name: `sa-${Math.floor(r() * 10)}`, namespace: ns };
  };
  for (let i = 0; i < bindings; i++) {
    const ns = pick(NS);
    if (i % 10 === 0) {
      out.push({ apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: `crb-${i}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `cr-${Math.floor(r() * clusterRoles)}` }, subjects: [subject(ns)] });
      continue;
    }
    const own = rolesByNs.get(ns) ?? [];
    const roleRef = own.length > 0 && r() < 0.5 ? { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: pick(own) } : { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `cr-${Math.floor(r() * clusterRoles)}` };
    out.push({ apiVersion: rbac, kind: 'RoleBinding', metadata: { name: `rb-${i}`, namespace: ns }, roleRef, subjects: [subject(ns), subject(ns)] });
  }
  return out;
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => (s[Math.min(s.length - 1, Math.floor(q * s.length))] as number).toFixed(3);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${(s[s.length - 1] as number).toFixed(3)} ms`;
}

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const objects = corpus(Number(process.env["RBAC_ROLES"] ?? 5_000), Number(process.env["RBAC_BINDINGS"] ?? 50_000));
const inventory = new Inventory(objects.map((o) => liveResource(o)));
let t = performance.now();
const authorizer = new RbacAuthorizer(rbacObjects(inventory));
const buildMs = performance.now() - t;

const requests: Request[] = Array.from({ length: 300 }, () => {
  const [g, res] = pick(RES);
  const [resource, subresource] = res.split('/') as [string, string | undefined];
  return { kind: 'resource', verb: pick(VERBS), apiGroup: g, resource, subresource: subresource ?? '', namespace: r() < 0.2 ? '' : pick(NS) };
});
const whoCan: number[] = [];
let subjects = 0;
for (const q of requests) {
  t = performance.now();
  subjects += authorizer.whoCan(q).length;
  whoCan.push(performance.now() - t);
}
const canI: number[] = [];
for (let i = 0; i < 20_000; i++) {
  const q = pick(requests);
  t = performance.now();
  authorizer.can(r() < 0.5 ? serviceAccountIdentity(pick(NS), `sa-${Math.floor(r() * 10)}`) : { user: `user-${Math.floor(r() * 5000)}`, groups: [`group-${Math.floor(r() * 500)}`, 'system:authenticated'] }, q);
  canI.push(performance.now() - t);
}
t = performance.now();
const graph = new EscalationGraph(authorizer, inventory);
const paths = graph.paths();
const escalationMs = performance.now() - t;
gc?.();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

const lines = [
  `rbac bench: ${objects.filter((o) => o.kind.endsWith('Role')).length} roles, ${objects.filter((o) => o.kind.endsWith('Binding')).length} bindings, ${NS.length} namespaces`,
  `  index build:          ${buildMs.toFixed(1)} ms`,
  `  who-can (${requests.length} queries): ${stats(whoCan)} (${Math.round(subjects / requests.length)} subjects per answer)`,
  `  can-i (${canI.length} queries): ${stats(canI)}`,
  `  escalation analysis:  ${(escalationMs / 1000).toFixed(2)} s (${graph.nodes.size} identities, ${paths.length} paths)`,
  `  heap (corpus + inventory + index + graph): ${heapMb.toFixed(0)} MB`,
];
process.stdout.write(`${lines.join('\n')}\n`);
