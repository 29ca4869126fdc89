import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['secrets'], verbs: ['list', 'watch'], nonSystem: true, success: true };
export default defineRule({
  verbs: ['list', 'watch'],
  resources: ['secrets'],
  meta: {
    id: 'KF-D-008',
    name: 'secret-listing',
    title: 'Secrets listed cluster-wide or in a system namespace',
    severity: 'medium',
    attack: ['T1552.007'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'list/watch of secrets across all namespaces or in kube-system by a non-system identity dumps every credential at once.',
    messages: { list: '{{user}} {{verb}} secrets {{scope}} from {{sourceIP}} ({{userAgent}})' },
  },
  match: (e) =>
    meets(e, C0) && ['', 'kube-system'].includes(e.objectRef?.namespace ?? '')
      ? { messageId: 'list', data: { user: e.user.username, verb: e.verb, scope: e.objectRef?.namespace === '' ? 'in all namespaces' : 'in kube-system', sourceIP: e.sourceIP, userAgent: e.userAgent } }
      : undefined,
});
