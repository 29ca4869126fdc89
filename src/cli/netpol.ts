/** `kubefort netpol`: reachability with explanations, the connectivity matrix, exposure, generated policies. */
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { KubefortError, type ScanError } from '../core/errors.js';
import { Inventory } from '../core/inventory.js';
import type { Resource } from '../core/resource.js';
import { completeListItems } from '../analysis/netpol/list-items.js';
import {
  ConnSet,
  CONNLIST_FORMATS,
  explainReach,
  exposure,
  exposureToJSON,
  formatConnlist,
  formatExposure,
  formatReach,
  isConnlistFormat,
  isProtocol,
  netpolEngine,
  parseIPv4,
  reachToJSON,
  type Endpoint,
  type NetpolEngine,
} from '../analysis/netpol/index.js';
import { FlowError, generatePolicies, parseFlow, verifyGenerated, type Flow } from '../analysis/netpol/generate.js';
import { liveResource } from '../core/resource.js';
import { loadManifests, parseManifests } from '../sources/manifests.js';
import jsYaml from 'js-yaml';
import { EXIT } from './output.js';

/** Where the objects come from: manifests (-f) or the live cluster; commands do not care which. */
export interface InventorySource {
  readonly description: string;
  load(): Promise<{ readonly inventory: Inventory; readonly errors: readonly ScanError[] }>;
}

/**
 * Manifests given with -f, read by kubefort's loader. Items of raw API list dumps
 * (`PodList` items without kind) are completed from the list's kind first.
 */
export function manifestSource(paths: readonly string[]): InventorySource {
  return {
    description: paths.join(', '),
    async load() {
      const load = await loadManifests(paths);
      const incomplete = new Set(load.errors.filter((e) => e.code === 'KF_WARN_NOT_KUBERNETES' && e.file !== undefined).map((e) => e.file as string));
      let resources: Resource[] = load.resources;
      let errors: ScanError[] = load.errors;
      for (const file of incomplete) {
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch {
          continue; // stdin cannot be read twice: its list items stay skipped (the warning says so)
        }
        const completed = completeListItems(text);
        if (completed === undefined) continue;
        const again = parseManifests(file, completed);
        resources = [...resources.filter((r) => r.origin.file !== file), ...again.resources];
        errors = [...errors.filter((e) => e.file !== file), ...again.errors];
      }
      return { inventory: new Inventory(resources), errors };
    },
  };
}

/** The kinds connectivity needs from a live cluster. */
const LIVE_KINDS = new Set(['Namespace', 'Pod', 'ReplicationController', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'NetworkPolicy', 'Service']);

/** The live cluster (kubeconfig as kubectl reads it), read-only. A kind that cannot be listed is an error: connectivity without it would be fiction. */
export function clusterSource(options: { kubeconfig?: string; context?: string }): InventorySource {
  return {
    description: options.context === undefined ? 'the current cluster' : `cluster context ${options.context}`,
    async load() {
      const { loadCluster } = await import('../sources/cluster.js');
      const { SCAN_TYPES } = await import('../sources/cluster-types.js');
      const load = await loadCluster({
        ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
        ...(options.context === undefined ? {} : { context: options.context }),
        types: SCAN_TYPES.filter((t) => LIVE_KINDS.has(t.kind)),
      });
      const missing = load.gaps.filter((g) => LIVE_KINDS.has(g.kind));
      if (missing.some((g) => g.kind === 'NetworkPolicy' || g.kind === 'Pod' || g.kind === 'Namespace')) {
        throw new KubefortError('KF_ERR_USAGE', `cannot list ${missing.map((g) => `${g.resource} (${g.status} ${g.reason})`).join(', ')}: connectivity needs namespaces, pods and networkpolicies`);
      }
      return { inventory: new Inventory(load.resources, load.gaps, load.facts), errors: [] };
    },
  };
}

