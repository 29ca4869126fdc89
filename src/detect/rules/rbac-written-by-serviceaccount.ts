import { defineRule, meets } from '../rule.js';
import { isServiceAccount } from '../event.js';
import { WRITE_VERBS } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], groups: ['rbac.authorization.k8s.io'], verbs: WRITE_VERBS, success: true };

export default defineRule({
  verbs: WRITE_VERBS,
  resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'],
  meta: {
    id: 'KF-D-030',
    name: 'rbac-written-by-serviceaccount',
    title: 'RBAC objects written by a workload service account',
    severity: 'medium',
    attack: ['T1098.006'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Outside kube-system controllers, service accounts rarely write RBAC; one that does may be a hijacked workload.',
    messages: { rbac: '{{user}} {{verb}} {{kind}} {{name}} from {{sourceIP}}' },
  },
  match: (e) =>
    meets(e, C0) &&
    isServiceAccount(e.user) &&
    !e.user.username.startsWith('system:serviceaccount:kube-system:')
      ? { messageId: 'rbac', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', name: e.objectRef?.name ?? '', sourceIP: e.sourceIP } }
      : undefined,
});
