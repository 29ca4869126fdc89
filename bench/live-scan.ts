/**
 * Live scan benchmark: a real kube-apiserver (the test harness) filled with 20,000
 * objects of the kinds a scan lists, then `kubefort scan` against it (wall time and
 * peak RSS of the CLI process), compared with `kubectl get --raw` listing the same
 * resources one after the other (when kubectl is installed).
 *
 *   npm run build && harness/build.sh && npx tsx bench/live-scan.ts [objects]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { apiRequest } from '../test/harness/request.js';
import { startCluster, type Cluster } from '../test/harness/cluster.js';
import { listPath, SCAN_TYPES } from '../src/sources/cluster-types.js';

const TOTAL = Number(process.argv[2] ?? 20_000);
const NAMESPACES = 50;
const CONCURRENCY = 24;

type Maker = (ns: string, i: number) => { path: string; body: unknown };

const labels = (i: number) => ({ app: `app-${i}`, tier: i % 3 === 0 ? 'web' : 'backend' });
const podSpec = (i: number) => ({
  serviceAccountName: 'default',
  containers: [
    {
      name: 'app',
      image: i % 5 === 0 ? 'nginx:latest' : `registry.example.com/app:${i}.0`,
      ports: [{ containerPort: 8080, name: 'http' }],
      securityContext: i % 7 === 0 ? { privileged: true } : { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      resources: { limits: { cpu: '500m', memory: '256Mi' } },
    },
  ],
});

/** Kinds in realistic proportions (per namespace, out of 20). */
const MAKERS: [number, Maker][] = [
  [5, (ns, i) => ({ path: `/apis/apps/v1/namespaces/${ns}/deployments`, body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${i}`, labels: labels(i) }, spec: { selector: { matchLabels: labels(i) }, template: { metadata: { labels: labels(i) }, spec: podSpec(i) } } } })],
  [4, (ns, i) => ({ path: `/api/v1/namespaces/${ns}/pods`, body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, labels: labels(i) }, spec: podSpec(i) } })],
  [3, (ns, i) => ({ path: `/api/v1/namespaces/${ns}/services`, body: { apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}` }, spec: { type: i % 10 === 0 ? 'NodePort' : 'ClusterIP', selector: labels(i), ports: [{ port: 80, targetPort: 8080 }] } } })],
  [2, (ns, i) => ({ path: `/api/v1/namespaces/${ns}/serviceaccounts`, body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: `sa-${i}` } } })],
  [2, (ns, i) => ({ path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: `role-${i}` }, rules: [{ apiGroups: [''], resources: i % 4 === 0 ? ['secrets'] : ['configmaps'], verbs: ['get', 'list'] }] } })],
  [2, (ns, i) => ({ path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: `rb-${i}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: `role-${i}` }, subjects: [{ kind: 'ServiceAccount', name: `sa-${i}`, namespace: ns }] } })],
  [1, (ns, i) => ({ path: `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies`, body: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np-${i}` }, spec: { podSelector: { matchLabels: labels(i) }, ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'web' } } }] }] } } })],
  [1, (ns, i) => ({ path: `/apis/batch/v1/namespaces/${ns}/cronjobs`, body: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: `cron-${i}` }, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { ...podSpec(i), restartPolicy: 'Never' } } } } } } })],
];

export async function fill(cluster: Cluster): Promise<number> {
  const auth = { ca: readFileSync(cluster.caFile), cert: readFileSync(cluster.adminCertFile), key: readFileSync(cluster.adminKeyFile) };
  const jobs: { path: string; body: unknown }[] = [];
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `bench-${n}`;
    jobs.push({ path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    jobs.push({ path: `/api/v1/namespaces/${ns}/serviceaccounts`, body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } } });
  }
  const perNamespace = Math.ceil((TOTAL - jobs.length) / NAMESPACES);
  const weights = MAKERS.reduce((sum, [w]) => sum + w, 0);
  for (let n = 0; n < NAMESPACES; n++) {
    let i = 0;
    for (const [weight, make] of MAKERS) {
      const count = Math.round((perNamespace * weight) / weights);
      for (let k = 0; k < count; k++) jobs.push(make(`bench-${n}`, i++));
    }
  }
  // Namespaces and their default ServiceAccounts first, then everything else in parallel.
  const head = jobs.splice(0, NAMESPACES * 2);
  for (const job of head) await apiRequest(cluster.server, job.path, { ...auth, method: 'POST', body: job.body });
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        if (job === undefined) break;
        const res = await apiRequest(cluster.server, job.path, { ...auth, method: 'POST', body: job.body });
        if (res.status !== 201) failed++;
      }
    }),
  );
  if (failed > 0) console.error(`${failed} objects were refused`);
  return head.length + jobs.length - failed;
}

function timeCommand(command: string, args: string[]): { ms: number; maxRssMb: number; status: number | null; stdoutBytes: number } {
  const t0 = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const ms = performance.now() - t0;
  const rssKb = Number(run.stderr.trim().split('\n').pop());
  return { ms, maxRssMb: rssKb / 1024, status: run.status, stdoutBytes: run.stdout.length };
}

async function main(): Promise<void> {
  const cluster = await startCluster({ profile: 'hardened' });
  try {
    const t0 = performance.now();
    const created = await fill(cluster);
    console.log(`created ${created} objects in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const runs = [1, 2, 3].map(() => timeCommand(process.execPath, ['dist/cli.js', 'scan', '--kubeconfig', cluster.kubeconfig, '-o', 'json', '--fail-on', 'never']));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const scanMs = median(runs.map((r) => r.ms));
    const scanRss = median(runs.map((r) => r.maxRssMb));
    console.log(`kubefort scan (CLI, all checks, JSON out): median ${scanMs.toFixed(0)} ms, peak RSS ${scanRss.toFixed(0)} MB, exit ${runs[0]?.status}`);
    const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    if (kubectl.status === 0) {
      const lists = [1, 2, 3].map(() => {
        const t = performance.now();
        for (const type of SCAN_TYPES) {
          const r = spawnSync('kubectl', ['--kubeconfig', cluster.kubeconfig, 'get', '--raw', listPath(type)], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
          if (r.status !== 0) throw new Error(`kubectl get --raw ${listPath(type)}: ${r.stderr}`);
        }
        return performance.now() - t;
      });
      const kubectlMs = median(lists);
      console.log(`kubectl get --raw of the same ${SCAN_TYPES.length} lists, one after the other: median ${kubectlMs.toFixed(0)} ms`);
      console.log(`ratio scan / kubectl lists: ${(scanMs / kubectlMs).toFixed(2)}`);
    } else {
      console.log('kubectl not installed: no comparison');
    }
  } finally {
    await cluster.stop();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
