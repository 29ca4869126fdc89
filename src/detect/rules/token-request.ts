import { defineRule, meets } from '../rule.js';
import { isNode } from '../event.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['serviceaccounts/token'], verbs: ['create'], success: true };

export default defineRule({
  verbs: ['create'],
  resources: ['serviceaccounts/token'],
  meta: {
    id: 'KF-D-013',
    name: 'token-request',
    title: 'A service account token was minted through the TokenRequest API',
    severity: 'medium',
    attack: ['T1528', 'T1098.006'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'create serviceaccounts/token by an identity other than a kubelet or the control plane: a long-lived credential for another identity.',
    messages: { token: '{{user}} minted a token for service account {{namespace}}/{{name}} from {{sourceIP}}' },
  },
  match: (e) =>
    meets(e, C0) && !isNode(e.user) && !e.user.username.startsWith('system:kube-')
      ? { messageId: 'token', data: { user: e.user.username, namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '', sourceIP: e.sourceIP } }
      : undefined,
});
