/**
 * A deterministic corpus of Kubernetes manifests for the scan benchmark: the
 * rendered charts and hand-written manifests of a mid-size estate, ~10,000 objects
 * in ~300 multi-document YAML files under `<env>/<namespace>/<release>.yaml`.
 *
 * Kinds come in the proportions a real estate has them (many Services, ConfigMaps
 * and ServiceAccounts per Deployment; a few DaemonSets; RBAC and NetworkPolicies
 * per namespace), objects are as large and varied as real chart output, and about
 * a quarter of the workloads carry at least one insecure setting. Secrets hold
 * fake values only.
 *
 * Same seed, same bytes: a seeded PRNG (mulberry32) drives every choice.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { YamlWriter, type Json, type WriterStyle } from './yaml-writer.js';
import { mulberry32 } from './prng.js';

export interface CorpusOptions {
  /** Objects in the corpus (default 10,000). */
  readonly objects?: number;
  /** Files to spread them over (default 300). */
  readonly files?: number;
  readonly seed?: number;
}

export interface CorpusFile {
  /** Path relative to the corpus root, `/`-separated. */
  readonly path: string;
  readonly text: string;
  /** The objects written to the file, in order (what a parser must give back). */
  readonly objects: readonly Obj[];
}

export interface Corpus {
  readonly files: readonly CorpusFile[];
  readonly objects: number;
  readonly bytes: number;
  readonly kinds: Readonly<Record<string, number>>;
  readonly workloads: number;
  /** Workloads with at least one insecure setting. */
  readonly insecureWorkloads: number;
  /** Containers with `privileged: true` (what KF-W-001 must find). */
  readonly privilegedContainers: number;
}

type Obj = { [key: string]: Json };

/** The kinds and their share of objects, roughly what `kubectl get` lists across a mid-size estate. */
const KIND_WEIGHTS: readonly (readonly [string, number])[] = [
  ['Deployment', 15],
  ['StatefulSet', 2.5],
  ['DaemonSet', 1.2],
  ['CronJob', 2.5],
  ['Job', 1.3],
  ['Pod', 1.5],
  ['Service', 16],
  ['ConfigMap', 15],
  ['Secret', 9],
  ['ServiceAccount', 12],
  ['Role', 4],
  ['RoleBinding', 5],
  ['ClusterRole', 2],
  ['ClusterRoleBinding', 2],
  ['NetworkPolicy', 5],
  ['Namespace', 1.5],
  ['Ingress', 4.5],
];

