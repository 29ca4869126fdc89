/** Finds the versions of a cluster's components in an inventory. */
import type { Inventory } from '../../core/inventory.js';
import type { JsonPath } from '../../core/path.js';
import { getAt, isRecord } from '../../core/path.js';
import { CLUSTER_REF, syntheticResource, type Resource } from '../../core/resource.js';
import { parseKubeVersion, type KubeVersion } from './semver.js';

export interface FoundVersion {
  readonly version: KubeVersion;
  /** Where it was read: the object and field to point a finding at. */
  readonly resource: Resource;
  readonly path: JsonPath;
  readonly source: string;
}

/**
 * The API server's version: `/version` on a live cluster, else the image tag of a
 * kube-apiserver static pod (kubeadm manifests, or mirror pods).
 */
export function apiServerVersion(inventory: Inventory): FoundVersion | undefined {
  const pod = inventory.ofKind('Pod').find(isApiServerPod);
  if (inventory.facts.serverVersion !== undefined) {
    const version = parseKubeVersion(inventory.facts.serverVersion);
    if (version !== undefined) return { version, path: [], source: 'the API server /version endpoint', resource: pod ?? syntheticResource(CLUSTER_REF) };
  }
  if (pod === undefined) return undefined;
  const containers = getAt(pod.object, ['spec', 'containers']);
  if (!Array.isArray(containers)) return undefined;
  for (let i = 0; i < containers.length; i++) {
    const image = getAt(containers[i], ['image']);
    if (typeof image !== 'string') continue;
    const tag = imageTag(image);
    const version = tag === undefined ? undefined : parseKubeVersion(tag);
    if (version !== undefined) return { version, resource: pod, path: ['spec', 'containers', i, 'image'], source: `the image tag of ${pod.ref.name}` };
  }
  return undefined;
}

/** Each node's kubelet version from `status.nodeInfo.kubeletVersion`. */
export function kubeletVersions(inventory: Inventory): FoundVersion[] {
  const found: FoundVersion[] = [];
  for (const node of inventory.ofKind('Node')) {
    const raw = getAt(node.object, ['status', 'nodeInfo', 'kubeletVersion']);
    const version = typeof raw === 'string' ? parseKubeVersion(raw) : undefined;
    if (version !== undefined) found.push({ version, resource: node, path: ['status', 'nodeInfo', 'kubeletVersion'], source: `node ${node.ref.name}` });
  }
  return found;
}

function isApiServerPod(pod: Resource): boolean {
  if (pod.object.metadata.labels?.component === 'kube-apiserver') return true;
  const containers = getAt(pod.object, ['spec', 'containers']);
  return Array.isArray(containers) && containers.some((c) => isRecord(c) && Array.isArray(c.command) && typeof c.command[0] === 'string' && c.command[0].endsWith('kube-apiserver'));
}

function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(colon + 1) : undefined;
}
