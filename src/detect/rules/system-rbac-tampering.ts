import { defineRule, meets } from '../rule.js';
import { WRITE_VERBS } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], groups: ['rbac.authorization.k8s.io'], verbs: WRITE_VERBS, names: ['system:*'], nonSystem: true, success: true };

export default defineRule({
  verbs: WRITE_VERBS,
  resources: ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'],
  meta: {
    id: 'KF-D-029',
    name: 'system-rbac-tampering',
    title: 'A system: role or binding was changed or deleted by a user',
    severity: 'high',
    attack: ['T1098.006', 'T1562.001'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'The system:* roles and bindings are maintained by the API server; a user changing them widens a built-in identity or breaks a component.',
    messages: { tamper: '{{user}} {{verb}} {{kind}} {{name}}' },
  },
  match: (e) =>
    meets(e, C0)
      ? { messageId: 'tamper', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', name: e.objectRef?.name ?? '' } }
      : undefined,
});
