import { defineRule, meets } from '../rule.js';
import { WRITE_VERBS } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['secrets'], verbs: WRITE_VERBS, namespaces: ['kube-system', 'kube-public'], nonSystem: true, success: true };

export default defineRule({
  verbs: WRITE_VERBS,
  resources: ['secrets'],
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
    meets(e, C0)
      ? { messageId: 'write', data: { user: e.user.username, verb: e.verb, namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '' } }
      : undefined,
});
