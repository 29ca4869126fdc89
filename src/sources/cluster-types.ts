/** The API resources a live scan lists: what the checks need, and nothing else (no Secrets). */
export interface ResourceType {
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly resource: string; // plural, as in the URL
  readonly kind: string;
  readonly namespaced: boolean;
}

const t = (group: string, version: string, resource: string, kind: string, namespaced: boolean): ResourceType => ({ group, version, resource, kind, namespaced });

export const SCAN_TYPES: readonly ResourceType[] = [
  t('', 'v1', 'namespaces', 'Namespace', false),
  t('', 'v1', 'nodes', 'Node', false),
  t('', 'v1', 'pods', 'Pod', true),
  t('', 'v1', 'services', 'Service', true),
  t('', 'v1', 'serviceaccounts', 'ServiceAccount', true),
  t('', 'v1', 'replicationcontrollers', 'ReplicationController', true),
  t('apps', 'v1', 'deployments', 'Deployment', true),
  t('apps', 'v1', 'replicasets', 'ReplicaSet', true),
  t('apps', 'v1', 'statefulsets', 'StatefulSet', true),
  t('apps', 'v1', 'daemonsets', 'DaemonSet', true),
  t('batch', 'v1', 'jobs', 'Job', true),
  t('batch', 'v1', 'cronjobs', 'CronJob', true),
  t('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true),
  t('networking.k8s.io', 'v1', 'ingresses', 'Ingress', true),
  t('rbac.authorization.k8s.io', 'v1', 'roles', 'Role', true),
  t('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding', true),
  t('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  t('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
];

export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** The list URL, cluster-wide or in one namespace. */
export function listPath(type: ResourceType, namespace?: string): string {
  const base = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  return type.namespaced && namespace !== undefined ? `${base}/namespaces/${encodeURIComponent(namespace)}/${type.resource}` : `${base}/${type.resource}`;
}
