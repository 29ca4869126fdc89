/**
 * `kubefort node`: discover the components, pick the benchmark, apply its rows and
 * the OS hardening controls, and assemble the NodeReport. Only `scanNode` does I/O,
 * through the host source; everything else is pure over the facts.
 */
import { join } from 'node:path';
import { selectBenchmark, type BenchmarkChoice } from '../components/cis/index.js';
import { COMPONENT_NAMES, makeInstance, type ComponentInstance } from '../components/component.js';
import { kubelet as kubeletSpec, kubeletViewFromConfigz } from '../components/kubelet.js';
import { KubefortError } from '../core/errors.js';
import { isRecord } from '../core/path.js';
import { nodeFs, readHostFacts, type HostReadOptions } from '../sources/host.js';
import { VERSION } from '../version.js';
import { evaluateCis, type NodeContext } from './cis.js';
import { discover, type NodeInventory } from './discover.js';
import { FactView, type HostFacts } from './facts.js';
import { evaluateOs, minimalOs, OS_GROUPS, readOsRelease } from './os.js';
import { totalsOf, type ComponentSummary, type ControlResult, type NodeReport, type ResultSection } from './result.js';

export interface NodeOptions {
  /** `--benchmark`; otherwise chosen from the detected Kubernetes version. */
  readonly benchmark?: string;
  /** Overrides the detected Kubernetes version (`1.33`). */
  readonly kubernetesVersion?: string;
  readonly nodeName?: string;
}

export interface NodeEvaluation {
  readonly inventory: NodeInventory;
  readonly choice: BenchmarkChoice;
  readonly results: readonly ControlResult[];
  readonly name: string;
  readonly os?: NodeReport['node']['os'];
}

/** Pure: every control over the facts a view has (incomplete facts give provisional answers). */
export function evaluateNode(view: FactView, options: NodeOptions = {}): NodeEvaluation {
  const inventory = discover(view);
  const choice = selectBenchmark(options.kubernetesVersion ?? inventory.kubernetesVersion, options.benchmark);
  const ctx: NodeContext = { view, inventory };
  const results = [...evaluateCis(ctx, choice.benchmark), ...evaluateOs(ctx)];
  const hostname = (view.read('/etc/hostname') ?? view.read('/proc/sys/kernel/hostname'))?.trim();
  const release = readOsRelease(view);
  return {
    inventory,
    choice,
    results,
    name: options.nodeName ?? (hostname === undefined || hostname === '' ? 'node' : hostname),
    ...(release === undefined ? {} : { os: { prettyName: release.prettyName, ...(release.id === undefined ? {} : { id: release.id }), minimal: minimalOs(release) !== undefined } }),
  };
}

function componentSummaries(inventory: NodeInventory): ComponentSummary[] {
  return COMPONENT_NAMES.map((name) => {
    const c = inventory.components[name];
    if (c === undefined) return { name, present: false };
    const source = c.embedded === 'k3s' ? `embedded in k3s (${c.origin.file})` : `${c.origin.via === 'process' ? 'process' : 'static pod'} ${c.origin.file}`;
    const kubelet = name === 'kubelet' ? inventory.kubelet : undefined;
    const config = kubelet === undefined ? undefined : [kubelet.config?.path, ...kubelet.dropIns.map((d) => d.path)].filter((p) => p !== undefined).join(', ') || 'flags only';
    return { name, present: true, source, ...(c.manifest === undefined ? {} : { manifest: c.manifest }), ...(config === undefined ? {} : { config }) };
  });
}

export function sectionsOf(evaluation: Pick<NodeEvaluation, 'choice'>): ResultSection[] {
  const { benchmark } = evaluation.choice;
  return [
    ...benchmark.sections.map((s) => ({
      id: s.id,
      title: s.title,
      target: s.target,
      groups: benchmark.groups.filter((g) => g.id === s.id || g.id.startsWith(`${s.id}.`)).map((g) => ({ id: g.id, title: g.title })),
    })),
    { id: 'KF-O', title: 'Node OS hardening (kubefort)', target: 'os', groups: OS_GROUPS.map((g) => ({ id: g.id, title: g.title })) },
  ];
}

export function buildReport(facts: HostFacts, evaluation: NodeEvaluation, started: Date, durationMs: number): NodeReport {
  const { inventory, choice } = evaluation;
  return {
    apiVersion: 'kubefort.io/v1alpha1',
    kind: 'NodeReport',
    tool: { name: 'kubefort', version: VERSION },
    startedAt: started.toISOString(),
    durationMs,
    node: {
      name: evaluation.name,
      root: facts.root,
      ...(evaluation.os === undefined ? {} : { os: evaluation.os }),
      distribution: inventory.distribution,
      ...(inventory.kubernetesVersion === undefined ? {} : { kubernetesVersion: inventory.kubernetesVersion }),
      components: componentSummaries(inventory),
    },
    benchmark: { id: choice.benchmark.id, title: choice.benchmark.title, selectedBy: choice.selectedBy, ...(choice.notice === undefined ? {} : { notice: choice.notice }) },
    sections: sectionsOf(evaluation),
    results: evaluation.results,
    totals: totalsOf(evaluation.results),
  };
}

