/**
 * Combinations of explicit fields that Kubernetes refuses, so that no fix creates one: the
 * re-scan cannot see them (a check reports what is missing, not what the kubelet or the API
 * server will reject), so a change is simulated on a copy of the object and refused when the
 * copy has a conflict the original did not have.
 *
 * Each rule names the component that refuses and its reason, as Kubernetes v1.37 words it:
 * - kubelet (kuberuntime verifyRunAsNonRoot): effective runAsNonRoot true with effective
 *   runAsUser 0 ("container's runAsUser breaks non-root policy"), and on Windows with
 *   runAsUserName ContainerAdministrator (compared without case);
 * - API server (ValidateSecurityContext): allowPrivilegeEscalation false with privileged true,
 *   or with CAP_SYS_ADMIN added (every spelling counts here: runtimes read SYS_ADMIN alike);
 * - API server on pod create (validateSeccompAnnotationsAndFields): a seccompProfile field next
 *   to the deprecated seccomp annotation of the same level naming another profile;
 * - API server (validateWindows): Linux-only securityContext fields on a `spec.os.name: windows` pod.
 */
import { getAt, isRecord, type JsonPath } from '../core/path.js';
import type { KubeObject } from '../core/resource.js';
import { POD_SPEC_PATHS } from '../core/workloads.js';
import type { FixValue } from './yaml-edit.js';

const LISTS = [
  ['containers', 'container'],
  ['initContainers', 'init container'],
  ['ephemeralContainers', 'ephemeral container'],
] as const;

const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';
const WINDOWS_ROOT = 'containeradministrator';
/** Container securityContext fields the API server forbids on a Windows pod (validateWindows). */
const LINUX_ONLY_CONTAINER = ['seLinuxOptions', 'seccompProfile', 'appArmorProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup'];
const LINUX_ONLY_POD = ['seLinuxOptions', 'seccompProfile', 'appArmorProfile', 'fsGroup', 'fsGroupChangePolicy', 'sysctls', 'runAsUser', 'runAsGroup', 'supplementalGroups', 'supplementalGroupsPolicy', 'seLinuxChangePolicy'];

const present = (v: unknown): boolean => v !== undefined && v !== null;
const own = (sc: unknown, field: string): unknown => (isRecord(sc) ? sc[field] : undefined);

/** The effective value of a field both levels have: the container's when set, else the pod's (DetermineEffectiveSecurityContext). */
function effective(podSc: unknown, containerSc: unknown, field: string): { value: unknown; where: 'set on the container' | 'inherited from the pod' } | undefined {
  const c = own(containerSc, field);
  if (present(c)) return { value: c, where: 'set on the container' };
  const p = own(podSc, field);
  return present(p) ? { value: p, where: 'inherited from the pod' } : undefined;
}

/** The Windows user name a container runs as: windowsOptions is merged field by field. */
function runAsUserName(podSc: unknown, containerSc: unknown): string | undefined {
  const name = effective(own(podSc, 'windowsOptions'), own(containerSc, 'windowsOptions'), 'runAsUserName')?.value;
  return typeof name === 'string' ? name : undefined;
}

const canonicalCap = (c: unknown): string => (typeof c === 'string' ? c.toUpperCase().replace(/^CAP_/, '') : '');

/** A seccomp annotation value the field type matches, as validateSeccompAnnotationsAndFieldsMatch decides. */
function seccompMatches(annotation: string, field: unknown): boolean {
  if (!isRecord(field)) return true;
  switch (field.type) {
    case 'Unconfined':
      return annotation === 'unconfined';
    case 'RuntimeDefault':
      return annotation === 'runtime/default' || annotation === 'docker/default';
    case 'Localhost':
      return annotation.startsWith('localhost/') && annotation.slice('localhost/'.length) === field.localhostProfile;
    default:
      return true;
  }
}