/** Helm's install order, which is also the order rendered charts list kinds in. */
const HELM_ORDER = ['Namespace', 'NetworkPolicy', 'ServiceAccount', 'Secret', 'ConfigMap', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Service', 'DaemonSet', 'Pod', 'Deployment', 'StatefulSet', 'Job', 'CronJob', 'Ingress'];

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job', 'Pod']);

const TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'billing', 'ledger', 'notifications', 'recommendations', 'inventory', 'shipping', 'reviews', 'media', 'analytics', 'pricing', 'fraud', 'support', 'loyalty', 'partners', 'gateway'];
const PLATFORM = ['monitoring', 'logging', 'ingress-nginx', 'cert-manager', 'kube-system', 'argocd', 'vault', 'istio-system'];
const ENVS = ['prod', 'staging', 'dev'];
const COMPONENTS = ['api', 'worker', 'web', 'consumer', 'scheduler', 'gateway', 'cache', 'indexer', 'exporter', 'sync', 'admin', 'grpc', 'frontend', 'backend', 'processor'];
const REGISTRIES = ['registry.example.com/shop', 'ghcr.io/example-org', 'docker.io/library', '123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'quay.io/example'];
const SIDECARS = [
  { name: 'envoy', image: 'envoyproxy/envoy:v1.31.2', port: 9901 },
  { name: 'fluent-bit', image: 'fluent/fluent-bit:3.1.9', port: 2020 },
  { name: 'oauth2-proxy', image: 'quay.io/oauth2-proxy/oauth2-proxy:v7.7.1', port: 4180 },
  { name: 'cloud-sql-proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.13.0', port: 9090 },
];
const DATABASES = [
  { name: 'postgres', image: 'postgres:16.4', port: 5432, data: '/var/lib/postgresql/data' },
  { name: 'redis', image: 'redis:7.4.1', port: 6379, data: '/data' },
  { name: 'mongodb', image: 'mongo:7.0.14', port: 27017, data: '/data/db' },
  { name: 'kafka', image: 'bitnami/kafka:3.8.0', port: 9092, data: '/bitnami/kafka' },
  { name: 'elasticsearch', image: 'docker.elastic.co/elasticsearch/elasticsearch:8.15.2', port: 9200, data: '/usr/share/elasticsearch/data' },
];
const AGENTS = [
  { name: 'node-exporter', image: 'quay.io/prometheus/node-exporter:v1.8.2', port: 9100, host: ['/proc', '/sys', '/'] },
  { name: 'fluent-bit', image: 'fluent/fluent-bit:3.1.9', port: 2020, host: ['/var/log', '/var/lib/docker/containers'] },
  { name: 'csi-node', image: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.12.0', port: 9808, host: ['/var/lib/kubelet', '/dev'] },
  { name: 'falco', image: 'falcosecurity/falco:0.39.1', port: 8765, host: ['/var/run/containerd/containerd.sock', '/proc', '/etc'] },
];

class Gen {
  insecure = 0;
  workloads = 0;
  constructor(readonly random: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)] as T;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.random() * 16)];
    return s;
  }
  base64(bytes: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let s = '';
    const n = Math.ceil(bytes / 3) * 4;
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.random() * 64)];
    return s;
  }
  kind(): string {
    const total = KIND_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
    let r = this.random() * total;
    for (const [kind, w] of KIND_WEIGHTS) {
      r -= w;
      if (r < 0) return kind;
    }
    return 'ConfigMap';
  }
}

/** One release of one chart: the namespace, app and naming everything in a file shares. */
interface Release {
  readonly namespace: string;
  readonly app: string;
  readonly chart: string;
  readonly version: string;
  readonly helm: boolean;
}

function labels(g: Gen, rel: Release, component: string, full: boolean): Obj {
  const base: Obj = { 'app.kubernetes.io/name': rel.app, 'app.kubernetes.io/instance': rel.app, 'app.kubernetes.io/component': component };
  if (!full) return base;
  base['app.kubernetes.io/version'] = rel.version;
  base['app.kubernetes.io/part-of'] = rel.namespace.replace(/-(prod|staging|dev)$/, '');
  if (rel.helm) {
    base['app.kubernetes.io/managed-by'] = 'Helm';
    base['helm.sh/chart'] = `${rel.chart}-${rel.version}`;
  }
  if (g.chance(0.3)) base.team = rel.namespace.split('-')[0] as string;
  return base;
}

function meta(g: Gen, rel: Release, name: string, component: string, namespaced = true): Obj {
  const m: Obj = { name };
  if (namespaced) m.namespace = rel.namespace;
  m.labels = labels(g, rel, component, true);
  if (g.chance(0.25)) m.annotations = { 'meta.helm.sh/release-name': rel.app, 'meta.helm.sh/release-namespace': rel.namespace };
  return m;
}

function image(g: Gen, name: string, insecureTag: boolean): string {
  const repo = `${g.pick(REGISTRIES)}/${name}`;
  if (insecureTag) return g.chance(0.5) ? `${repo}:latest` : repo;
  if (g.chance(0.35)) return `${repo}@sha256:${g.hex(64)}`;
  return `${repo}:${g.int(1, 4)}.${g.int(0, 30)}.${g.int(0, 12)}`;
}

