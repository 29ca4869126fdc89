/**
 * Small helpers shared by the Pod Security Standards checks. Nothing here reports:
 * each check decides what is a finding, so its source names every message id it uses.
 */
import type { JsonPath } from '../../core/path.js';
import type { ContainerView, InheritedField, PodSpecView } from '../../core/workloads.js';

/** `spec.os.name: windows`: PSS exempts such pods from the Linux-only restricted controls. */
export function isWindowsPod(pod: PodSpecView): boolean {
  return pod.spec.os?.name === 'windows';
}

/**
 * `spec.hostUsers: false`: the pod runs in its own user namespace, so UID 0 inside is an
 * unprivileged UID on the node. PSS (policy v1.35+) then skips runAsNonRoot and runAsUser,
 * and baseline stops restricting procMount.
 */
export function inUserNamespace(pod: PodSpecView): boolean {
  return pod.spec.hostUsers === false;
}

/** Path of a field of the pod-level securityContext. */
export function podContextPath(pod: PodSpecView, ...rest: (string | number)[]): JsonPath {
  return [...pod.specPath, 'securityContext', ...rest];
}

/** Where to point when a container lacks a field: its securityContext if it has one, else the container. */
export function containerContextPath(c: ContainerView): JsonPath {
  return c.container.securityContext === undefined || c.container.securityContext === null ? c.path : [...c.path, 'securityContext'];
}

/** `container "a", init container "b" and ephemeral container "c"`. */
export function joinLabels(views: readonly ContainerView[]): string {
  const labels = views.map((c) => c.label);
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1] as string}`;
}

/** Containers whose effective value of `field` is the pod's (they set none of their own). */
export function inheritors(pod: PodSpecView, field: InheritedField): ContainerView[] {
  return pod.containers.filter((c) => {
    const own = c.container.securityContext?.[field];
    return (own === undefined || own === null) && c.effective(field) !== undefined;
  });
}

/**
 * How a message describes a bad pod-level value: who inherits it, or that every container
 * overrides it (Pod Security Admission still rejects the pod: it checks each level on its own).
 */
export function podLevelScope(pod: PodSpecView, field: InheritedField): string {
  const heirs = inheritors(pod, field);
  if (heirs.length > 0) return `inherited by ${joinLabels(heirs)}`;
  return 'every container overrides it, but Pod Security Admission rejects the pod-level value all the same';
}

/** Capability names as runtimes read them: upper case, without the `CAP_` prefix. */
export function canonicalCapability(name: string): string {
  const upper = name.toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

/** One spelling per host path: `/var/run/` → `/var/run`, `//etc/./x/..` → `/etc`. */
export function normalizeHostPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** Every container of the pod, for messages about pod-wide settings. */
export function allLabels(pod: PodSpecView): string {
  return pod.containers.length === 0 ? 'its containers' : joinLabels(pod.containers);
}

/** Why an added capability matters, for messages; capabilities without an entry are named only. */
export const CAPABILITY_RISKS: Readonly<Record<string, string>> = {
  ALL: 'every capability, as good as root on the node',
  SYS_ADMIN: 'mount, namespaces, BPF and more: the usual container escape',
  SYS_MODULE: 'loads kernel modules: full control of the node',
  SYS_PTRACE: 'traces and injects code into other processes',
  SYS_RAWIO: 'raw access to devices and memory',
  SYS_BOOT: 'reboots the node',
  SYS_TIME: "sets the node's clock",
  DAC_READ_SEARCH: 'reads any file regardless of permissions (the "shocker" escape)',
  NET_ADMIN: 'reconfigures interfaces, routes and firewall rules',
  NET_RAW: 'raw sockets: spoofing and traffic interception on the node network',
  BPF: 'loads BPF programs into the kernel',
  PERFMON: 'kernel tracing and performance monitoring',
  MAC_ADMIN: 'changes AppArmor or SELinux policy',
  MAC_OVERRIDE: 'bypasses AppArmor or SELinux',
  SYSLOG: 'reads kernel logs, which leak kernel addresses',
  LINUX_IMMUTABLE: 'clears immutable and append-only file flags',
  SYS_RESOURCE: 'overrides resource limits and quotas',
  IPC_OWNER: 'bypasses permission checks on IPC objects',
  WAKE_ALARM: 'wakes the node from suspend',
  BLOCK_SUSPEND: 'prevents the node from suspending',
  AUDIT_CONTROL: 'reconfigures kernel auditing',
  AUDIT_READ: 'reads the kernel audit log',
  CHECKPOINT_RESTORE: 'checkpoints and restores other processes',
};

/** `SYS_ADMIN (mount, …)`, with the spelling used when it differs: `SYS_ADMIN (written "cap_sys_admin"; mount, …)`. */
export function describeCapability(written: string): string {
  const name = canonicalCapability(written);
  const notes = [written === name ? undefined : `written "${written}"`, CAPABILITY_RISKS[name]].filter((n) => n !== undefined);
  return notes.length === 0 ? name : `${name} (${notes.join('; ')})`;
}

/** `the pod securityContext (inherited by container "app")`: the subject of a message about a pod-level value. */
export function podLevelSubject(pod: PodSpecView, field: InheritedField): string {
  return `the pod securityContext (${podLevelScope(pod, field)})`;
}
