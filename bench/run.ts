/**
 * The scan benchmark (`npm run bench`): builds the deterministic corpus of
 * bench/corpus.ts, then measures, as medians of several runs,
 *   (a) bare parse: read every file and js-yaml `loadAll` it (the floor: the fastest parser we use);
 *   (b) the full scan, `scanManifests(dir)` with every check, and its phases;
 *   (c) peak RSS of a process that does only (a) or only (b);
 *   (d) CLI start-up (`node dist/cli.js --help`) and an end-to-end CLI scan.
 * It prints figures and ratios and always exits 0: it measures, it does not gate CI.
 *
 *   node --expose-gc dist/bench.js [--objects 10000] [--files 300] [--iterations 7] [--dir DIR] [--keep] [--quick]
 *   node --cpu-prof dist/bench.js --only scan --iterations 5     (profile the scan alone)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';
import { allChecks } from '../src/checks/index.js';
import { DEFAULT_CHECK_OPTIONS, type Check } from '../src/core/check.js';
import { Inventory } from '../src/core/inventory.js';
import { assessRisk } from '../src/engine/risk.js';
import { runChecks } from '../src/engine/run-checks.js';
import { scanManifests } from '../src/engine/scan.js';
import { loadManifests } from '../src/sources/manifests.js';
import { parseWorkerCount } from '../src/sources/parallel.js';
import { writeCorpus } from './corpus.js';

interface Args {
  objects: number;
  files: number;
  iterations: number;
  dir: string | undefined;
  keep: boolean;
  only: 'bare' | 'scan' | undefined;
  child: 'bare' | 'scan' | undefined;
  quick: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { objects: 10_000, files: 300, iterations: 7, dir: undefined, keep: false, only: undefined, child: undefined, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--objects') args.objects = Number(next());
    else if (a === '--files') args.files = Number(next());
    else if (a === '--iterations') args.iterations = Number(next());
    else if (a === '--dir') args.dir = next();
    else if (a === '--keep') args.keep = true;
    else if (a === '--quick') args.quick = true;
    else if (a === '--only' || a === '--child') {
      const v = next();
      if (v !== 'bare' && v !== 'scan') throw new Error(`${a} takes bare or scan`);
      if (a === '--only') args.only = v;
      else args.child = v;
    } else throw new Error(`unknown argument ${a}`);
  }
  if (args.quick) args.iterations = Math.min(args.iterations, 3);
  return args;
}

const gc = (globalThis as { gc?: () => void }).gc;

function collect(): void {
  gc?.();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

interface BareRun {
  ms: number;
  /** CPU time of the process (user + system), less sensitive than wall time to other processes on a shared machine. */
  cpuMs: number;
  documents: number;
}

function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * The floor: read the bytes and parse them with the fastest YAML parser kubefort uses, nothing
 * else. With `keep`, the documents are kept until the end, as a scan must keep its objects (all
 * checks see all objects): the difference is the garbage collector's price for retention.
 */
function bareParse(files: readonly string[], keep = false): BareRun {
  const c0 = cpuNow();
  const t0 = performance.now();
  let documents = 0;
  const kept: unknown[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    jsYaml.loadAll(text, (doc) => {
      if (doc === null || doc === undefined) return;
      documents++;
      if (keep) kept.push(doc);
    });
  }
  return { ms: performance.now() - t0, cpuMs: cpuNow() - c0, documents: Math.max(documents, kept.length) };
}

interface ScanRun {
  ms: number;
  cpuMs: number;
  resources: number;
  findings: number;
  suppressed: number;
  errors: number;
  warnings: number;
}

async function fullScan(dir: string, checks?: readonly Check[], parseWorkers?: number): Promise<ScanRun> {
  const c0 = cpuNow();
  const t0 = performance.now();
  const result = await scanManifests([dir], { ...(checks === undefined ? {} : { checks }), ...(parseWorkers === undefined ? {} : { parseWorkers }) });
  const ms = performance.now() - t0;
  const cpuMs = cpuNow() - c0;
  const { summary } = result;
  return { ms, cpuMs, resources: summary.resources, findings: summary.findings, suppressed: summary.suppressed, errors: summary.errors, warnings: summary.warnings };
}

interface Phases {
  load: number;
  index: number;
  checks: number;
  risk: number;
}

