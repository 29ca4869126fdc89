import { defineRule, meets } from '../rule.js';
import { isNode, isServiceAccount } from '../event.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] };

export default defineRule({
  verbs: ['create'],
  resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
  meta: {
    id: 'KF-D-006',
    name: 'self-permission-review',
    title: 'A workload or node identity enumerated its own permissions',
    severity: 'medium',
    attack: ['T1069.003', 'T1613'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'selfsubjectaccessreviews / selfsubjectrulesreviews (kubectl auth can-i) created by a service account or node: applications do not ask what they may do, attackers with a stolen token do.',
    messages: { review: '{{user}} created {{resource}} (can-i) from {{sourceIP}} ({{userAgent}})' },
  },
  match: (e) =>
    meets(e, C0) && (isServiceAccount(e.user) || isNode(e.user))
      ? { messageId: 'review', data: { user: e.user.username, resource: e.objectRef?.resource ?? '', sourceIP: e.sourceIP, userAgent: e.userAgent } }
      : undefined,
});
