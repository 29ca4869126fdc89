/**
 * The hardening areas of the practice, in the order a report shows them.
 * Every check belongs to exactly one.
 */
export const AREAS = [
  'version',
  'apiserver',
  'rbac',
  'kubelet',
  'node',
  'network',
  'audit',
  'etcd',
  'workload',
  'supply-chain',
  'general',
] as const;
export type Area = (typeof AREAS)[number];

export const AREA_TITLES: Record<Area, string> = {
  version: 'Kubernetes version currency',
  apiserver: 'API server authentication and configuration',
  rbac: 'RBAC least privilege',
  kubelet: 'Kubelet access',
  node: 'Node security',
  network: 'Namespaces and NetworkPolicies',
  audit: 'Audit logging',
  etcd: 'etcd',
  workload: 'Workload hardening',
  'supply-chain': 'Images and supply chain',
  general: 'General',
};

export function isArea(value: unknown): value is Area {
  return typeof value === 'string' && (AREAS as readonly string[]).includes(value);
}
