/**
 * Audit detection benchmark.
 *   (a) bare: the same file read in 1 MiB chunks, split on newlines, JSON.parse of every line: the floor;
 *   (b) analyze: readFileEvents + schema + normalise + de-duplication + every rule of the catalogue;
 *   each in its own child process (events/s and peak RSS), best of --iterations;
 *   (c) webhook: EventList batches of 400 POSTed over HTTPS on loopback to the listener (keep-alive,
 *   4 concurrent clients): events/s, and every event acknowledged and counted (none lost);
 *   (d) custom CEL rules: analyze with 3 custom rules that declare `match` pre-filters, then with a
 *   fourth that has none (CEL on every event): the cost of custom rules, and of skipping pre-filters.
 *
 *   npx tsx bench/audit.ts [--events 1000000] [--iterations 3] [--webhook-events 400000] [--file F] [--keep] [--no-cel]
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DetectionEngine } from '../src/detect/engine.js';
import { createAuditListener, listenerStats } from '../src/detect/listen.js';
import { createCA, issueCertificate } from '../src/detect/pki.js';
import { readFileEvents } from '../src/detect/read.js';
import { evaluationProblems, loadAuditRules } from '../src/detect/custom.js';
import type { DetectionRule } from '../src/detect/rule.js';
import { ALL_RULES } from '../src/detect/rules/index.js';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? dflt : (argv[i + 1] ?? dflt);
};
const EVENTS = Number(arg('events', '1000000'));
const ITERATIONS = Number(arg('iterations', '3'));
const WEBHOOK_EVENTS = Number(arg('webhook-events', '400000'));

// ---- realistic events: the mix of a busy cluster at Metadata level ----
const USERS = [
  { username: 'system:node:worker-1', groups: ['system:nodes', 'system:authenticated'] },
  { username: 'system:kube-controller-manager', groups: ['system:authenticated'] },
  { username: 'system:kube-scheduler', groups: ['system:authenticated'] },
  { username: 'system:serviceaccount:kube-system:coredns', uid: 'a3b1', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'], extra: { 'authentication.kubernetes.io/pod-name': ['coredns-7db6d8ff4d-x2v9q'], 'authentication.kubernetes.io/pod-uid': ['3f0c2a6e-5a0b-4c8f-9d1a-7e2b8c4d5f60'] } },
  { username: 'jane@example.com', groups: ['dev', 'system:authenticated'] },
];
const SHAPES: [string, string, string, string, number][] = [
  ['get', 'nodes', '', 'worker-1', 200],
  ['watch', 'pods', 'default', '', 200],
  ['update', 'leases', 'kube-system', 'kube-controller-manager', 200],
  ['list', 'endpointslices', 'kube-system', '', 200],
  ['get', 'configmaps', 'kube-system', 'kube-root-ca.crt', 200],
  ['patch', 'pods', 'default', 'web-5d9f7c8b6-abcde', 200],
  ['create', 'events', 'default', '', 201],
  ['list', 'pods', 'team-a', '', 403],
  ['get', 'secrets', 'team-a', 'db-password', 200],
];
function event(i: number, t0: number): string {
  const user = USERS[i % USERS.length] ?? USERS[0];
  const [verb, resource, namespace, name, code] = SHAPES[(i * 7) % SHAPES.length] ?? SHAPES[0] ?? ['get', 'pods', '', '', 200];
  const failed = i % 997 === 0;
  const ts = new Date(t0 + i).toISOString().replace('Z', '123Z');
  const group = resource === 'leases' ? 'coordination.k8s.io' : resource === 'endpointslices' ? 'discovery.k8s.io' : '';
  const path = `${group === '' ? '/api/v1' : `/apis/${group}/v1`}${namespace === '' ? '' : `/namespaces/${namespace}`}/${resource}${name === '' ? '' : `/${name}`}`;
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: randomUUID(),
    stage: failed ? 'ResponseStarted' : 'ResponseComplete',
    requestURI: `${path}${verb === 'watch' ? '?allowWatchBookmarks=true&resourceVersion=123456&timeout=7m31s&timeoutSeconds=451&watch=true' : ''}`,
    verb,
    user: failed ? {} : user,
    sourceIPs: [failed ? `198.51.100.${i % 50}` : '10.0.1.15'],
    userAgent: failed ? 'python-requests/2.31.0' : 'kubelet/v1.33.1 (linux/amd64) kubernetes/8adc0f0',
    objectRef: { resource, ...(namespace === '' ? {} : { namespace }), ...(name === '' ? {} : { name }), apiGroup: group, apiVersion: 'v1' },
    responseStatus: failed ? { metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 } : { metadata: {}, code },
    requestReceivedTimestamp: ts,
    stageTimestamp: ts,
    annotations: failed
      ? {}
      : code === 403
        ? { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' }
        : { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': `RBAC: allowed by ClusterRoleBinding "system:${resource}" of ClusterRole "system:${resource}" to Group "system:authenticated"` },
  });
}

async function writeCorpus(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  const t0 = Date.UTC(2026, 0, 1);
  let buf: string[] = [];
  for (let i = 0; i < n; i++) {
    buf.push(event(i, t0));
    if (buf.length === 5000) {
      if (!out.write(`${buf.join('\n')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = [];
    }
  }
  out.end(buf.length > 0 ? `${buf.join('\n')}\n` : '');
  await new Promise<void>((r) => out.once('finish', () => r()));
}

// ---- child modes ----
async function bare(file: string): Promise<number> {
  let n = 0;
  let rest: Buffer | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const buf: Buffer = rest === undefined ? (chunk as Buffer) : Buffer.concat([rest, chunk as Buffer]);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break;
      if (nl > start) {
        JSON.parse(buf.toString('utf8', start, nl));
        n++;
      }
      start = nl + 1;
    }
    rest = start < buf.length ? buf.subarray(start) : undefined;
  }
  return n;
}

// Custom rules for (d): three with pre-filters (secrets gets, 401s, pod creates), one without.
const HEAD = 'apiVersion: kubefort.io/v1alpha1\nkind: AuditRule\nseverity: high\ndescription: bench\n';
const CUSTOM_FILTERED = [
  `${HEAD}id: BENCH-1\ntitle: secret read by a person with a scripted client\nmatch: {resources: [secrets], verbs: [get]}\nexpression: '!event.user.username.startsWith("system:") && event.userAgent.startsWith("python")'\n`,
  `${HEAD}id: BENCH-2\ntitle: failed logins from one address\nmatch: {codes: [401]}\nexpression: event.user.username == ""\nwindow: {size: 60s, threshold: 20, key: event.sourceIP}\n`,
  `${HEAD}id: BENCH-3\ntitle: privileged pod\nmatch: {resources: [pods], verbs: [create]}\nexpression: event.requestObject.spec.containers.exists(c, has(c.securityContext) && c.securityContext.privileged == true)\n`,
];
const CUSTOM_UNFILTERED = `${HEAD}id: BENCH-4\ntitle: CI token outside CI\nexpression: event.user.username.startsWith("system:serviceaccount:ci:") && !event.sourceIP.startsWith("10.")\n`;

async function customRules(mode: string, file: string): Promise<DetectionRule[]> {
  if (mode === 'analyze') return [];
  const rulesFile = `${file}.${mode}.rules.yaml`;
  const docs = mode === 'cel-all' ? [...CUSTOM_FILTERED, CUSTOM_UNFILTERED] : CUSTOM_FILTERED;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(rulesFile, docs.join('---\n'));
  try {
    return await loadAuditRules([rulesFile], ALL_RULES);
  } finally {
    rmSync(rulesFile, { force: true });
  }
}

async function analyze(file: string, custom: readonly DetectionRule[]): Promise<{ events: number; alerts: number; problems: number; celEvaluations: number; celErrors: number }> {
  const engine = new DetectionEngine({ rules: [...ALL_RULES, ...custom] });
  let alerts = 0;
  let problems = 0;
  await readFileEvents(file, { event: (e) => (alerts += engine.process(e).length), problem: () => problems++ });
  const celEvaluations = custom.reduce((n, r) => n + ('custom' in r ? (r as { custom: { stats: { evaluated: number } } }).custom.stats.evaluated : 0), 0);
  return { events: engine.events, alerts, problems, celEvaluations, celErrors: evaluationProblems(custom).reduce((n, p) => n + p.errors, 0) };
}

async function child(mode: string, file: string): Promise<void> {
  // Custom rules are read and compiled before the clock starts, as the built-in rules are imported.
  const custom = mode === 'bare' ? [] : await customRules(mode, file);
  const t = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const result = mode === 'bare' ? { events: await bare(file) } : await analyze(file, custom);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ ...result, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}

function runChild(mode: string, file: string): { events: number; ms: number; cpuMs: number; maxRssMB: number; alerts?: number; problems?: number; celEvaluations?: number; celErrors?: number } {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, self, '--child', mode, '--file', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { events: number; ms: number; cpuMs: number; maxRssMB: number };
}

// ---- webhook ----
async function webhook(n: number): Promise<void> {
  const ca = createCA('bench-ca');
  const leaf = issueCertificate(ca, { commonName: 'bench', hosts: ['127.0.0.1'], server: true });
  const server = createAuditListener({ engine: new DetectionEngine({ rules: ALL_RULES }), sinks: [{ name: 'null', write: () => undefined }], cert: leaf.certPem, key: leaf.keyPem, token: 'bench-token' });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const t0 = Date.UTC(2026, 0, 2);
  const batches: string[] = [];
  for (let b = 0; b * 400 < n; b++) {
    const items = Array.from({ length: Math.min(400, n - b * 400) }, (_, k) => event(b * 400 + k, t0));
    batches.push(`{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[${items.join(',')}]}`);
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 4, ca: ca.certPem });
  const send = (body: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/audit?timeout=30s', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer bench-token', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  let failures = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        const body = batches[next++] ?? '';
        if ((await send(body)) !== 200) failures++;
      }
    }),
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const stats = listenerStats(server);
  agent.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  console.log(`webhook: ${n} events in ${batches.length} batches of 400 over HTTPS loopback: ${ms.toFixed(0)} ms = ${Math.round((n / ms) * 1000).toLocaleString('en')} events/s; acknowledged ${stats.events}, non-200 ${failures}, lost ${n - stats.events}`);
}

async function main(): Promise<void> {
  const childMode = arg('child', '');
  if (childMode !== '') return child(childMode, arg('file', ''));
  const file = arg('file', join(tmpdir(), `kubefort-audit-bench-${EVENTS}.jsonl`));
  const generated = !existsSync(file);
  if (generated) {
    const t = Date.now();
    await writeCorpus(file, EVENTS);
    console.log(`corpus: ${EVENTS.toLocaleString('en')} events, ${(statSync(file).size / 1e6).toFixed(0)} MB, written in ${Date.now() - t} ms (${file})`);
  }
  const size = statSync(file).size;
  console.log(`node ${process.version}; ${EVENTS.toLocaleString('en')} events, ${(size / 1e6).toFixed(0)} MB (${Math.round(size / EVENTS)} B/event); best of ${ITERATIONS}`);
  // Alternate the two so that a busy machine slows both alike; keep the best run of each.
  const runs: Record<'bare' | 'analyze' | 'cel' | 'cel-all', ReturnType<typeof runChild>[]> = { bare: [], analyze: [], cel: [], 'cel-all': [] };
  const withCel = !argv.includes('--no-cel');
  for (let i = 0; i < ITERATIONS; i++) {
    runs.bare.push(runChild('bare', file));
    runs.analyze.push(runChild('analyze', file));
    if (withCel) {
      runs.cel.push(runChild('cel', file));
      runs['cel-all'].push(runChild('cel-all', file));
    }
  }
  const fastest = (list: ReturnType<typeof runChild>[]) => list.reduce((x, y) => (y.ms < x.ms ? y : x));
  const b = fastest(runs.bare);
  const a = fastest(runs.analyze);
  const rate = (r: { events: number; ms: number }) => Math.round((r.events / r.ms) * 1000);
  const cpuRate = (r: { events: number; cpuMs: number }) => Math.round((r.events / r.cpuMs) * 1000);
  // CPU time (user + system of the child) is the fair figure on a shared machine; wall time is shown too.
  const bc = runs.bare.reduce((x, y) => (y.cpuMs < x.cpuMs ? y : x));
  const ac = runs.analyze.reduce((x, y) => (y.cpuMs < x.cpuMs ? y : x));
  console.log(`bare split + JSON.parse: ${cpuRate(bc).toLocaleString('en')} events/s of CPU (${bc.cpuMs.toFixed(0)} ms CPU); wall ${rate(b).toLocaleString('en')} events/s (${b.ms.toFixed(0)} ms); peak RSS ${b.maxRssMB.toFixed(0)} MB`);
  console.log(`kubefort analyze (${ALL_RULES.length} rules): ${cpuRate(ac).toLocaleString('en')} events/s of CPU (${ac.cpuMs.toFixed(0)} ms CPU); wall ${rate(a).toLocaleString('en')} events/s (${a.ms.toFixed(0)} ms); peak RSS ${a.maxRssMB.toFixed(0)} MB; ${a.alerts ?? 0} alerts, ${a.problems ?? 0} problems`);
  console.log(`ratio analyze / bare: ${(cpuRate(ac) / cpuRate(bc)).toFixed(2)} by CPU time, ${(rate(a) / rate(b)).toFixed(2)} by wall time (goal ≥ 0.6)`);
  for (const mode of ['cel', 'cel-all'] as const) {
    if (runs[mode].length === 0) continue;
    const c = runs[mode].reduce((x, y) => (y.cpuMs < x.cpuMs ? y : x));
    const label = mode === 'cel' ? '+ 3 custom CEL rules with match pre-filters' : '+ a 4th custom rule without pre-filter (CEL on every event)';
    console.log(`kubefort analyze ${label}: ${cpuRate(c).toLocaleString('en')} events/s of CPU (${c.cpuMs.toFixed(0)} ms CPU, ${(((c.cpuMs - ac.cpuMs) * 1000) / c.events).toFixed(2)} µs/event more than without); ${c.celEvaluations ?? 0} CEL evaluations, ${c.celErrors ?? 0} errors; ${c.alerts ?? 0} alerts; ratio to bare ${(cpuRate(c) / cpuRate(bc)).toFixed(2)} by CPU time`);
  }
  await webhook(WEBHOOK_EVENTS);
  // A corpus this run generated is removed; one given with --file is the caller's.
  if (generated && !argv.includes('--keep')) rmSync(file, { force: true });
}

await main();
