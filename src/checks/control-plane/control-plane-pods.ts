/**
 * Control-plane components found among the objects of a scan: kubeadm-style static pod
 * manifests in a scanned folder, or their mirror pods in a live cluster's kube-system.
 * Each becomes a component instance (flags parsed as the component parses them), so the
 * CIS rows of src/components/cis can be applied to it exactly as on a node.
 */
import { COMPONENTS, componentArgv, makeInstance, matchesBinary, type ComponentInstance, type ComponentName } from '../../components/index.js';
import type { Inventory } from '../../core/inventory.js';
import type { JsonPath } from '../../core/path.js';
import { getAt, isRecord } from '../../core/path.js';
import { formatRef, type Resource } from '../../core/resource.js';

export const CONTROL_PLANE_COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd'] as const satisfies readonly ComponentName[];
export type ControlPlaneComponent = (typeof CONTROL_PLANE_COMPONENTS)[number];

export interface ControlPlanePod {
  readonly resource: Resource;
  readonly component: ControlPlaneComponent;
  readonly instance: ComponentInstance;
  /** Path of the container in the pod, for locating flags. */
  readonly containerPath: JsonPath;
  readonly command: readonly string[];
  readonly args: readonly string[];
}

const cache = new WeakMap<Inventory, ControlPlanePod[]>();

export function controlPlanePods(inventory: Inventory): readonly ControlPlanePod[] {
  let pods = cache.get(inventory);
  if (pods === undefined) cache.set(inventory, (pods = find(inventory)));
  return pods;
}

function find(inventory: Inventory): ControlPlanePod[] {
  const found: ControlPlanePod[] = [];
  for (const pod of inventory.ofKind('Pod')) {
    const containers = getAt(pod.object, ['spec', 'containers']);
    if (!Array.isArray(containers)) continue;
    containers.forEach((container, index) => {
      if (!isRecord(container)) return;
      const command = strings(container.command);
      const args = strings(container.args);
      const argv = [...command, ...args];
      if (argv.length === 0) return;
      for (const name of CONTROL_PLANE_COMPONENTS) {
        const spec = COMPONENTS[name];
        if (!matchesBinary(spec, argv)) continue;
        const env = Object.fromEntries(
          (Array.isArray(container.env) ? container.env : []).flatMap((e) => (isRecord(e) && typeof e.name === 'string' && typeof e.value === 'string' ? [[e.name, e.value]] : [])),
        );
        const file = pod.origin.file ?? formatRef(pod.ref);
        const instance = makeInstance(spec, componentArgv(spec, argv), env, { via: 'static-pod', file }, file);
        found.push({ resource: pod, component: name, instance, containerPath: ['spec', 'containers', index], command, args });
        return;
      }
    });
  }
  return found;
}

/** Where a flag is written in the pod (its command or args entry), or the command itself when it is absent. */
export function flagPath(pod: ControlPlanePod, flag: string): JsonPath {
  const matches = (token: string) => token === `--${flag}` || token.startsWith(`--${flag}=`) || token === `-${flag}` || token.startsWith(`-${flag}=`);
  let last: JsonPath | undefined;
  pod.command.forEach((token, i) => {
    if (matches(token)) last = [...pod.containerPath, 'command', i];
  });
  pod.args.forEach((token, i) => {
    if (matches(token)) last = [...pod.containerPath, 'args', i];
  });
  return last ?? [...pod.containerPath, pod.command.length > 0 ? 'command' : 'args'];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