/** The same work as a scan, timed phase by phase: where does the time go? */
async function phases(dir: string): Promise<Phases> {
  const t0 = performance.now();
  const load = await loadManifests([dir]);
  const t1 = performance.now();
  const inventory = new Inventory(load.resources);
  const t2 = performance.now();
  const run = runChecks(inventory, allChecks);
  const t3 = performance.now();
  assessRisk(inventory, run.findings);
  const t4 = performance.now();
  return { load: t1 - t0, index: t2 - t1, checks: t3 - t2, risk: t4 - t3 };
}

/**
 * CPU time of each check's own function (reports discarded), most expensive first: `ms` on a fresh
 * inventory (the first check to need a shared model or a shape validation pays for it), `again` in
 * a second pass over the same inventory (what the check itself costs once those exist).
 */
async function checkCosts(dir: string, runs: number): Promise<{ name: string; ms: number; again: number; reports: number }[]> {
  const load = await loadManifests([dir]);
  const today = new Date().toISOString().slice(0, 10);
  const times = new Map<string, number[]>();
  const again = new Map<string, number[]>();
  const reports = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    const inventory = new Inventory(load.resources);
    for (const pass of [times, again]) {
      for (const check of allChecks) {
        let n = 0;
        const c0 = cpuNow();
        try {
          check.run(inventory, { report: () => void n++, options: { ...DEFAULT_CHECK_OPTIONS, today } });
        } catch {
          // a failing check is the engine's business (KF_ERR_CHECK_FAILED); here only its cost counts
        }
        const name = `${check.meta.id} ${check.meta.name}`;
        pass.set(name, [...(pass.get(name) ?? []), cpuNow() - c0]);
        reports.set(name, n);
      }
    }
  }
  return [...times].map(([name, t]) => ({ name, ms: median(t), again: median(again.get(name) ?? []), reports: reports.get(name) ?? 0 })).sort((a, b) => b.ms - a.ms);
}

interface ChildReport {
  ms: number;
  maxRssKb: number;
  heapUsedMb: number;
}