type Insecurity = 'privileged' | 'escalation' | 'root' | 'hostNetwork' | 'hostPID' | 'hostPath' | 'capabilities' | 'latest' | 'noLimits' | 'secretEnv' | 'automount';

function insecurities(g: Gen): Set<Insecurity> {
  const found = new Set<Insecurity>();
  g.workloads++;
  if (!g.chance(0.25)) return found;
  g.insecure++;
  const all: Insecurity[] = ['privileged', 'escalation', 'root', 'hostNetwork', 'hostPID', 'hostPath', 'capabilities', 'latest', 'noLimits', 'secretEnv', 'automount'];
  const n = g.int(1, 3);
  for (let i = 0; i < n; i++) found.add(g.pick(all));
  return found;
}

function env(g: Gen, rel: Release, bad: Set<Insecurity>): Json[] {
  const vars: Json[] = [
    { name: 'APP_ENV', value: rel.namespace.split('-').pop() as string },
    { name: 'LOG_LEVEL', value: g.pick(['info', 'debug', 'warn']) },
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
  ];
  const extra = g.int(0, 10);
  for (let i = 0; i < extra; i++) {
    const r = g.random();
    if (r < 0.4) vars.push({ name: `FEATURE_${g.pick(['CACHE', 'TRACING', 'METRICS', 'BATCH', 'RETRY', 'ASYNC'])}_${i}`, value: g.pick(['true', 'false', '30s', '5', 'enabled']) });
    else if (r < 0.7) vars.push({ name: `${g.pick(['DB', 'REDIS', 'KAFKA', 'SMTP'])}_PASSWORD_${i}`, valueFrom: { secretKeyRef: { name: `${rel.app}-secrets`, key: `password-${i}` } } });
    else vars.push({ name: `UPSTREAM_${i}_URL`, valueFrom: { configMapKeyRef: { name: `${rel.app}-config`, key: `upstream-${i}` } } });
  }
  if (bad.has('secretEnv')) vars.push({ name: 'DATABASE_PASSWORD', value: `fake-${g.hex(12)}` });
  return vars;
}

function probe(g: Gen, port: number): Obj {
  return g.chance(0.8)
    ? { httpGet: { path: g.pick(['/healthz', '/ready', '/livez', '/actuator/health']), port }, initialDelaySeconds: g.int(0, 30), periodSeconds: g.pick([5, 10, 15]), timeoutSeconds: g.int(1, 5), failureThreshold: 3 }
    : { tcpSocket: { port }, periodSeconds: 10 };
}

function container(g: Gen, rel: Release, name: string, img: string, port: number, bad: Set<Insecurity>, main: boolean): Obj {
  const c: Obj = { name, image: img, imagePullPolicy: g.pick(['IfNotPresent', 'IfNotPresent', 'Always']) };
  if (main && g.chance(0.4)) c.args = [`--port=${port}`, `--log-level=${g.pick(['info', 'debug'])}`, '--metrics'];
  c.ports = [{ name: 'http', containerPort: port, protocol: 'TCP' }];
  if (g.chance(0.4)) (c.ports as Json[]).push({ name: 'metrics', containerPort: 9090, protocol: 'TCP' });
  if (main) c.env = env(g, rel, bad);
  if (main && g.chance(0.3)) c.envFrom = [{ configMapRef: { name: `${rel.app}-config` } }];
  if (!bad.has('noLimits') || !main) {
    c.resources = {
      requests: { cpu: `${g.pick([50, 100, 250, 500])}m`, memory: `${g.pick([64, 128, 256, 512])}Mi` },
      limits: { cpu: g.pick(['500m', '1', '2']), memory: `${g.pick([256, 512, 1024, 2048])}Mi` },
    };
  }
  if (main) {
    c.livenessProbe = probe(g, port);
    c.readinessProbe = probe(g, port);
  }
  const mounts: Json[] = [{ name: 'config', mountPath: '/etc/app', readOnly: true }];
  if (g.chance(0.5)) mounts.push({ name: 'tmp', mountPath: '/tmp' });
  if (bad.has('hostPath') && main) mounts.push({ name: 'host', mountPath: '/host' });
  c.volumeMounts = mounts;
  const sc: Obj = {};
  if (main && bad.has('privileged')) sc.privileged = true;
  else if (g.chance(0.85)) {
    sc.allowPrivilegeEscalation = main && bad.has('escalation');
    sc.readOnlyRootFilesystem = g.chance(0.7);
    if (g.chance(0.8)) sc.runAsNonRoot = true;
    sc.capabilities = main && bad.has('capabilities') ? { add: [g.pick(['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE'])] } : { drop: ['ALL'] };
  }
  if (main && bad.has('root')) sc.runAsUser = 0;
  if (Object.keys(sc).length > 0) c.securityContext = sc;
  return c;
}

