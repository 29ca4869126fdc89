import { defineRule, meets } from '../rule.js';
import { WRITE_VERBS } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = {
      resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'],
      groups: ['admissionregistration.k8s.io'],
      verbs: WRITE_VERBS,
      nonSystem: true,
      success: true,
    };

export default defineRule({
  verbs: WRITE_VERBS,
  resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'],
  meta: {
    id: 'KF-D-034',
    name: 'admission-webhook-change',
    title: 'An admission webhook or admission policy was created, changed or deleted',
    severity: 'high',
    attack: ['T1546', 'T1562.001'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'A mutating webhook sees and can rewrite every object (secrets included); deleting a validating webhook or policy disables a guard rail.',
    messages: { webhook: '{{user}} {{verb}} {{kind}} {{name}}' },
  },
  match: (e) =>
    meets(e, C0)
      ? { messageId: 'webhook', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', name: e.objectRef?.name ?? '' } }
      : undefined,
});
