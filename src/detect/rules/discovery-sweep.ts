import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const SENSITIVE = ['namespaces', 'nodes', 'pods', 'secrets', 'configmaps', 'serviceaccounts', 'roles', 'rolebindings', 'clusterroles', 'clusterrolebindings', 'deployments', 'daemonsets'];
const C0: Criteria = { resources: SENSITIVE, verbs: ['list'], nonSystem: true };

export default defineRule({
  verbs: ['list'],
  resources: SENSITIVE,
  meta: {
    id: 'KF-D-007',
    name: 'discovery-sweep',
    title: 'Discovery sweep: many resource types listed by one identity',
    severity: 'low',
    attack: ['T1613'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'A non-system identity listed six or more sensitive resource types within a minute from one IP.',
    messages: { sweep: '{{user}} listed {{count}} resource types from {{sourceIP}} within {{window}}' },
  },
  match: (e) => (meets(e, C0) ? { messageId: 'sweep', data: { user: e.user.username, sourceIP: e.sourceIP } } : undefined),
  window: { key: (e) => `${e.user.username}\u0000${e.sourceIP}`, sizeMs: 60_000, threshold: 6, distinct: (e) => e.objectRef?.resource ?? '' },
});