function podSpec(g: Gen, rel: Release, component: string, bad: Set<Insecurity>, extra: Partial<Obj> = {}): Obj {
  const port = g.pick([8080, 8000, 3000, 9000, 5000]);
  const containers: Json[] = [container(g, rel, component, image(g, `${rel.app}-${component}`, bad.has('latest')), port, bad, true)];
  const sidecars = g.chance(0.35) ? g.int(1, 2) : 0;
  for (let i = 0; i < sidecars; i++) {
    const s = g.pick(SIDECARS);
    if (!containers.some((c) => (c as Obj).name === s.name)) containers.push(container(g, rel, s.name, s.image, s.port, bad, false));
  }
  const spec: Obj = {};
  spec.serviceAccountName = g.chance(0.8) ? rel.app : 'default';
  if (bad.has('automount')) spec.automountServiceAccountToken = true;
  else if (g.chance(0.4)) spec.automountServiceAccountToken = false;
  if (g.chance(0.75)) spec.securityContext = { runAsNonRoot: true, runAsUser: g.pick([1000, 10001, 65532]), fsGroup: 2000, seccompProfile: { type: 'RuntimeDefault' } };
  if (bad.has('hostNetwork')) spec.hostNetwork = true;
  if (bad.has('hostPID')) spec.hostPID = true;
  if (g.chance(0.2)) {
    spec.initContainers = [
      { name: 'wait-for-db', image: 'busybox:1.36.1', command: ['sh', '-c', `until nc -z ${rel.app}-db 5432; do echo waiting; sleep 2; done`], resources: { limits: { cpu: '100m', memory: '64Mi' } } },
    ];
  }
  spec.containers = containers;
  const volumes: Json[] = [{ name: 'config', configMap: { name: `${rel.app}-config` } }, { name: 'tmp', emptyDir: {} }];
  if (bad.has('hostPath')) volumes.push({ name: 'host', hostPath: { path: g.pick(['/', '/var/run/docker.sock', '/etc', '/var/log']), type: 'Directory' } });
  if (g.chance(0.3)) volumes.push({ name: 'tls', secret: { secretName: `${rel.app}-tls`, defaultMode: 420 } });
  spec.volumes = volumes;
  if (g.chance(0.3)) spec.nodeSelector = { 'kubernetes.io/os': 'linux', ...(g.chance(0.5) ? { 'node.kubernetes.io/pool': g.pick(['general', 'compute', 'memory']) } : {}) };
  if (g.chance(0.25)) {
    spec.affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { 'app.kubernetes.io/name': rel.app, 'app.kubernetes.io/component': component } }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
    };
  }
  if (g.chance(0.15)) spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: rel.namespace, effect: 'NoSchedule' }];
  if (g.chance(0.3)) spec.terminationGracePeriodSeconds = g.pick([30, 60, 120]);
  return { ...spec, ...extra } as Obj;
}