interface SourceFlags {
  filename: string[];
  kubeconfig?: string;
  context?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function withSourceOptions(command: Command): Command {
  return command
    .option('-f, --filename <path>', 'manifest file or directory (repeatable, as in kubectl; - reads stdin); none: the live cluster', collect, [])
    .option('--kubeconfig <file>', 'kubeconfig for the live cluster (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context of the live cluster');
}

export function sourceFrom(flags: SourceFlags): InventorySource {
  if (flags.filename.length > 0) return manifestSource(flags.filename);
  return clusterSource({
    ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
  });
}

/** Loads, builds the engine, and reports input problems on stderr. Returns the engine and whether there were errors. */
async function analyse(flags: SourceFlags): Promise<{ engine: NetpolEngine; failed: boolean }> {
  const { inventory, errors } = await sourceFrom(flags).load();
  const engine = netpolEngine(inventory);
  const problems = [...errors, ...inventory.errors];
  for (const e of problems) {
    if (e.level !== 'error') continue;
    process.stderr.write(`kubefort: ${e.code}: ${e.file === undefined ? '' : `${e.file}${e.line === undefined ? '' : `:${e.line}`}: `}${e.message}\n`);
  }
  for (const w of engine.model.warnings) {
    const where = w.resource === undefined ? '' : `${w.resource.ref.namespace ?? 'default'}/${w.resource.ref.kind}/${w.resource.ref.name}: `;
    process.stderr.write(`kubefort: warning: ${where}${w.message}\n`);
  }
  return { engine, failed: problems.some((e) => e.level === 'error') };
}

/**
 * Finds an endpoint: an IPv4 address, `ns/name[Kind]`, `ns/Kind/name`, `ns/name`
 * (a workload, else a pod) or `name` (namespace default).
 */
export function resolveEndpoint(engine: NetpolEngine, text: string): Endpoint {
  const address = parseIPv4(text);
  if (address !== undefined) return { type: 'address', address };
  const { workloads, pods } = engine.model;
  const exact = workloads.find((w) => w.id === text);
  if (exact !== undefined) return { type: 'workload', workload: exact };
  const parts = text.split('/');
  const [namespace, a, b] = parts.length === 1 ? ['default', parts[0] as string, undefined] : [parts[0] as string, parts[1] as string, parts[2]];
  if (b !== undefined) {
    const byKind = workloads.find((w) => w.namespace === namespace && w.kind.toLowerCase() === a.toLowerCase() && w.name === b);
    if (byKind !== undefined) return { type: 'workload', workload: byKind };
  } else {
    const byName = workloads.filter((w) => w.namespace === namespace && w.name === a);
    if (byName.length === 1) return { type: 'workload', workload: byName[0] as (typeof workloads)[number] };
    if (byName.length > 1) throw new KubefortError('KF_ERR_USAGE', `"${text}" is ambiguous: ${byName.map((w) => w.id).join(', ')}`);
    const pod = pods.find((p) => !p.template && p.namespace === namespace && p.name === a);
    if (pod !== undefined) return { type: 'pod', pod };
  }
  const near = workloads.filter((w) => w.name.includes(a) || w.namespace === namespace).slice(0, 8);
  throw new KubefortError('KF_ERR_USAGE', `no workload or pod "${text}"${near.length > 0 ? `; known: ${near.map((w) => w.id).join(', ')}` : ''}`);
}

/** `443`, `443/TCP`, `TCP/443`, `8000-8080/udp`, `http/TCP` (a named port, looked up on the destination's pods). */
export function parsePortQuery(text: string, engine: NetpolEngine, to: Endpoint): ConnSet {
  const parts = text.split('/');
  let portText = parts[0] as string;
  let protoText = parts[1] ?? 'TCP';
  if (parts.length === 2 && isProtocol((parts[0] as string).toUpperCase())) [protoText, portText] = [parts[0] as string, parts[1] as string];
  const protocol = protoText.toUpperCase();
  if (!isProtocol(protocol) || parts.length > 2) throw new KubefortError('KF_ERR_USAGE', `--port "${text}": use PORT[/PROTOCOL], e.g. 443/TCP, 53/UDP, 8000-8080/TCP, http/TCP`);
  const range = /^(\d+)(?:-(\d+))?$/.exec(portText);
  if (range !== null) {
    const lo = Number(range[1]);
    const hi = range[2] === undefined ? lo : Number(range[2]);
    if (lo < 1 || hi > 65535 || lo > hi) throw new KubefortError('KF_ERR_USAGE', `--port "${text}": ports are 1-65535`);
    return ConnSet.ports(protocol, lo, hi);
  }
  const pods = to.type === 'workload' ? to.workload.pods.map((i) => engine.model.pods[i]) : to.type === 'pod' ? [to.pod] : [];
  let set = ConnSet.NONE;
  for (const pod of pods) for (const p of pod?.ports ?? []) if (p.name === portText && p.protocol === protocol) set = set.union(ConnSet.ports(protocol, p.port));
  if (set.isEmpty) throw new KubefortError('KF_ERR_USAGE', `--port "${text}": the destination has no ${protocol} port named "${portText}"`);
  return set;
}

interface ReachFlags extends SourceFlags {
  from: string;
  to: string;
  port?: string;
  output: string;
}

function reachCommand(): Command {
  return withSourceOptions(
    new Command('reach')
      .description('can FROM reach TO (on --port)? explains which policy and rule allow it, or why it is denied; exit 0 allowed, 1 denied')
      .requiredOption('--from <endpoint>', 'source: NS/WORKLOAD, NS/WORKLOAD[Kind], NS/Kind/NAME, NS/POD or an IPv4 address')
      .requiredOption('--to <endpoint>', 'destination, same forms as --from')
      .option('--port <port>', 'PORT[/PROTOCOL]: 443/TCP, 53/UDP, 8000-8080/TCP, or a named port of the destination (http/TCP)')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['txt', 'json']).default('txt')),
  ).action(async (flags: ReachFlags) => {
    const { engine, failed } = await analyse(flags);
    const from = resolveEndpoint(engine, flags.from);
    const to = resolveEndpoint(engine, flags.to);
    const query = flags.port === undefined ? undefined : parsePortQuery(flags.port, engine, to);
    const result = explainReach(engine, from, to, query);
    process.stdout.write(flags.output === 'json' ? `${JSON.stringify(reachToJSON(result), null, 2)}\n` : formatReach(result));
    process.exitCode = failed ? EXIT.error : result.verdict === 'allowed' ? EXIT.ok : EXIT.findings;
  });
}

