import { defineCheck } from '../../core/check.js';
import { cis, pssBaseline } from '../../core/framework.js';
import type { PodSpecView } from '../../core/workloads.js';
import { joinLabels, normalizeHostPath } from './_util.js';

/**
 * Host paths whose mount hands over the node: what they are, and whether paths below them
 * are as sensitive (`subtree`). Any ancestor of an entry is sensitive too (`/var` holds
 * `/var/lib/kubelet`, `/` holds everything).
 */
const SENSITIVE: readonly { path: string; what: string; subtree: boolean }[] = [
  { path: '/', what: 'the host root filesystem', subtree: false },
  { path: '/etc', what: 'host configuration', subtree: false },
  { path: '/etc/kubernetes', what: 'Kubernetes configuration and PKI', subtree: true },
  { path: '/etc/shadow', what: 'host password hashes', subtree: true },
  { path: '/etc/sudoers', what: 'host sudo rules', subtree: true },
  { path: '/etc/sudoers.d', what: 'host sudo rules', subtree: true },
  { path: '/etc/ssh', what: 'host SSH configuration and keys', subtree: true },
  { path: '/etc/cron.d', what: 'host cron jobs', subtree: true },
  { path: '/etc/crontab', what: 'host cron jobs', subtree: true },
  { path: '/etc/systemd', what: 'host service definitions', subtree: true },
  { path: '/etc/containerd', what: 'container runtime configuration', subtree: true },
  { path: '/etc/crio', what: 'container runtime configuration', subtree: true },
  { path: '/etc/docker', what: 'container runtime configuration', subtree: true },
  { path: '/proc', what: 'host processes and kernel settings', subtree: true },
  { path: '/sys', what: 'host kernel and device settings', subtree: true },
  { path: '/dev', what: 'host devices', subtree: true },
  { path: '/boot', what: 'the host kernel and boot loader', subtree: true },
  { path: '/root', what: "the host root user's home", subtree: true },
  { path: '/home', what: 'host user homes', subtree: false },
  { path: '/usr', what: 'host binaries', subtree: false },
  { path: '/bin', what: 'host binaries', subtree: false },
  { path: '/sbin', what: 'host binaries', subtree: false },
  { path: '/lib', what: 'host libraries', subtree: false },
  { path: '/var/lib/kubelet', what: "the kubelet's state, including every pod's secrets", subtree: true },
  { path: '/var/lib/etcd', what: 'the etcd data directory', subtree: true },
  { path: '/var/lib/docker', what: 'container runtime state', subtree: true },
  { path: '/var/lib/containerd', what: 'container runtime state', subtree: true },
  { path: '/var/lib/containers', what: 'container runtime state', subtree: true },
  { path: '/var/run', what: 'host runtime sockets, including the container runtime', subtree: false },
  { path: '/run', what: 'host runtime sockets, including the container runtime', subtree: false },
  { path: '/var/run/docker.sock', what: 'the container runtime socket', subtree: true },
  { path: '/run/docker.sock', what: 'the container runtime socket', subtree: true },
  { path: '/var/run/cri-dockerd.sock', what: 'the container runtime socket', subtree: true },
  { path: '/run/cri-dockerd.sock', what: 'the container runtime socket', subtree: true },
  { path: '/var/run/containerd', what: 'the container runtime socket', subtree: true },
  { path: '/run/containerd', what: 'the container runtime socket', subtree: true },
  { path: '/var/run/crio', what: 'the container runtime socket', subtree: true },
  { path: '/run/crio', what: 'the container runtime socket', subtree: true },
  { path: '/var/run/dockershim.sock', what: 'the container runtime socket', subtree: true },
  { path: '/var/run/podman', what: 'the container runtime socket', subtree: true },
  { path: '/run/podman', what: 'the container runtime socket', subtree: true },
  { path: '/var/run/secrets', what: 'host service account credentials', subtree: true },
  { path: '/run/secrets', what: 'host service account credentials', subtree: true },
];

