import { defineRule, meets } from '../rule.js';
export default defineRule({
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
    (meets(e, { resources: ['namespaces', 'persistentvolumeclaims', 'persistentvolumes'], verbs: ['delete', 'deletecollection'], nonSystem: true, success: true }) ||
      meets(e, { resources: ['deployments', 'statefulsets', 'daemonsets', 'pods'], verbs: ['deletecollection'], nonSystem: true, success: true }))
      ? { messageId: 'deleted', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', name: e.objectRef?.name || `(all in ${e.objectRef?.namespace || 'cluster'})` } }
      : undefined,
});
