/**
 * NetworkPolicy engine benchmark: a deterministic estate of 2,000 pods in 200
 * namespaces with 1,000 NetworkPolicies (five per namespace: default deny, DNS
 * egress, an in-namespace allow on a named port, a cross-namespace AND peer, and
 * internet egress through an ipBlock with except). Measures, as medians:
 *   - inventory + network model + engine construction (selections precomputed),
 *   - the class connectivity matrix,
 *   - the workload matrix (pods collapsed to owners, external ranges included),
 *   - the pod-level connection list, and the exposure analysis,
 * and the heap used by the engine with its matrix. Two estates: "replicas" (pods of
 * a ReplicaSet share their labels, as in real clusters) and "unique" (every pod
 * has its own labels: the worst case for the class optimisation); and a dense one
 * keeping only the backend ingress policy of each namespace (200 policies, no
 * default deny), where most of the million workload pairs are connected.
 *
 *   npx tsx bench/netpol.ts [--pods 2000] [--namespaces 200] [--policies 1000] [--iterations 5]
 *   node --expose-gc --import tsx bench/netpol.ts      (memory figures after a forced GC)
 *
 *   npx tsx bench/netpol.ts --checks FILE [--iterations 5]
 *     the NetworkPolicy checks (KF-N-010..017) on the manifests or list dump FILE: each alone
 *     on a fresh Inventory (it builds the model and engine), then all in sequence on one
 *     (the engine is cached per inventory), and the exposure of every workload
 *
 * It prints figures; it does not gate CI (the goal is a workload matrix in ≤ 3 s).
 * Each figure is wall time, then [CPU time of the process, GC included] (the CPU time
 * is the one to compare on a shared machine).
 */
import { Inventory } from '../src/core/inventory.js';
import { liveResource, type KubeObject } from '../src/core/resource.js';
import { buildNetworkModel } from '../src/analysis/netpol/model.js';
import { NetpolEngine } from '../src/analysis/netpol/engine.js';
import { exposure } from '../src/analysis/netpol/exposure.js';
import { netpolEngine } from '../src/analysis/netpol/index.js';
import { netpolChecks } from '../src/checks/netpol/index.js';
import { runChecks } from '../src/engine/run-checks.js';
import { loadManifests } from '../src/sources/manifests.js';
import { mulberry32 } from './prng.js';

interface Args {
  pods: number;
  namespaces: number;
  policies: number;
  iterations: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { pods: 2000, namespaces: 200, policies: 1000, iterations: 5 };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]?.replace(/^--/, '') as keyof Args;
    const value = Number(argv[i + 1]);
    if (key in args && Number.isFinite(value)) {
      args[key] = value;
      i++;
    }
  }
  return args;
}

const APPS = ['frontend', 'backend', 'worker', 'cache', 'db', 'metrics', 'auth', 'search'];