/** What a sensitive host path exposes, or undefined for an ordinary one. */
export function sensitiveHostPath(raw: string): string | undefined {
  const path = normalizeHostPath(raw);
  let best: { path: string; what: string } | undefined;
  for (const entry of SENSITIVE) {
    const exact = path === entry.path;
    const below = entry.subtree && path.startsWith(entry.path === '/' ? '/' : `${entry.path}/`);
    if ((exact || below) && (best === undefined || entry.path.length > best.path.length)) best = entry;
  }
  if (best !== undefined) return best.what;
  // An ancestor of a sensitive path contains it: `/var` holds `/var/lib/kubelet`.
  const prefix = path === '/' ? '/' : `${path}/`;
  const inside = SENSITIVE.find((entry) => entry.path.startsWith(prefix));
  return inside === undefined ? undefined : `a directory holding ${inside.what} (${inside.path})`;
}

function mountsOf(pod: PodSpecView, volume: string): string {
  const writable = pod.containers.filter((c) => c.container.volumeMounts?.some((m) => m.name === volume && m.readOnly !== true));
  const readOnly = pod.containers.filter((c) => !writable.includes(c) && c.container.volumeMounts?.some((m) => m.name === volume));
  const parts: string[] = [];
  if (writable.length > 0) parts.push(`mounted writable by ${joinLabels(writable)}`);
  if (readOnly.length > 0) parts.push(`read-only by ${joinLabels(readOnly)}`);
  return parts.length === 0 ? 'no container mounts it' : parts.join('; ');
}

export default defineCheck({
  meta: {
    id: 'KF-W-005',
    name: 'host-path-volume',
    title: 'Pod mounts a hostPath volume',
    area: 'workload',
    severity: 'high',
    description:
      "A hostPath volume exposes the node's filesystem to the pod. Through the container runtime socket, the kubelet's directory, `/`, `/etc`, `/proc` or `/sys` (reported as critical) a container takes over the node and every pod on it; even an innocuous path can be used to plant files on the node or read what other workloads leave there.",
    remediation:
      'Replace the hostPath volume with a volume type that does not reach into the node: `emptyDir` for scratch space, a `persistentVolumeClaim` for data, `configMap`/`secret`/`projected` for configuration. Where a node agent truly needs a host path, mount the narrowest path, read-only, and run it in a namespace labelled `pod-security.kubernetes.io/enforce: privileged`:\n\n```yaml\nvolumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n# or, for a node agent:\n  - name: logs\n    hostPath: {path: /var/log/app, type: Directory}\ncontainers:\n  - name: agent\n    volumeMounts:\n      - {name: logs, mountPath: /logs, readOnly: true}\n```',
    frameworks: [cis('5.2.11'), pssBaseline('HostPath Volumes')],
    messages: {
      hostPath: 'volume "{{volume}}" mounts host path {{hostPath}} ({{mounts}})',
      sensitiveHostPath: 'volume "{{volume}}" mounts host path {{hostPath}}, {{what}} ({{mounts}})',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      pod.spec.volumes?.forEach((volume, index) => {
        const hostPath = volume.hostPath;
        if (hostPath === undefined || hostPath === null) return;
        const name = volume.name ?? `#${index}`;
        const shown = hostPath.path ?? '(no path)';
        const path = [...pod.specPath, 'volumes', index, 'hostPath'];
        const what = hostPath.path === undefined ? undefined : sensitiveHostPath(hostPath.path);
        const mounts = mountsOf(pod, name);
        if (what === undefined) report({ messageId: 'hostPath', data: { volume: name, hostPath: shown, mounts }, resource: pod.resource, path });
        else report({ messageId: 'sensitiveHostPath', data: { volume: name, hostPath: shown, what, mounts }, resource: pod.resource, path, severity: 'critical' });
      });
    }
  },
});