interface MatrixFlags extends SourceFlags {
  output: string;
  level: string;
  exposure: boolean;
  apiServer?: string;
}

function matrixCommand(): Command {
  return withSourceOptions(
    new Command('matrix')
      .description('every allowed connection (src => dst : conns), workloads collapsed to their owner; --exposure adds what each workload accepts and reaches')
      .addOption(new Option('-o, --output <format>', 'output format').choices([...CONNLIST_FORMATS]).default('txt'))
      .addOption(new Option('--level <level>', 'workloads (pods collapsed to their owner) or single pods').choices(['workload', 'pod']).default('workload'))
      .option('--exposure', 'add the exposure analysis: from the whole cluster, from outside, and egress to 169.254.169.254, the API server and kube-system', false)
      .option('--api-server <ip>', 'the API server address pods reach (kubernetes.default); unknown: treated as an address outside the cluster'),
  ).action(async (flags: MatrixFlags) => {
    if (!isConnlistFormat(flags.output)) throw new KubefortError('KF_ERR_USAGE', `unknown output format ${flags.output}`);
    if (flags.exposure && flags.output !== 'txt' && flags.output !== 'json') throw new KubefortError('KF_ERR_USAGE', '--exposure prints with -o txt or -o json');
    const apiServer = flags.apiServer === undefined ? undefined : parseIPv4(flags.apiServer);
    if (flags.apiServer !== undefined && apiServer === undefined) throw new KubefortError('KF_ERR_USAGE', `--api-server "${flags.apiServer}" is not an IPv4 address`);
    const { engine, failed } = await analyse(flags);
    const edges = engine.connections(flags.level === 'pod' ? 'pod' : 'workload');
    const exposed = flags.exposure ? exposure(engine, apiServer === undefined ? {} : { apiServer }) : undefined;
    if (flags.output === 'json') {
      const connections = edges.map((e) => ({ src: e.src, dst: e.dst, conn: e.conns.toString() }));
      process.stdout.write(`${JSON.stringify(exposed === undefined ? connections : { connections, exposure: exposureToJSON(exposed) }, null, 2)}\n`);
    } else {
      process.stdout.write(formatConnlist(edges, flags.output));
      if (exposed !== undefined) process.stdout.write(`\n${formatExposure(exposed)}`);
    }
    process.exitCode = failed ? EXIT.error : EXIT.ok;
  });
}

interface GenerateFlags extends SourceFlags {
  namespace: string[];
  flow: string[];
  flows?: string;
  dns: boolean;
  dnsNamespace: string;
  output: string;
}

/** Namespaces to lock down when none are named: every namespace with pods, except the kube-* system namespaces. */
function defaultNamespaces(engine: NetpolEngine): string[] {
  return [...new Set(engine.model.pods.map((p) => p.namespace))].filter((n) => !n.startsWith('kube-')).sort();
}

