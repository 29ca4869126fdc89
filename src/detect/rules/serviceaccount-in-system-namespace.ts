import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['serviceaccounts'], verbs: ['create'], namespaces: ['kube-system', 'kube-public'], nonSystem: true, success: true };
export default defineRule({
  verbs: ['create'],
  resources: ['serviceaccounts'],
  meta: {
    id: 'KF-D-026',
    name: 'serviceaccount-in-system-namespace',
    title: 'A user created a service account in a system namespace',
    severity: 'medium',
    attack: ['T1136', 'T1036.010'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'A new identity in kube-system, often named like a controller, is a persistence foothold.',
    messages: { sa: '{{user}} created service account {{namespace}}/{{name}}' },
  },
  match: (e) =>
    meets(e, C0)
      ? { messageId: 'sa', data: { user: e.user.username, namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '' } }
      : undefined,
});
