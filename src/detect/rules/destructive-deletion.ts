import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['namespaces', 'persistentvolumeclaims', 'persistentvolumes'], verbs: ['delete', 'deletecollection'], nonSystem: true, success: true };
const C1: Criteria = { resources: ['deployments', 'statefulsets', 'daemonsets', 'pods'], verbs: ['deletecollection'], nonSystem: true, success: true };
export default defineRule({
  verbs: ['delete', 'deletecollection'],
  resources: ['namespaces', 'persistentvolumeclaims', 'persistentvolumes', 'deployments', 'statefulsets', 'daemonsets', 'pods'],
  meta: {
    id: 'KF-D-040',
    name: 'destructive-deletion',
    title: 'A namespace, volume claim or workload collection was deleted by a user',
    severity: 'medium',
    attack: ['T1485'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Deleting namespaces, persistent volume claims or whole collections of workloads destroys data and service.',
    messages: { deleted: '{{user}} {{verb}} {{kind}} {{name}}' },
  },
  match: (e) =>
    (meets(e, C0) ||
      meets(e, C1))
      ? { messageId: 'deleted', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', name: e.objectRef?.name || `(all in ${e.objectRef?.namespace || 'cluster'})` } }
      : undefined,
});
