import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['pods/portforward', 'pods/proxy', 'services/proxy'], nonSystem: true };
export default defineRule({
  resources: ['pods/portforward', 'pods/proxy', 'services/proxy'],
  meta: {
    id: 'KF-D-018',
    name: 'port-forward-or-proxy',
    title: 'Port-forward or API-server proxy to a pod or service',
    severity: 'low',
    attack: ['T1609', 'T1572'],
    minLevel: 'Metadata',
    stages: ['ResponseStarted', 'ResponseComplete'],
    description: 'pods/portforward, pods/proxy or services/proxy by a user: a tunnel into the cluster network that bypasses NetworkPolicies at the edge.',
    messages: { tunnel: '{{user}} opened {{resource}} to {{namespace}}/{{name}} from {{sourceIP}}' },
  },
  match: (e) =>
    meets(e, C0) && !(e.stage === 'ResponseComplete' && e.code === 101)
      ? { messageId: 'tunnel', data: { user: e.user.username, resource: `${e.objectRef?.resource ?? ''}/${e.objectRef?.subresource ?? ''}`, namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '', sourceIP: e.sourceIP } }
      : undefined,
});
