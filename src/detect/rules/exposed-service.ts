import { defineRule, meets } from '../rule.js';
import { at, CHANGE_VERBS } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['services'], groups: [''], verbs: CHANGE_VERBS };

export default defineRule({
  verbs: CHANGE_VERBS,
  resources: ['services'],
  meta: {
    id: 'KF-D-038',
    name: 'exposed-service',
    title: 'A service was exposed outside the cluster (NodePort or LoadBalancer)',
    severity: 'low',
    attack: ['T1133'],
    minLevel: 'Request',
    stages: ['ResponseComplete'],
    description: 'NodePort and LoadBalancer services open a port on every node or a cloud load balancer.',
    messages: { exposed: '{{user}} {{verb}} service {{namespace}}/{{name}} of type {{type}}' },
  },
  match: (e) => {
    if (!meets(e, C0) || e.code >= 400) return undefined;
    const type = at(e.requestObject, 'spec', 'type');
    return type === 'NodePort' || type === 'LoadBalancer' ? { messageId: 'exposed', data: { user: e.user.username, verb: e.verb, namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '', type } } : undefined;
  },
});
