import { defineRule, meets } from '../rule.js';
import { isNode } from '../event.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['pods/ephemeralcontainers'], verbs: ['update', 'patch'], success: true };

export default defineRule({
  verbs: ['update', 'patch'],
  resources: ['pods/ephemeralcontainers'],
  meta: {
    id: 'KF-D-019',
    name: 'ephemeral-container',
    title: 'An ephemeral (debug) container was added to a pod',
    severity: 'medium',
    attack: ['T1609', 'T1610'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'kubectl debug adds a container, possibly privileged and with another image, to a running pod.',
    messages: { debug: '{{user}} added an ephemeral container to {{namespace}}/{{pod}}' },
  },
  match: (e) =>
    meets(e, C0) && !isNode(e.user)
      ? { messageId: 'debug', data: { user: e.user.username, namespace: e.objectRef?.namespace ?? '', pod: e.objectRef?.name ?? '' } }
      : undefined,
});
