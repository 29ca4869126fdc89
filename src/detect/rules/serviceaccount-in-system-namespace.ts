import { defineRule, meets } from '../rule.js';
export default defineRule({
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
    meets(e, { resources: ['serviceaccounts'], verbs: ['create'], namespaces: ['kube-system', 'kube-public'], nonSystem: true, success: true })
      ? { messageId: 'sa', data: { user: e.user.username, namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '' } }
      : undefined,
});