function template(g: Gen, rel: Release, component: string, spec: Obj): Obj {
  const m: Obj = { labels: labels(g, rel, component, false) };
  if (g.chance(0.6)) m.annotations = { 'checksum/config': g.hex(64), ...(g.chance(0.3) ? { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' } : {}) };
  return { metadata: m, spec };
}

function workload(g: Gen, kind: string, rel: Release, name: string, component: string): Obj {
  const bad = insecurities(g);
  const selector = { matchLabels: { 'app.kubernetes.io/name': rel.app, 'app.kubernetes.io/component': component } };
  switch (kind) {
    case 'Deployment':
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata: meta(g, rel, name, component),
        spec: {
          replicas: g.pick([1, 2, 3, 3, 5]),
          revisionHistoryLimit: 10,
          selector,
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
          template: template(g, rel, component, podSpec(g, rel, component, bad)),
        },
      };
    case 'StatefulSet': {
      const db = g.pick(DATABASES);
      const spec = podSpec(g, rel, component, bad);
      (spec.containers as Json[])[0] = container(g, rel, db.name, bad.has('latest') ? `${db.image.split(':')[0] as string}:latest` : db.image, db.port, bad, true);
      ((spec.containers as Json[])[0] as Obj).volumeMounts = [{ name: 'data', mountPath: db.data }];
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata: meta(g, rel, name, component),
        spec: {
          serviceName: `${name}-headless`,
          replicas: g.pick([1, 3]),
          podManagementPolicy: 'OrderedReady',
          selector,
          template: template(g, rel, component, spec),
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: g.pick(['gp3', 'standard-rwo', 'premium']), resources: { requests: { storage: `${g.pick([10, 20, 50, 100])}Gi` } } } }],
        },
      };
    }
    case 'DaemonSet': {
      const agent = g.pick(AGENTS);
      const spec = podSpec(g, rel, component, bad, { hostNetwork: agent.name === 'node-exporter' || bad.has('hostNetwork') });
      const c = container(g, rel, agent.name, bad.has('latest') ? `${agent.image.split(':')[0] as string}:latest` : agent.image, agent.port, bad, true);
      c.volumeMounts = agent.host.map((p, i) => ({ name: `host-${i}`, mountPath: `/host${p === '/' ? '/root' : p}`, readOnly: true }));
      spec.containers = [c];
      spec.volumes = agent.host.map((p, i) => ({ name: `host-${i}`, hostPath: { path: p } }));
      spec.tolerations = [{ operator: 'Exists' }];
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata: meta(g, rel, name, component),
        spec: { selector, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }, template: template(g, rel, component, spec) },
      };
    }
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata: meta(g, rel, name, component),
        spec: {
          schedule: g.pick(['0 3 * * *', '*/15 * * * *', '30 1 * * 0', '@hourly']),
          concurrencyPolicy: 'Forbid',
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 1,
          jobTemplate: { spec: { backoffLimit: 2, activeDeadlineSeconds: 3600, template: template(g, rel, component, podSpec(g, rel, component, bad, { restartPolicy: 'OnFailure' })) } },
        },
      };
    case 'Job':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata: meta(g, rel, name, component),
        spec: { backoffLimit: 4, ttlSecondsAfterFinished: 86400, template: template(g, rel, component, podSpec(g, rel, component, bad, { restartPolicy: 'Never' })) },
      };
    default:
      return { apiVersion: 'v1', kind: 'Pod', metadata: meta(g, rel, name, component), spec: podSpec(g, rel, component, bad, { restartPolicy: 'Always' }) };
  }
}