/** Every conflict of the object, one sentence each (the sentence is its identity). */
export function conflicts(object: KubeObject): string[] {
  const specPath = POD_SPEC_PATHS[object.kind];
  if (specPath === undefined) return [];
  const spec = getAt(object, specPath);
  if (!isRecord(spec)) return [];
  const annotations = getAt(object, [...specPath.slice(0, -1), 'metadata', 'annotations']);
  const annotation = (key: string): string | undefined => (isRecord(annotations) && typeof annotations[key] === 'string' ? annotations[key] : undefined);
  const podSc = spec.securityContext;
  const windows = isRecord(spec.os) && spec.os.name === 'windows';
  const out: string[] = [];

  const podSeccomp = own(podSc, 'seccompProfile');
  const podAnnotation = annotation(SECCOMP_POD_ANNOTATION);
  if (present(podSeccomp) && podAnnotation !== undefined && !seccompMatches(podAnnotation, podSeccomp)) {
    out.push(`the pod annotation ${SECCOMP_POD_ANNOTATION}: ${podAnnotation} names another seccomp profile than the pod's seccompProfile: the API server rejects the pod ("seccomp type in annotation and field must match"); remove the annotation or decide which profile applies`);
  }
  if (windows) {
    for (const field of LINUX_ONLY_POD) if (present(own(podSc, field))) out.push(`the pod is a Windows pod (spec.os.name: windows): the API server rejects securityContext.${field} on it`);
  }

  for (const [list, noun] of LISTS) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container: unknown, index) => {
      if (!isRecord(container)) return;
      const label = `${noun} "${typeof container.name === 'string' ? container.name : `#${index}`}"`;
      const sc = container.securityContext;

      if (effective(podSc, sc, 'runAsNonRoot')?.value === true) {
        const user = effective(podSc, sc, 'runAsUser');
        if (user !== undefined && (user.value === 0 || user.value === '0')) {
          out.push(`${label} runs with runAsUser: 0 (${user.where}): with runAsNonRoot: true the kubelet refuses to start it ("container's runAsUser breaks non-root policy"); decide on the user first`);
        }
        const name = runAsUserName(podSc, sc);
        if (name?.toLowerCase() === WINDOWS_ROOT) {
          out.push(`${label} runs as runAsUserName: ${name}, which the kubelet counts as root: with runAsNonRoot: true it refuses to start it; decide on the user first`);
        }
      }

      if (own(sc, 'allowPrivilegeEscalation') === false) {
        if (own(sc, 'privileged') === true) {
          out.push(`${label} is privileged: the API server rejects allowPrivilegeEscalation: false with privileged: true; decide on privileged first`);
        }
        const add = own(own(sc, 'capabilities'), 'add');
        if (Array.isArray(add) && add.some((c) => canonicalCap(c) === 'SYS_ADMIN')) {
          out.push(`${label} adds CAP_SYS_ADMIN: the API server rejects allowPrivilegeEscalation: false with it; decide on the capability first`);
        }
      }

      const seccomp = own(sc, 'seccompProfile');
      const key = `${SECCOMP_CONTAINER_ANNOTATION}${String(container.name)}`;
      const containerAnnotation = annotation(key);
      if (present(seccomp) && containerAnnotation !== undefined && !seccompMatches(containerAnnotation, seccomp)) {
        out.push(`the annotation ${key}: ${containerAnnotation} names another seccomp profile than ${label}'s seccompProfile: the API server rejects the pod ("seccomp type in annotation and field must match"); remove the annotation or decide which profile applies`);
      }

      if (windows) {
        for (const field of LINUX_ONLY_CONTAINER) if (present(own(sc, field))) out.push(`the pod is a Windows pod (spec.os.name: windows): the API server rejects securityContext.${field} on ${label}`);
      }
    });
  }
  return out;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Sets `value` at `path`, creating maps on the way (the copy only: the original is not touched). */
function setAt(root: Record<string, unknown>, path: JsonPath, value: FixValue): void {
  let node: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i] as string | number;
    const next = (node as Record<string | number, unknown>)[segment];
    if (!isRecord(next) && !Array.isArray(next)) (node as Record<string | number, unknown>)[segment] = {};
    node = (node as Record<string | number, unknown>)[segment];
  }
  (node as Record<string | number, unknown>)[path[path.length - 1] as string | number] = clone(value);
}

/** The conflicts the changes would create (those the object has already are someone else's). */
export function newConflicts(object: KubeObject, changes: readonly { readonly path: JsonPath; readonly value: FixValue }[]): string[] {
  const before = new Set(conflicts(object));
  const after = clone(object) as unknown as Record<string, unknown>;
  for (const change of changes) setAt(after, change.path, change.value);
  return conflicts(after as unknown as KubeObject).filter((c) => !before.has(c));
}
