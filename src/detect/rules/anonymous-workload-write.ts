import { defineRule, meets } from '../rule.js';
import { isAnonymous } from '../event.js';
import { CHANGE_VERBS, POD_BEARING } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: POD_BEARING, verbs: CHANGE_VERBS, success: true };

export default defineRule({
  verbs: CHANGE_VERBS,
  resources: POD_BEARING,
  meta: {
    id: 'KF-D-004',
    name: 'anonymous-workload-write',
    title: 'Anonymous user created or changed a workload',
    severity: 'critical',
    attack: ['T1610'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'An unauthenticated request wrote a pod or workload and was allowed.',
    messages: { write: 'anonymous {{verb}} of {{kind}} {{namespace}}/{{name}} from {{sourceIP}} succeeded' },
  },
  match: (e) =>
    isAnonymous(e) && meets(e, C0)
      ? { messageId: 'write', data: { verb: e.verb, kind: e.objectRef?.resource ?? '', namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '', sourceIP: e.sourceIP } }
      : undefined,
});