const CONFIG_FILES: readonly ((g: Gen, rel: Release) => [string, string])[] = [
  (g, rel) => [
    'application.yaml',
    `server:\n  port: 8080\n  shutdown: graceful\nspring:\n  application:\n    name: ${rel.app}\n  datasource:\n    url: jdbc:postgresql://${rel.app}-db:5432/${rel.app}\n    hikari:\n      maximum-pool-size: ${g.int(5, 50)}\nmanagement:\n  endpoints:\n    web:\n      exposure:\n        include: health,prometheus\n`,
  ],
  (g, rel) => [
    'nginx.conf',
    `worker_processes auto;\nevents {\n  worker_connections ${g.pick([1024, 4096])};\n}\nhttp {\n  server {\n    listen 8080;\n    location / {\n      proxy_pass http://${rel.app}-api:8080;\n      proxy_set_header Host $host;\n    }\n    location /healthz {\n      return 200;\n    }\n  }\n}\n`,
  ],
  (g) => ['settings.json', `{\n  "cacheTtlSeconds": ${g.int(10, 600)},\n  "retries": ${g.int(1, 5)},\n  "regions": ["eu-west-1", "us-east-1"]\n}\n`],
  (g, rel) => ['logging.properties', `log.level=INFO\nlog.format=json\nlog.service=${rel.app}\nlog.sample.rate=${g.pick(['0.1', '0.5', '1.0'])}\n`],
];

function configMap(g: Gen, rel: Release, name: string): Obj {
  const data: Obj = {};
  const keys = g.int(1, 8);
  for (let i = 0; i < keys; i++) data[`upstream-${i}`] = `http://${g.pick(COMPONENTS)}.${g.pick(TEAMS)}.svc.cluster.local:${g.pick([80, 8080, 9000])}`;
  if (g.chance(0.5)) {
    const [file, body] = g.pick(CONFIG_FILES)(g, rel);
    data[file] = body;
  }
  if (g.chance(0.3)) data.FEATURE_FLAGS = 'checkout-v2,fast-search';
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(g, rel, name, 'config'), data };
}

function secret(g: Gen, rel: Release, name: string): Obj {
  if (g.chance(0.25)) {
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(g, rel, `${rel.app}-tls`, 'tls'),
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': g.base64(900), 'tls.key': g.base64(1190) },
    };
  }
  const data: Obj = {};
  const n = g.int(1, 6);
  for (let i = 0; i < n; i++) data[`password-${i}`] = g.base64(g.int(12, 48));
  const s: Obj = { apiVersion: 'v1', kind: 'Secret', metadata: meta(g, rel, name, 'secrets'), type: 'Opaque', data };
  if (g.chance(0.2)) s.stringData = { 'api-key': `fake-${g.hex(24)}` };
  return s;
}

function service(g: Gen, rel: Release, name: string, component: string): Obj {
  const type = g.chance(0.85) ? 'ClusterIP' : g.chance(0.6) ? 'LoadBalancer' : 'NodePort';
  const ports: Json[] = [{ name: 'http', port: 80, targetPort: g.chance(0.5) ? 'http' : 8080, protocol: 'TCP' }];
  if (g.chance(0.3)) ports.push({ name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' });
  const spec: Obj = { type, selector: { 'app.kubernetes.io/name': rel.app, 'app.kubernetes.io/component': component }, ports };
  if (type === 'LoadBalancer' && g.chance(0.5)) spec.loadBalancerSourceRanges = ['10.0.0.0/8'];
  const s: Obj = { apiVersion: 'v1', kind: 'Service', metadata: meta(g, rel, name, component), spec };
  if (type === 'LoadBalancer') (s.metadata as Obj).annotations = { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb', 'service.beta.kubernetes.io/aws-load-balancer-internal': g.chance(0.5) ? 'true' : 'false' };
  return s;
}

function rbac(g: Gen, kind: string, rel: Release, name: string): Obj {
  const clusterScoped = kind.startsWith('Cluster');
  const m = meta(g, rel, clusterScoped ? `${rel.namespace}-${name}` : name, 'rbac', !clusterScoped);
  if (kind.endsWith('Binding')) {
    const admin = g.chance(0.08);
    const roleKind = clusterScoped || g.chance(0.3) ? 'ClusterRole' : 'Role';
    return {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
      metadata: m,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: admin ? 'ClusterRole' : roleKind, name: admin ? 'cluster-admin' : roleKind === 'ClusterRole' ? g.pick(['view', 'edit', `${rel.namespace}-${name}`]) : name },
      subjects: [{ kind: 'ServiceAccount', name: rel.app, namespace: rel.namespace }, ...(g.chance(0.2) ? [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `${rel.namespace.split('-')[0] as string}-developers` }] : [])],
    };
  }
  const rules: Json[] = [
    { apiGroups: [''], resources: ['configmaps', 'services'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] },
  ];
  if (g.chance(0.3)) rules.push({ apiGroups: [''], resources: ['secrets'], resourceNames: [`${rel.app}-secrets`], verbs: ['get'] });
  if (g.chance(0.1)) rules.push({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] });
  if (g.chance(0.08)) rules.push({ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] });
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: m, rules };
}

