import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['events'], verbs: ['delete', 'deletecollection'], nonSystem: true, success: true };
export default defineRule({
  verbs: ['delete', 'deletecollection'],
  resources: ['events'],
  meta: {
    id: 'KF-D-035',
    name: 'events-deleted',
    title: 'Kubernetes events were deleted',
    severity: 'medium',
    attack: ['T1070'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Events expire on their own; a user deleting them is removing evidence.',
    messages: { deleted: '{{user}} {{verb}} events in {{namespace}}' },
  },
  match: (e) =>
    meets(e, C0)
      ? { messageId: 'deleted', data: { user: e.user.username, verb: e.verb, namespace: e.objectRef?.namespace || 'all namespaces' } }
      : undefined,
});
