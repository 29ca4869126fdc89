/**
 * Which components run on this node, and with what configuration: processes from
 * `/proc/<pid>/cmdline`, static pod manifests from the kubelet's staticPodPath
 * (default `/etc/kubernetes/manifests`), and k3s, whose single process embeds the
 * control plane and the kubelet. Pure over a FactView.
 */
import jsYaml from 'js-yaml';
import { getAt, isRecord } from '../core/path.js';
import { COMPONENTS, COMPONENT_NAMES, componentArgv, makeInstance, matchesBinary, type ComponentInstance, type ComponentName, type ComponentSpec } from '../components/index.js';
import { kubeletView, resolveKubeletSetting, type KubeletView } from '../components/kubelet.js';
import { hostPath, parseIdFile, type FactView } from './facts.js';

export interface ProcessInfo {
  readonly pid: number;
  readonly argv: readonly string[];
}

export interface StaticPod {
  readonly file: string;
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly image?: string;
  readonly problem?: string;
}

/** A component as found on the node. `embedded` marks a component inside another binary (k3s), whose built-in settings are not visible. */
export interface FoundComponent extends ComponentInstance {
  readonly embedded?: 'k3s';
}

export interface NodeInventory {
  readonly processes: readonly ProcessInfo[];
  readonly staticPods: readonly StaticPod[];
  readonly manifestDir: string;
  readonly components: Partial<Record<ComponentName, FoundComponent>>;
  readonly kubelet?: KubeletView;
  readonly distribution: 'kubeadm' | 'k3s' | 'generic';
  /** Kubernetes version when it can be told (static pod image tag, k3s), e.g. `1.33.2`. */
  readonly kubernetesVersion?: string;
  readonly users: ReadonlyMap<number, string>;
  readonly groups: ReadonlyMap<number, string>;
  /** The k3s data dir, on k3s nodes. */
  readonly k3sDataDir?: string;
}

export const DEFAULT_MANIFEST_DIR = '/etc/kubernetes/manifests';