/**
 * Reads the host under `root` (once) and evaluates it. A root that is not a directory, or
 * under which no Kubernetes component is found, is an error (KF_ERR_NODE_ROOT,
 * KF_ERR_NO_COMPONENTS), never a report: every control would be N/A, which reads like a pass.
 */
export async function scanNode(root: string, options: NodeOptions = {}, read: HostReadOptions = {}): Promise<NodeReport> {
  const started = new Date();
  const t0 = performance.now();
  await checkRoot(root, read);
  const facts = await readHostFacts(root, (view) => void evaluateNode(view, options), read);
  const evaluation = evaluateNode(new FactView(facts), options);
  const { inventory } = evaluation;
  if (Object.keys(inventory.components).length === 0) {
    const processes = inventory.processes.length;
    throw new KubefortError(
      'KF_ERR_NO_COMPONENTS',
      `no Kubernetes components found under ${root}: no ${COMPONENT_NAMES.join(', ')} or k3s process in ${join(root, 'proc')} (${processes === 0 ? 'no processes listed' : `${processes} processes`}) and no static pod in ${join(root, inventory.manifestDir)}. Is --root the node's root file system, with the host's /proc?`,
    );
  }
  return buildReport(facts, evaluation, started, Math.round(performance.now() - t0));
}

async function checkRoot(root: string, read: HostReadOptions): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await (read.fs ?? nodeFs).stat(root)).isDirectory();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const reason = code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'not a directory' : error instanceof Error ? error.message : String(error);
    throw new KubefortError('KF_ERR_NODE_ROOT', `node root ${root}: ${reason}`);
  }
  if (!isDirectory) throw new KubefortError('KF_ERR_NODE_ROOT', `node root ${root}: not a directory`);
}

/**
 * Why a document is not one the kubelet controls can run on, or undefined when it is: a
 * `/configz` response (`{"kubeletconfig": {...}}`, non-empty), or a bare configuration
 * that says what it is (`kind: KubeletConfiguration`). Anything else would be judged on
 * the kubelet's defaults alone, which reads like a pass.
 */
export function configzProblem(json: unknown): string | undefined {
  const expected = 'expected a kubelet /configz document {"kubeletconfig": {...}} (kubectl get --raw /api/v1/nodes/NODE/proxy/configz) or a KubeletConfiguration';
  if (!isRecord(json)) return `not a kubelet configuration: ${expected}`;
  if ('kubeletconfig' in json) {
    if (!isRecord(json.kubeletconfig)) return `kubeletconfig is not an object: ${expected}`;
    if (Object.keys(json.kubeletconfig).length === 0) return 'kubeletconfig is empty: a kubelet reports its whole effective configuration';
    return undefined;
  }
  if (json.kind === 'KubeletConfiguration') return undefined;
  const keys = Object.keys(json);
  return `no kubeletconfig ${keys.length === 0 ? 'in an empty object' : `(top-level keys: ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''})`}: ${expected}`;
}

/**
 * The kubelet controls over a `/configz` document (live cluster, `nodes/<node>/proxy/configz`),
 * without node access: the rows that read only kubelet settings. `argv`, when known
 * (e.g. from the node's kubelet flags), is applied over it as the kubelet does.
 */
export function evaluateConfigz(source: string, configz: unknown, options: NodeOptions & { readonly argv?: readonly string[] } = {}): ControlResult[] {
  const problem = configzProblem(configz);
  if (problem !== undefined) throw new KubefortError('KF_ERR_NOT_AN_OBJECT', `${source}: ${problem}`);
  const choice = selectBenchmark(options.kubernetesVersion, options.benchmark);
  const base = kubeletViewFromConfigz(source, configz);
  const instance: ComponentInstance = makeInstance(kubeletSpec, options.argv ?? ['kubelet'], {}, { via: 'configz', file: source });
  const view = { ...base, instance };
  const inventory: NodeInventory = { processes: [], staticPods: [], manifestDir: '', components: { kubelet: instance }, kubelet: view, distribution: 'generic', users: new Map(), groups: new Map() };
  const ctx: NodeContext = { view: new FactView({ root: source, files: new Map() }), inventory };
  const rows = choice.benchmark.controls.filter((c) => c.tests.length > 0 && c.tests.every((t) => 'setting' in t && t.setting.from === 'kubelet'));
  return evaluateCis(ctx, { ...choice.benchmark, controls: rows });
}