/** The estate as API objects (what a live cluster list returns). */
export function estate(args: Args, unique: boolean, open = false, seed = 42): KubeObject[] {
  const rand = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const objects: KubeObject[] = [];
  const podsPerNs = Math.max(1, Math.round(args.pods / args.namespaces));
  const policiesPerNs = Math.max(1, Math.round(args.policies / args.namespaces));
  for (let n = 0; n < args.namespaces; n++) {
    const ns = `team-${n}`;
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: `t${n % 20}`, env: n % 3 === 0 ? 'prod' : 'staging' } } });
    // Pods: replicas of ReplicaSets (two pods each), the last one a bare pod when odd.
    for (let p = 0; p < podsPerNs; p++) {
      const app = APPS[Math.floor(p / 2) % APPS.length] as string;
      const rs = `${app}-${(n * 7919 + Math.floor(p / 2)).toString(16)}`;
      const labels: Record<string, string> = { app, tier: p % 4 < 2 ? 'web' : 'data', 'pod-template-hash': rs.split('-')[1] as string };
      if (unique) labels['statefulset.kubernetes.io/pod-name'] = `${rs}-${p}`;
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${rs}-${p}`, namespace: ns, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, controller: true }] },
        spec: {
          containers: [
            {
              name: app,
              image: `registry.example/${app}:1.${Math.floor(p / 2)}`,
              ports: [
                { name: 'http', containerPort: 8080 + (Math.floor(p / 2) % 3) },
                { name: 'metrics', containerPort: 9090 },
                ...(app === 'db' ? [{ name: 'pg', containerPort: 5432 }] : []),
              ],
            },
          ],
        },
      });
    }
    const policies: Record<string, unknown>[] = [
      { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
            ports: [
              { port: 53, protocol: 'UDP' },
              { port: 53, protocol: 'TCP' },
            ],
          },
        ],
      },
      {
        podSelector: { matchLabels: { app: 'backend' } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 'http' }] }],
      },
      {
        podSelector: { matchLabels: { tier: 'data' } },
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { team: `t${Math.floor(rand() * 20)}` } }, podSelector: { matchLabels: { app: pick(APPS) } } }, { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [pick(APPS), pick(APPS)] }] } }],
            ports: [{ port: 'metrics' }, { port: 5432 }],
          },
        ],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }], ports: [{ port: 8080, endPort: 8090 }] }],
        policyTypes: ['Ingress', 'Egress'],
      },
      {
        podSelector: { matchLabels: { tier: 'web' } },
        policyTypes: ['Egress', 'Ingress'],
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.169.254/32'] } }], ports: [{ port: 443 }] }],
        ingress: [{ from: [{ ipBlock: { cidr: `${Math.floor(rand() * 200) + 20}.${Math.floor(rand() * 256)}.0.0/16` } }], ports: [{ port: 'http' }] }],
      },
    ];
    for (let k = 0; k < policiesPerNs; k++) {
      if (open && k % policies.length !== 2) continue; // only the backend ingress policy: every other pod is open both ways
      objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${k}`, namespace: ns }, spec: policies[k % policies.length] });
    }
  }
  // The cluster DNS, which every namespace's egress policy names.
  objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
  objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'coredns-1', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }, spec: { containers: [{ name: 'coredns', image: 'coredns:1.11' }] } });
  return objects;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function heapMB(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1024 / 1024;
}

function run(args: Args, unique: boolean, open = false): void {
  const objects = estate(args, unique, open);
  const times: Record<string, number[]> = { build: [], classMatrix: [], workloadMatrix: [], total: [], podList: [], exposure: [] };
  let info = '';
  let memory = 0;
  const cpuTimes: Record<string, number[]> = { build: [], classMatrix: [], workloadMatrix: [], total: [], podList: [], exposure: [] };
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (let i = 0; i < args.iterations; i++) {
    const before = heapMB();
    const c0 = cpu();
    const t0 = performance.now();
    const inventory = new Inventory(objects.map((o) => liveResource(o)));
    const engine = new NetpolEngine(buildNetworkModel(inventory));
    const t1 = performance.now();
    const c1 = cpu();
    engine.classMatrix();
    const t2 = performance.now();
    const c2 = cpu();
    const edges = engine.connections('workload');
    const t3 = performance.now();
    const c3 = cpu();
    memory = Math.max(memory, heapMB() - before);
    const c3b = cpu();
    const t3b = performance.now();
    const podEdges = engine.connections('pod');
    const t4 = performance.now();
    const c4 = cpu();
    exposure(engine);
    const t5 = performance.now();
    const c5 = cpu();
    times.build?.push(t1 - t0);
    times.classMatrix?.push(t2 - t1);
    times.workloadMatrix?.push(t3 - t2);
    times.total?.push(t3 - t0);
    times.podList?.push(t4 - t3b);
    times.exposure?.push(t5 - t4);
    cpuTimes.build?.push(c1 - c0);
    cpuTimes.classMatrix?.push(c2 - c1);
    cpuTimes.workloadMatrix?.push(c3 - c2);
    cpuTimes.total?.push(c3 - c0);
    cpuTimes.podList?.push(c4 - c3b);
    cpuTimes.exposure?.push(c5 - c4);
    info = `${engine.model.pods.length} pods, ${engine.model.workloads.length} workloads, ${engine.classes.length} pod classes, ${engine.model.namespaces.size} namespaces, ${engine.model.policies.length} policies, ${engine.atoms.length} external ranges; ${edges.length} workload edges, ${podEdges.length} pod edges`;
  }
  const ms = (k: string) => `${median(times[k] ?? []).toFixed(0)} ms [cpu ${median(cpuTimes[k] ?? []).toFixed(0)} ms]`;
  process.stdout.write(`\nestate "${unique ? 'unique labels per pod' : 'replicas share labels'}${open ? ', no default deny (dense matrix)' : ''}": ${info}\n`);
  process.stdout.write(`  inventory + model + engine (selections)  ${ms('build')}\n`);
  process.stdout.write(`  class connectivity matrix                ${ms('classMatrix')}\n`);
  process.stdout.write(`  workload matrix (edges, external ranges) ${ms('workloadMatrix')}\n`);
  process.stdout.write(`  => workload matrix from objects          ${ms('total')}   (goal ≤ 3000 ms)\n`);
  process.stdout.write(`  pod-level connection list                ${ms('podList')}\n`);
  process.stdout.write(`  exposure analysis (every workload)       ${ms('exposure')}\n`);
  process.stdout.write(`  heap + typed arrays held (engine, matrix, edges)     ${memory.toFixed(0)} MB${(globalThis as { gc?: unknown }).gc === undefined ? ' (run with --expose-gc for exact figures)' : ''}\n`);
}

