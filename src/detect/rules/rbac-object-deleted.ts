import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], groups: ['rbac.authorization.k8s.io'], verbs: ['delete', 'deletecollection'], nonSystem: true, success: true };
export default defineRule({
  verbs: ['delete', 'deletecollection'],
  resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'],
  meta: {
    id: 'KF-D-036',
    name: 'rbac-object-deleted',
    title: 'RBAC objects were deleted by a user',
    severity: 'low',
    attack: ['T1531', 'T1562.001'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Deleting roles and bindings locks out operators or removes the trace of a grant after use.',
    messages: { deleted: '{{user}} {{verb}} {{kind}} {{name}}' },
  },
  match: (e) =>
    meets(e, C0)
      ? { messageId: 'deleted', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', name: e.objectRef?.name || '(collection)' } }
      : undefined,
});