function networkPolicy(g: Gen, rel: Release, name: string): Obj {
  if (g.chance(0.4)) {
    return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(g, rel, `${name}-default-deny`, 'network'), spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(g, rel, name, 'network'),
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': rel.app } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }, { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': rel.namespace } } }],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ],
    },
  };
}

function namespace(g: Gen, rel: Release, name: string): Obj {
  const l: Obj = { 'kubernetes.io/metadata.name': name };
  if (g.chance(0.6)) {
    const level = g.pick(['restricted', 'baseline', 'privileged']);
    l['pod-security.kubernetes.io/enforce'] = level;
    l['pod-security.kubernetes.io/enforce-version'] = 'latest';
    l['pod-security.kubernetes.io/warn'] = 'restricted';
  }
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: l } };
}

function ingress(g: Gen, rel: Release, name: string): Obj {
  const host = `${rel.app}.${rel.namespace.split('-').pop() as string}.example.com`;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { ...meta(g, rel, name, 'web'), annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt', 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } },
    spec: {
      ingressClassName: 'nginx',
      ...(g.chance(0.8) ? { tls: [{ hosts: [host], secretName: `${rel.app}-tls` }] } : {}),
      rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: `${rel.app}-web`, port: { number: 80 } } } }] } }],
    },
  };
}

function object(g: Gen, kind: string, rel: Release, serial: number): Obj {
  const component = g.pick(COMPONENTS);
  const name = `${rel.app}-${component}${serial > 0 ? `-${serial}` : ''}`;
  if (WORKLOAD_KINDS.has(kind)) return workload(g, kind, rel, name, component);
  switch (kind) {
    case 'Service':
      return service(g, rel, name, component);
    case 'ConfigMap':
      return configMap(g, rel, `${name}-config`);
    case 'Secret':
      return secret(g, rel, `${name}-secrets`);
    case 'ServiceAccount': {
      const sa: Obj = { apiVersion: 'v1', kind, metadata: meta(g, rel, name, component) };
      if (g.chance(0.4)) sa.automountServiceAccountToken = false;
      if (g.chance(0.2)) (sa.metadata as Obj).annotations = { 'eks.amazonaws.com/role-arn': `arn:aws:iam::123456789012:role/${name}` };
      return sa;
    }
    case 'Role':
    case 'ClusterRole':
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return rbac(g, kind, rel, name);
    case 'NetworkPolicy':
      return networkPolicy(g, rel, name);
    case 'Namespace':
      return namespace(g, rel, serial > 0 ? `${rel.namespace}-${serial}` : rel.namespace);
    default:
      return ingress(g, rel, name);
  }
}

