import { defineRule, meets } from '../rule.js';
import { WRITE_VERBS } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['*'], verbs: WRITE_VERBS, namespaces: ['kube-system'], nonSystem: true, success: true };

export default defineRule({
  verbs: WRITE_VERBS,
  meta: {
    id: 'KF-D-037',
    name: 'kube-system-change',
    title: 'A user changed objects in kube-system',
    severity: 'low',
    attack: ['T1543.005', 'T1036.005'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'kube-system is run by the control plane and its add-ons; changes by people or non-system identities deserve a look.',
    messages: { change: '{{user}} {{verb}} {{kind}} kube-system/{{name}}' },
  },
  match: (e) =>
    meets(e, C0) && !['events', 'leases'].includes(e.objectRef?.resource ?? '')
      ? { messageId: 'change', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.subresource ? `${e.objectRef.resource}/${e.objectRef.subresource}` : (e.objectRef?.resource ?? ''), name: e.objectRef?.name ?? '' } }
      : undefined,
});