export function listProcesses(view: FactView): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const name of view.list('/proc') ?? []) {
    if (!/^\d+$/.test(name)) continue;
    const text = view.read(`/proc/${name}/cmdline`);
    if (text === undefined || text === '') continue;
    const argv = text.split('\0');
    if (argv[argv.length - 1] === '') argv.pop();
    // Some processes rewrite their cmdline as one space-separated string.
    const words = argv.length === 1 && (argv[0] ?? '').includes(' ') ? (argv[0] ?? '').split(/\s+/).filter((w) => w !== '') : argv;
    out.push({ pid: Number(name), argv: words });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

export function parseEnviron(text: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of (text ?? '').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

export function parseStaticPod(file: string, text: string): StaticPod {
  try {
    const doc: unknown = jsYaml.load(text);
    const container = getAt(doc, ['spec', 'containers', 0]);
    if (!isRecord(container)) return { file, command: [], env: {}, problem: 'no spec.containers[0]' };
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    const env: Record<string, string> = {};
    for (const e of Array.isArray(container.env) ? container.env : []) if (isRecord(e) && typeof e.name === 'string' && typeof e.value === 'string') env[e.name] = e.value;
    return { file, command: [...strings(container.command), ...strings(container.args)], env, ...(typeof container.image === 'string' ? { image: container.image } : {}) };
  } catch (error) {
    return { file, command: [], env: {}, problem: `not valid YAML: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}` };
  }
}

function manifestFor(spec: ComponentSpec, pods: readonly StaticPod[]): StaticPod | undefined {
  return (
    pods.find((p) => p.command.length > 0 && matchesBinary(spec, p.command)) ??
    pods.find((p) => spec.manifestNames.includes((p.file.split('/').pop() ?? '').replace(/\.(ya?ml|json|manifest)$/, '')))
  );
}

/** k3s: `--kube-apiserver-arg=a=b` and config.yaml `kube-apiserver-arg: [a=b]` become the embedded component's flags. */
const K3S_ARG_KEYS: Readonly<Partial<Record<ComponentName, string>>> = {
  'kube-apiserver': 'kube-apiserver-arg',
  'kube-controller-manager': 'kube-controller-manager-arg',
  'kube-scheduler': 'kube-scheduler-arg',
  etcd: 'etcd-arg',
  kubelet: 'kubelet-arg',
  'kube-proxy': 'kube-proxy-arg',
};

function k3sComponents(view: FactView, process: ProcessInfo): { components: Partial<Record<ComponentName, FoundComponent>>; dataDir: string } {
  const server = process.argv.includes('server');
  const cliArgs = new Map<string, string[]>();
  const configArgs = new Map<string, string[]>();
  let dataDir = '/var/lib/rancher/k3s';
  let clusterInit = false;
  let disabled: string[] = [];
  // k3s merges /etc/rancher/k3s/config.yaml with its CLI; CLI flags win for scalars, lists are appended.
  const configText = view.read('/etc/rancher/k3s/config.yaml');
  let config: unknown;
  try {
    config = configText === undefined ? undefined : jsYaml.load(configText);
  } catch {
    config = undefined;
  }
  if (isRecord(config)) {
    for (const [key, value] of Object.entries(config)) {
      const list = Array.isArray(value) ? value.map(String) : [String(value)];
      if (key.endsWith('-arg')) configArgs.set(key, list);
      if (key === 'data-dir') dataDir = String(value);
      if (key === 'cluster-init') clusterInit = value === true;
      if (key === 'disable-kube-proxy' && value === true) disabled.push('kube-proxy');
    }
  }
  for (let i = 1; i < process.argv.length; i++) {
    const token = process.argv[i] ?? '';
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(token);
    if (m === null) continue;
    const key = m[1] ?? '';
    let value = m[2];
    if (value === undefined && key.endsWith('-arg')) value = process.argv[++i];
    if (key.endsWith('-arg') && value !== undefined) cliArgs.set(key, [...(cliArgs.get(key) ?? []), value]);
    if (key === 'data-dir' || key === 'd') dataDir = value ?? process.argv[++i] ?? dataDir;
    if (key === 'cluster-init') clusterInit = true;
    if (key === 'disable-kube-proxy') disabled = [...disabled, 'kube-proxy'];
  }
  // Paths k3s passes to its embedded components itself (not visible on the command line).
  const builtIn: Partial<Record<ComponentName, string[]>> = {
    'kube-apiserver': [`--client-ca-file=${dataDir}/server/tls/client-ca.crt`],
    'kube-controller-manager': [`--kubeconfig=${dataDir}/server/cred/controller.kubeconfig`],
    'kube-scheduler': [`--kubeconfig=${dataDir}/server/cred/scheduler.kubeconfig`],
    etcd: [`--data-dir=${dataDir}/server/db/etcd`],
    kubelet: [`--kubeconfig=${dataDir}/agent/kubelet.kubeconfig`, `--config-dir=${dataDir}/agent/etc/kubelet.conf.d`],
    'kube-proxy': [`--kubeconfig=${dataDir}/agent/kubeproxy.kubeconfig`],
  };
  const components: Partial<Record<ComponentName, FoundComponent>> = {};
  for (const name of COMPONENT_NAMES) {
    const controlPlane = name !== 'kubelet' && name !== 'kube-proxy';
    if (controlPlane && !server) continue;
    if (name === 'etcd' && !clusterInit) continue;
    if (disabled.includes(name)) continue;
    const key = K3S_ARG_KEYS[name] ?? '';
    const args = [...(configArgs.get(key) ?? []), ...(cliArgs.get(key) ?? [])].map((a) => `--${a.replace(/^--/, '')}`);
    const argv = [name, ...(builtIn[name] ?? []), ...args];
    const instance = makeInstance(COMPONENTS[name], argv, {}, { via: 'process', file: `/proc/${process.pid}/cmdline`, pid: process.pid });
    components[name] = { ...instance, embedded: 'k3s' };
  }
  return { components, dataDir };
}

/** Resolves a path a process names: absolute as is, relative against the process's working directory. */
export function processPath(component: ComponentInstance, path: string): string {
  if (path.startsWith('/')) return hostPath(path);
  return component.origin.pid === undefined ? hostPath(path) : hostPath(`/proc/${component.origin.pid}/cwd/${path}`);
}

/**
 * Reads a file a component names: on the host, or (for a containerised process) in
 * the process's own mount namespace through `/proc/<pid>/root`.
 */
export function readComponentFile(view: FactView, component: ComponentInstance | undefined, path: string): { text: string | undefined; path: string } {
  const direct = component === undefined ? hostPath(path) : processPath(component, path);
  const fact = view.stat(direct);
  if (fact?.exists === true) return { text: view.read(direct), path: direct };
  if (component?.origin.pid !== undefined && path.startsWith('/')) {
    const inside = hostPath(`/proc/${component.origin.pid}/root${path}`);
    if (view.stat(inside)?.exists === true) return { text: view.read(inside), path: inside };
  }
  return { text: undefined, path: direct };
}

/** Same, for a file's mode and owner. */
export function componentFilePath(view: FactView, component: ComponentInstance | undefined, path: string): string {
  const direct = component === undefined ? hostPath(path) : processPath(component, path);
  if (view.stat(direct)?.exists === true) return direct;
  if (component?.origin.pid !== undefined && path.startsWith('/')) {
    const inside = hostPath(`/proc/${component.origin.pid}/root${path}`);
    if (view.stat(inside)?.exists === true) return inside;
  }
  return direct;
}

function versionFromImage(image: string | undefined): string | undefined {
  const m = /:v?(\d+\.\d+\.\d+)/.exec(image ?? '');
  return m?.[1];
}

export function discover(view: FactView): NodeInventory {
  const processes = listProcesses(view);
  const users = parseIdFile(view.read('/etc/passwd'));
  const groups = parseIdFile(view.read('/etc/group'));
  const components: Partial<Record<ComponentName, FoundComponent>> = {};
  let distribution: NodeInventory['distribution'] = 'generic';
  let k3sDataDir: string | undefined;
  let version: string | undefined;

  const k3s = processes.find((p) => (p.argv[0] ?? '').split('/').pop() === 'k3s' && (p.argv.includes('server') || p.argv.includes('agent')));
  if (k3s !== undefined) {
    distribution = 'k3s';
    const found = k3sComponents(view, k3s);
    Object.assign(components, found.components);
    k3sDataDir = found.dataDir;
  }

  // The kubelet first: its staticPodPath says where the static pods are.
  const kubeletProcess = processes.find((p) => matchesBinary(COMPONENTS.kubelet, p.argv));
  if (kubeletProcess !== undefined && components.kubelet === undefined) {
    components.kubelet = makeInstance(COMPONENTS.kubelet, componentArgv(COMPONENTS.kubelet, kubeletProcess.argv), {}, { via: 'process', file: `/proc/${kubeletProcess.pid}/cmdline`, pid: kubeletProcess.pid });
  }
  const kubelet = components.kubelet === undefined ? undefined : kubeletView(components.kubelet, (p) => readComponentFile(view, components.kubelet, p).text, (d) => view.list(processPath(components.kubelet as ComponentInstance, d)));
  const podPath = kubelet === undefined ? undefined : resolveKubeletSetting(kubelet, 'staticPodPath');
  const manifestDir = hostPath(podPath?.value ?? DEFAULT_MANIFEST_DIR);

  const staticPods: StaticPod[] = [];
  for (const name of view.list(manifestDir) ?? []) {
    if (!/\.(ya?ml|json|manifest)$/.test(name)) continue;
    const file = hostPath(`${manifestDir}/${name}`);
    const text = view.read(file);
    if (text !== undefined) staticPods.push(parseStaticPod(file, text));
  }

  for (const name of COMPONENT_NAMES) {
    if (name === 'kubelet' || components[name] !== undefined) continue;
    const spec = COMPONENTS[name];
    const pod = manifestFor(spec, staticPods);
    const process = processes.find((p) => matchesBinary(spec, p.argv));
    if (process !== undefined) {
      const env = spec.envPrefix === undefined ? {} : parseEnviron(view.read(`/proc/${process.pid}/environ`));
      components[name] = makeInstance(spec, componentArgv(spec, process.argv), env, { via: 'process', file: `/proc/${process.pid}/cmdline`, pid: process.pid }, pod?.file);
    } else if (pod !== undefined && pod.command.length > 0) {
      components[name] = makeInstance(spec, componentArgv(spec, pod.command), pod.env, { via: 'static-pod', file: pod.file }, pod.file);
    }
    if (pod !== undefined && name === 'kube-apiserver') version = versionFromImage(pod.image);
    if (pod !== undefined && distribution === 'generic') distribution = 'kubeadm';
  }
  if (version === undefined) {
    for (const pod of staticPods) version ??= versionFromImage(pod.image);
  }
  if (version === undefined && k3s !== undefined) {
    // k3s keeps its version in the data dir name of the current binaries: data/current → <sha>; the version file is not stable, so leave it.
  }
  return {
    processes,
    staticPods,
    manifestDir,
    components,
    ...(kubelet === undefined ? {} : { kubelet }),
    distribution,
    ...(version === undefined ? {} : { kubernetesVersion: version }),
    users,
    groups,
    ...(k3sDataDir === undefined ? {} : { k3sDataDir }),
  };
}