/** The netpol checks on a real inventory, CPU time (wall time is meaningless on a shared machine). */
async function checks(file: string, iterations: number): Promise<void> {
  const load = await loadManifests([file]);
  const resources = load.resources;
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const options = { checkOptions: { today: '2026-01-01' } };
  const entries = Object.entries(netpolChecks);
  const alone = new Map<string, number[]>();
  const inSequence = new Map<string, number[]>();
  const totals: number[] = [];
  const exposures: number[] = [];
  const findings = new Map<string, number>();
  // A finding's position is found by re-reading its file once per inventory: paid here, outside the timings.
  const warm = (inventory: Inventory): void => void runChecks(inventory, [netpolChecks['networkpolicy-selects-nothing']], options);
  warm(new Inventory(resources));
  for (let i = 0; i < iterations; i++) {
    for (const [name, check] of entries) {
      const inventory = new Inventory(resources);
      const t0 = cpu();
      const run = runChecks(inventory, [check], options);
      (alone.get(name) ?? alone.set(name, []).get(name))?.push(cpu() - t0);
      findings.set(name, run.findings.length);
    }
    const inventory = new Inventory(resources);
    let total = 0;
    for (const [name, check] of entries) {
      const t0 = cpu();
      runChecks(inventory, [check], options);
      const dt = cpu() - t0;
      total += dt;
      (inSequence.get(name) ?? inSequence.set(name, []).get(name))?.push(dt);
    }
    totals.push(total);
    const t0 = cpu();
    exposure(netpolEngine(inventory));
    exposures.push(cpu() - t0);
  }
  const engine = netpolEngine(new Inventory(resources));
  process.stdout.write(
    `kubefort netpol checks on ${file}: ${resources.length} objects, ${engine.model.workloads.length} workloads, ${engine.classes.length} pod classes, ${engine.model.policies.length} policies; CPU ms, median of ${iterations} (node ${process.version})\n`,
  );
  process.stdout.write(`  ${'check (findings)'.padEnd(52)} ${'alone'.padStart(8)} ${'in sequence'.padStart(12)}\n`);
  for (const [name] of entries) {
    process.stdout.write(`  ${`${name} (${findings.get(name) ?? 0})`.padEnd(52)} ${median(alone.get(name) ?? []).toFixed(0).padStart(8)} ${median(inSequence.get(name) ?? []).toFixed(0).padStart(12)}\n`);
  }
  process.stdout.write(`  ${'all, in sequence'.padEnd(52)} ${''.padStart(8)} ${median(totals).toFixed(0).padStart(12)}\n`);
  process.stdout.write(`  exposure of every workload (after the checks)        ${median(exposures).toFixed(0)} ms\n`);
}

const argv = process.argv.slice(2);
const args = parseArgs(argv);
const checksFile = argv.indexOf('--checks');
if (checksFile >= 0 && argv[checksFile + 1] !== undefined) {
  await checks(argv[checksFile + 1] as string, args.iterations);
} else {
  process.stdout.write(`kubefort netpol benchmark: ${args.pods} pods, ${args.namespaces} namespaces, ${args.policies} policies, median of ${args.iterations} runs (node ${process.version})\n`);
  run(args, false);
  run(args, true);
  run(args, false, true);
}