/** Runs one pass in this process and prints what the parent needs (used with --child). */
async function child(mode: 'bare' | 'scan', dir: string): Promise<void> {
  const before = process.resourceUsage().maxRSS;
  const t0 = performance.now();
  let keep: unknown;
  if (mode === 'bare') {
    const docs: unknown[] = [];
    for (const file of listFiles(dir)) jsYaml.loadAll(readFileSync(file, 'utf8'), (d) => docs.push(d));
    keep = docs;
  } else keep = await scanManifests([dir]);
  const ms = performance.now() - t0;
  const heapUsedMb = process.memoryUsage().heapUsed / 1048576;
  const report: ChildReport & { baselineKb: number; kept: boolean } = { ms, maxRssKb: process.resourceUsage().maxRSS, heapUsedMb, baselineKb: before, kept: keep !== undefined };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function runChild(mode: 'bare' | 'scan', dir: string): ChildReport {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, [self, '--child', mode, '--dir', dir], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`child ${mode} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop() as string) as ChildReport;
}

function timeSpawn(args: readonly string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (out.error !== undefined) throw out.error;
    // 0: no findings (or --help), 1: findings; anything else means the figure is not a scan.
    if (out.status !== 0 && out.status !== 1) throw new Error(`node ${args.join(' ')} exited with ${String(out.status)}: ${out.stderr.slice(0, 500)}`);
  }
  return median(times);
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child !== undefined) {
    if (args.dir === undefined) throw new Error('--child needs --dir');
    await child(args.child, args.dir);
    return;
  }
  const dir = args.dir ?? join(tmpdir(), `kubefort-bench-${args.objects}-${args.files}`);
  const t0 = performance.now();
  // Only the figures are kept: the corpus text and objects must not weigh on the measured heap.
  const corpus = (({ objects, bytes, workloads, insecureWorkloads }) => ({ objects, bytes, workloads, insecureWorkloads }))(writeCorpus(dir, { objects: args.objects, files: args.files }));
  const files = listFiles(dir);
  const mb = corpus.bytes / 1_000_000;
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`kubefort scan benchmark · Node ${process.version} · ${allChecks.length} checks · ${args.iterations} iterations (medians)${gc === undefined ? ' · no --expose-gc' : ''} · ${parseWorkerCount(corpus.bytes, files.length)} parse worker(s) beside the main thread on ${availableParallelism()} cores`);
  out(
    `corpus: ${fmt(corpus.objects)} objects, ${files.length} files, ${fmt(mb, 1)} MB, ${corpus.workloads} workloads (${fmt((100 * corpus.insecureWorkloads) / corpus.workloads)}% with an insecure setting), generated in ${fmt(performance.now() - t0)} ms → ${dir}`,
  );

  if (args.only !== undefined) {
    for (let i = 0; i < args.iterations; i++) {
      collect();
      const run = args.only === 'bare' ? bareParse(files) : await fullScan(dir);
      out(`${args.only} ${fmt(run.ms)} ms (CPU ${fmt(run.cpuMs)} ms)`);
    }
    if (!args.keep && args.dir === undefined) rmSync(dir, { recursive: true, force: true });
    return;
  }

  // Warm-up: JIT, file cache.
  bareParse(files);
  await fullScan(dir);

  const bare: number[] = [];
  const scan: number[] = [];
  const pipeline: number[] = [];
  const oneThread: number[] = [];
  const oneThreadCpu: number[] = [];
  const pipelineCpu: number[] = [];
  const kept: number[] = [];
  const keptCpu: number[] = [];
  const bareCpu: number[] = [];
  const scanCpu: number[] = [];
  const ratios: number[] = [];
  const phaseRuns: Phases[] = [];
  let last: ScanRun | undefined;
  let documents = 0;
  for (let i = 0; i < args.iterations; i++) {
    collect();
    const b = bareParse(files);
    documents = b.documents;
    collect();
    last = await fullScan(dir);
    bare.push(b.ms);
    scan.push(last.ms);
    bareCpu.push(b.cpuMs);
    scanCpu.push(last.cpuMs);
    ratios.push(b.ms / last.ms);
    collect();
    phaseRuns.push(await phases(dir));
    collect();
    const k = bareParse(files, true);
    kept.push(k.ms);
    keptCpu.push(k.cpuMs);
    collect();
    const single = await fullScan(dir, undefined, 0);
    oneThread.push(single.ms);
    oneThreadCpu.push(single.cpuMs);
    collect();
    const p = await fullScan(dir, []);
    pipeline.push(p.ms);
    pipelineCpu.push(p.cpuMs);
  }
  const costs = await checkCosts(dir, args.quick ? 1 : 3);
  const scanRun = last as ScanRun;
  const bareMs = median(bare);
  const scanMs = median(scan);
  const ratio = bareMs / scanMs;
  const cpuRatio = median(bareCpu) / median(scanCpu);
  const bestRatio = Math.min(...bare) / Math.min(...scan);
  // However the work is spread over threads, the wall time cannot fall below CPU time / cores.
  const cores = availableParallelism();
  const cpuFloor = median(scanCpu) / cores;
  const budget = bareMs / 0.7;

  const memRuns = args.quick ? 1 : 3;
  const bareMem: ChildReport[] = [];
  const scanMem: ChildReport[] = [];
  for (let i = 0; i < memRuns; i++) {
    bareMem.push(runChild('bare', dir));
    scanMem.push(runChild('scan', dir));
  }

  const cli = fileURLToPath(new URL('./cli.js', import.meta.url));
  const startRuns = 10;
  const nodeStart = timeSpawn(['-e', ''], startRuns);
  const cliStart = timeSpawn([cli, '--help'], startRuns);
  const cliScan = timeSpawn([cli, 'scan', dir, '-o', 'json', '--fail-on', 'never'], args.quick ? 1 : 3);

  const rows: [string, string, string][] = [
    ['bare parse (read + js-yaml loadAll)', `${fmt(bareMs)} ms`, `${fmt((documents / bareMs) * 1000)} objects/s · ${fmt((mb / bareMs) * 1000, 1)} MB/s`],
    ['bare parse, documents kept', `${fmt(median(kept))} ms`, `${fmt(((documents / median(kept)) * 1000))} objects/s · CPU ${fmt(median(keptCpu))} ms (a scan keeps every object)`],
    ['full scan (scanManifests, all checks)', `${fmt(scanMs)} ms`, `${fmt((scanRun.resources / scanMs) * 1000)} objects/s · ${fmt((mb / scanMs) * 1000, 1)} MB/s`],
    ['  load (read, split, parse, objects)', `${fmt(median(phaseRuns.map((p) => p.load)))} ms`, ''],
    ['  index (Inventory, pod spec shapes)', `${fmt(median(phaseRuns.map((p) => p.index)))} ms`, ''],
    ['  checks (run, locate, fingerprint)', `${fmt(median(phaseRuns.map((p) => p.checks)))} ms`, `${scanRun.findings} findings, ${scanRun.suppressed} suppressed, ${scanRun.errors} errors, ${scanRun.warnings} warnings`],
    ['  risk (exposure, RBAC, NetworkPolicy)', `${fmt(median(phaseRuns.map((p) => p.risk)))} ms`, ''],
    ['ratio bare / scan (wall)', fmt(ratio, 2), `goal ≥ 0.70 (scan ≤ 1.4× bare) · ${ratio >= 0.7 ? 'met' : 'NOT met'} · per-run median ${fmt(median(ratios), 2)} · best runs ${fmt(bestRatio, 2)}`],
    ['ratio bare / scan (CPU time)', fmt(cpuRatio, 2), `CPU ms: bare ${fmt(median(bareCpu))}, scan ${fmt(median(scanCpu))} (GC and I/O threads included)`],
    ['wall floor of the scan: CPU / cores', `${fmt(cpuFloor)} ms`, cpuFloor <= budget ? `within the goal's ${fmt(budget)} ms` : `above the goal's ${fmt(budget)} ms on ${cores} cores: no parallelism meets it unless the scan's CPU falls by ${fmt(100 * (1 - budget / cpuFloor))}%`],
    ['full scan, main thread only (no parse workers)', `${fmt(median(oneThread))} ms`, `ratio bare / scan: wall ${fmt(bareMs / median(oneThread), 2)}, CPU ${fmt(median(bareCpu) / median(oneThreadCpu), 2)}`],
    ['scan with no checks (kubefort floor)', `${fmt(median(pipeline))} ms`, `ratio bare / floor: wall ${fmt(bareMs / median(pipeline), 2)}, CPU ${fmt(median(bareCpu) / median(pipelineCpu), 2)} (read, parse, index, risk model)`],
    ['check functions alone (CPU)', `${fmt(costs.reduce((sum, c) => sum + c.ms, 0))} ms`, `top: ${costs.slice(0, 3).map((c) => `${c.name} ${fmt(c.ms)} ms`).join(', ')} · again on the same inventory (shared models built): ${fmt(costs.reduce((sum, c) => sum + c.again, 0))} ms`],
    ['peak RSS, bare parse process', `${fmt(median(bareMem.map((m) => m.maxRssKb)) / 1024)} MB`, `heap after ${fmt(median(bareMem.map((m) => m.heapUsedMb)))} MB`],
    ['peak RSS, scan process', `${fmt(median(scanMem.map((m) => m.maxRssKb)) / 1024)} MB`, `heap after ${fmt(median(scanMem.map((m) => m.heapUsedMb)))} MB`],
    ['node -e "" start-up', `${fmt(nodeStart)} ms`, `median of ${startRuns}`],
    ['CLI start-up (dist/cli.js --help)', `${fmt(cliStart)} ms`, `median of ${startRuns} · goal < 300 ms · ${cliStart < 300 ? 'met' : 'NOT met'}`],
    ['CLI end-to-end scan (-o json)', `${fmt(cliScan)} ms`, `median of ${args.quick ? 1 : 3}, start-up and JSON output included`],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  out();
  for (const [name, value, note] of rows) out(`${name.padEnd(w0)}  ${value.padStart(w1)}  ${note}`);
  out();
  out(`runs (wall ms): bare ${bare.map((x) => fmt(x)).join(' ')} · scan ${scan.map((x) => fmt(x)).join(' ')}`);
  out(`machine load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${availableParallelism()} cores: compare ratios, not absolute times`);
  if (scanRun.resources !== corpus.objects || documents !== corpus.objects) out(`WARNING: expected ${corpus.objects} objects, scan found ${scanRun.resources}, bare parse ${documents}`);
  if (scanRun.errors > 0) out(`WARNING: the corpus should scan without input errors; got ${scanRun.errors}`);
  if (!args.keep && args.dir === undefined) rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 0;
});