/** Builds the corpus in memory: the files' text and the objects each must parse to. */
export function buildCorpus(options: CorpusOptions = {}): Corpus {
  const total = options.objects ?? 10_000;
  const fileCount = Math.max(1, Math.min(options.files ?? 300, total));
  const g = new Gen(mulberry32(options.seed ?? 20_240_601));

  // File sizes: uneven like real releases (a CRD-free umbrella chart next to a one-Deployment app), summing to `total`.
  const weights = Array.from({ length: fileCount }, () => 0.3 + g.random() * 1.7);
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((w / sum) * total)));
  for (let i = 0, left = total - sizes.reduce((a, b) => a + b, 0); left !== 0; i = (i + 1) % fileCount) {
    const size = sizes[i] as number;
    if (left > 0) {
      sizes[i] = size + 1;
      left--;
    } else if (size > 1) {
      sizes[i] = size - 1;
      left++;
    }
  }

  const files: CorpusFile[] = [];
  const kinds: Record<string, number> = {};
  let bytes = 0;
  for (let f = 0; f < fileCount; f++) {
    const env = g.pick(ENVS);
    const team = g.chance(0.85) ? g.pick(TEAMS) : g.pick(PLATFORM);
    const ns = team === 'kube-system' ? team : `${team}-${env}`;
    const app = `${team.split('-')[0] as string}-${g.pick(COMPONENTS)}`;
    const rel: Release = { namespace: ns, app, chart: app, version: `${g.int(0, 3)}.${g.int(0, 20)}.${g.int(0, 9)}`, helm: g.chance(0.45) };
    const style: WriterStyle = {
      indentSequences: rel.helm || g.chance(0.5),
      flowProbability: g.chance(0.15) ? 0.25 : 0.01,
      commentProbability: rel.helm ? 0.003 : 0.03,
      trailingCommentProbability: rel.helm ? 0 : 0.01,
      quoteProbability: rel.helm ? 0.3 : 0.08,
    };
    const writer = new YamlWriter(style, g.random);
    const fileKinds = Array.from({ length: sizes[f] as number }, () => g.kind()).sort((a, b) => HELM_ORDER.indexOf(a) - HELM_ORDER.indexOf(b));
    const serials = new Map<string, number>();
    const objects: Obj[] = [];
    const parts: string[] = [];
    if (!rel.helm && g.chance(0.5)) parts.push(`# ${app}: manifests for the ${ns} namespace\n# Owner: ${team} team. Apply with kubectl apply -f.\n`);
    for (const kind of fileKinds) {
      const serial = serials.get(kind) ?? 0;
      serials.set(kind, serial + 1);
      const obj = object(g, kind, rel, serial);
      objects.push(obj);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      const body = writer.document(obj);
      if (rel.helm) parts.push(`---\n# Source: ${rel.chart}/templates/${kind.toLowerCase()}.yaml\n${body}`);
      else parts.push(parts.length === 0 && g.chance(0.3) ? body : `---\n${body}`);
    }
    const text = parts.join('');
    bytes += Buffer.byteLength(text);
    files.push({ path: `${env}/${ns}/${app}-${String(f).padStart(3, '0')}.yaml`, text, objects });
  }
  const privileged = files.reduce((n, file) => n + file.objects.reduce((m, o) => m + countPrivileged(o), 0), 0);
  return { files, objects: total, bytes, kinds, workloads: g.workloads, insecureWorkloads: g.insecure, privilegedContainers: privileged };
}

/** Containers (of any list) with `securityContext.privileged: true`, wherever the pod spec sits. */
function countPrivileged(value: Json): number {
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countPrivileged(v), 0);
  let n = 0;
  for (const [k, v] of Object.entries(value)) {
    if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) {
      for (const c of v) {
        const sc = c !== null && typeof c === 'object' && !Array.isArray(c) ? c.securityContext : undefined;
        if (sc !== null && typeof sc === 'object' && !Array.isArray(sc) && sc !== undefined && sc.privileged === true) n++;
      }
    } else n += countPrivileged(v);
  }
  return n;
}

/** Writes the corpus under `dir` (emptied first) and returns it. */
export function writeCorpus(dir: string, options: CorpusOptions = {}): Corpus {
  const corpus = buildCorpus(options);
  rmSync(dir, { recursive: true, force: true });
  for (const file of corpus.files) {
    const full = join(dir, file.path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, file.text);
  }
  return corpus;
}
