import { defineRule, meets } from '../rule.js';
import { WRITE_VERBS } from '../rule.js';

export default defineRule({
  meta: {
    id: 'KF-D-011',
    name: 'secret-modified',
    title: 'A secret in a system namespace was modified or deleted by a user',
    severity: 'medium',
    attack: ['T1552.007', 'T1098'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Writes to secrets in kube-system or kube-public by non-system identities: token planting or credential replacement.',
    messages: { write: '{{user}} {{verb}} secret {{namespace}}/{{name}}' },
  },
  match: (e) =>
    meets(e, { resources: ['secrets'], verbs: WRITE_VERBS, namespaces: ['kube-system', 'kube-public'], nonSystem: true, success: true })
      ? { messageId: 'write', data: { user: e.user.username, verb: e.verb, namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '' } }
      : undefined,
});
