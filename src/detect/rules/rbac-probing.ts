import { defineRule } from '../rule.js';
export default defineRule({
  meta: {
    id: 'KF-D-005',
    name: 'rbac-probing',
    title: 'RBAC probing: a burst of authorization denials for one identity',
    severity: 'medium',
    attack: ['T1613', 'T1069'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'One identity denied by the authorizer on many distinct resources or URIs in two minutes: permission enumeration with a stolen credential.',
    messages: { burst: '{{user}} was denied on {{count}} distinct resources/URIs from {{sourceIP}} within {{window}}' },
  },
  match: (e) => (e.decision === 'forbid' && e.user.username !== '' ? { messageId: 'burst', data: { user: e.user.username, sourceIP: e.sourceIP } } : undefined),
  window: { key: (e) => e.user.username, sizeMs: 120_000, threshold: 5, distinct: (e) => `${e.verb} ${e.requestURI.split('?')[0] ?? ''}` },
});