function generateCommand(): Command {
  return withSourceOptions(
    new Command('generate')
      .description('write default-deny (ingress and egress) and DNS egress policies for namespaces, plus the allow rules for the flows you list; the result is verified by the engine before it is printed')
      .option('-n, --namespace <ns>', 'namespace to lock down (repeatable); default: every namespace with pods except kube-*', collect, [])
      .option('--flow <flow>', 'an intended flow FROM>TO[:PORTS] (repeatable); ends: ns/workload, ns/svc/service (its selector and target ports), a CIDR or "internet"; PORTS: 8443/TCP,53/UDP,http', collect, [])
      .option('--flows <file>', 'a file of flows, one per line (# comments)')
      .option('--no-dns', 'do not allow DNS egress to kube-dns')
      .option('--dns-namespace <ns>', 'namespace of the cluster DNS pods (label k8s-app=kube-dns)', 'kube-system')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml')),
  ).action(async (flags: GenerateFlags) => {
    const { inventory, errors } = await sourceFrom(flags).load();
    for (const e of [...errors, ...inventory.errors]) if (e.level === 'error') process.stderr.write(`kubefort: ${e.code}: ${e.message}\n`);
    const engine = netpolEngine(inventory);
    const lines = [...flags.flow];
    if (flags.flows !== undefined) {
      let text: string;
      try {
        text = await readFile(flags.flows, 'utf8');
      } catch (error) {
        throw new KubefortError('KF_ERR_READ', `cannot read the flows file ${flags.flows}: ${error instanceof Error ? error.message : String(error)}`);
      }
      for (const line of text.split(/\r?\n/)) {
        const t = line.replace(/#.*$/, '').trim();
        if (t !== '') lines.push(t);
      }
    }
    const services = inventory.ofKind('Service').map((r) => r.object);
    let flows: Flow[];
    try {
      flows = lines.map((l) => parseFlow(l, engine, services));
    } catch (error) {
      if (error instanceof FlowError) throw new KubefortError('KF_ERR_USAGE', error.message);
      throw error;
    }
    const namespaces = flags.namespace.length > 0 ? flags.namespace : defaultNamespaces(engine);
    if (namespaces.length === 0) throw new KubefortError('KF_ERR_USAGE', 'no namespace to lock down: name one with -n');
    const options = { namespaces, flows, dns: flags.dns, dnsNamespace: flags.dnsNamespace };
    const generated = generatePolicies(engine, options);
    // Verify with the engine: the input plus the generated policies.
    const after = netpolEngine(new Inventory([...inventory.resources, ...generated.map((o) => liveResource(o))]));
    const check = verifyGenerated(after, options);
    const failed = check.flows.filter((f) => !f.ok);
    for (const f of failed) process.stderr.write(`kubefort: flow ${f.flow} is not fully allowed with these policies (missing ${f.missing.toString()}): existing policies outside the chosen namespaces may deny it; see kubefort netpol reach\n`);
    if (flags.output === 'json') {
      process.stdout.write(
        `${JSON.stringify(
          {
            apiVersion: 'v1',
            kind: 'List',
            items: generated,
            verification: { flows: check.flows.map((f) => ({ flow: f.flow, ok: f.ok, allowed: f.allowed.toString(), missing: f.missing.toString() })), allowed: check.allowed.map((e) => ({ src: e.src, dst: e.dst, conn: e.conns.toString() })) },
          },
          null,
          2,
        )}\n`,
      );
    } else {
      const header = [
        `# Generated by kubefort netpol generate for namespace${namespaces.length === 1 ? '' : 's'} ${namespaces.join(', ')}.`,
        '# Verified with the connectivity engine (input + these policies):',
        ...check.flows.map((f) => `#   flow ${f.flow}: ${f.ok ? 'allowed' : 'NOT fully allowed'} (${f.allowed.toString()})`),
        '# With these policies, the chosen namespaces allow exactly:',
        ...(check.allowed.length === 0 ? ['#   nothing'] : check.allowed.map((e) => `#   ${e.src} => ${e.dst} : ${e.conns.toString()}`)),
      ];
      const docs = generated.map((o) => jsYaml.dump(o, { lineWidth: 200, noRefs: true }).trimEnd());
      process.stdout.write(`${header.join('\n')}\n${docs.map((d) => `---\n${d}`).join('\n')}\n`);
    }
    process.exitCode = errors.some((e) => e.level === 'error') ? EXIT.error : failed.length > 0 ? EXIT.findings : EXIT.ok;
  });
}

export function netpolCommand(): Command {
  return new Command('netpol')
    .description('NetworkPolicy analysis: exact reachability, connectivity matrix, exposure, generated policies')
    .addCommand(reachCommand())
    .addCommand(matrixCommand())
    .addCommand(generateCommand());
}
