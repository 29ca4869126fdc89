import { defineRule } from '../rule.js';
import { isServiceAccount } from '../event.js';

export default defineRule({
  meta: {
    id: 'KF-D-042',
    name: 'serviceaccount-forbidden',
    title: 'A service account was denied by the authorizer',
    severity: 'low',
    attack: ['T1613'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Workloads are written against the permissions they have: a service account receiving 403s is running code it was not built for.',
    messages: { forbidden: '{{user}} was denied {{verb}} {{object}} from {{sourceIP}} ({{userAgent}})' },
  },
  match: (e) =>
    e.decision === 'forbid' && isServiceAccount(e.user)
      ? { messageId: 'forbidden', data: { user: e.user.username, verb: e.verb, object: e.objectRef ? `${e.objectRef.resource}${e.objectRef.subresource ? `/${e.objectRef.subresource}` : ''} in ${e.objectRef.namespace || 'the cluster scope'}` : e.requestURI, sourceIP: e.sourceIP, userAgent: e.userAgent } }
      : undefined,
});
