/**
 * Pod specs wherever they live: every pod-bearing kind, every container list,
 * and the effective security context of each container (container value, else pod value).
 */
import type { Container, PodMeta, PodSecurityContext, PodSpec, SecurityContext } from './k8s.js';
import type { JsonPath } from './path.js';
import type { Resource } from './resource.js';

/** Where the pod spec sits in each pod-bearing kind. */
export const POD_SPEC_PATHS: Readonly<Record<string, JsonPath>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  // Widespread controllers outside Kubernetes itself that embed a pod template the same way.
  DeploymentConfig: ['spec', 'template', 'spec'], // OpenShift apps.openshift.io/v1
  Rollout: ['spec', 'template', 'spec'], // Argo Rollouts argoproj.io/v1alpha1
};

export const POD_BEARING_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';
export const CONTAINER_LISTS: readonly ContainerList[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** A value of the effective security context and the path where it was set. */
export interface Effective<T> {
  readonly value: T;
  readonly path: JsonPath;
}

/** Fields that exist at both pod and container level; the container's wins. */
export type InheritedField = 'runAsUser' | 'runAsGroup' | 'runAsNonRoot' | 'seLinuxOptions' | 'seccompProfile' | 'appArmorProfile' | 'windowsOptions';

export interface ContainerView {
  readonly container: Container;
  readonly list: ContainerList;
  readonly index: number;
  /** Path of the container within the resource. */
  readonly path: JsonPath;
  readonly name: string;
  /** How messages name it: `container "app"`, `init container "setup"`, `ephemeral container "debug"`. */
  readonly label: string;
  /** The effective value of a field that can be set on the pod or the container, with where it came from. */
  effective<F extends InheritedField>(field: F): Effective<NonNullable<SecurityContext[F] | PodSecurityContext[F]>> | undefined;
  /** A long-running container: regular containers and native sidecars (init containers with restartPolicy Always). */
  readonly longRunning: boolean;
}

export interface PodSpecView {
  readonly resource: Resource;
  readonly spec: PodSpec;
  /** Path of the pod spec within the resource, e.g. ['spec', 'template', 'spec']. */
  readonly specPath: JsonPath;
  /** Labels and annotations of the pod (the template's for controllers). */
  readonly podMeta: PodMeta;
  readonly podMetaPath: JsonPath;
  readonly containers: readonly ContainerView[];
}

const CONTAINER_NOUNS: Record<ContainerList, string> = {
  containers: 'container',
  initContainers: 'init container',
  ephemeralContainers: 'ephemeral container',
};

export function containerViews(spec: PodSpec, specPath: JsonPath): ContainerView[] {
  const views: ContainerView[] = [];
  const podContext = spec.securityContext;
  for (const list of CONTAINER_LISTS) {
    const containers = spec[list];
    if (containers === undefined) continue;
    containers.forEach((container, index) => {
      const path = [...specPath, list, index];
      views.push({
        container,
        list,
        index,
        path,
        name: container.name ?? `#${index}`,
        label: `${CONTAINER_NOUNS[list]} "${container.name ?? `#${index}`}"`,
        longRunning: list === 'containers' || (list === 'initContainers' && container.restartPolicy === 'Always'),
        effective(field) {
          const own = container.securityContext?.[field];
          if (own !== undefined && own !== null) return { value: own, path: [...path, 'securityContext', field] };
          const inherited = podContext?.[field];
          if (inherited !== undefined && inherited !== null) return { value: inherited, path: [...specPath, 'securityContext', field] };
          return undefined;
        },
      });
    });
  }
  return views;
}
