import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['secrets'], verbs: ['get'], nonSystem: true, success: true };
export default defineRule({
  verbs: ['get'],
  resources: ['secrets'],
  meta: {
    id: 'KF-D-009',
    name: 'secret-harvesting',
    title: 'Secret harvesting: one identity read many distinct secrets',
    severity: 'high',
    attack: ['T1552.007'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Gets of five or more distinct secrets by one non-system identity within five minutes.',
    messages: { harvest: '{{user}} read {{count}} distinct secrets from {{sourceIP}} within {{window}}' },
  },
  match: (e) => (meets(e, C0) ? { messageId: 'harvest', data: { user: e.user.username, sourceIP: e.sourceIP } } : undefined),
  window: { key: (e) => e.user.username, sizeMs: 300_000, threshold: 5, distinct: (e) => `${e.objectRef?.namespace ?? ''}/${e.objectRef?.name ?? ''}` },
});
