import { defineRule, meets } from '../rule.js';
import { at } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['clusterrolebindings', 'rolebindings'], groups: ['rbac.authorization.k8s.io'], verbs: ['create', 'update', 'patch'] };

const ADMIN_ROLES = ['cluster-admin', 'admin', 'system:masters'];

export default defineRule({
  verbs: ['create', 'update', 'patch'],
  resources: ['clusterrolebindings', 'rolebindings'],
  meta: {
    id: 'KF-D-027',
    name: 'cluster-admin-binding',
    title: 'A binding to cluster-admin (or admin) was created',
    severity: 'critical',
    attack: ['T1098.006'],
    minLevel: 'Request',
    stages: ['ResponseComplete'],
    description: 'A (cluster)rolebinding whose roleRef is cluster-admin or admin grants full control; the roleRef is only in the body (level Request).',
    messages: { binding: '{{user}} {{verb}} {{kind}} {{name}} binding {{role}} to {{subjects}}' },
  },
  match: (e) => {
    if (!meets(e, C0)) return undefined;
    if (e.code >= 400) return undefined;
    const body = e.requestObject ?? e.responseObject;
    const role = at(body, 'roleRef', 'name');
    if (typeof role !== 'string' || !ADMIN_ROLES.includes(role)) return undefined;
    const subjects = at(body, 'subjects');
    const list = Array.isArray(subjects) ? subjects.map((s) => `${String(at(s, 'kind') ?? '?')}:${String(at(s, 'name') ?? '?')}`).join(', ') : '(none)';
    return { messageId: 'binding', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', name: e.objectRef?.name ?? '', role, subjects: list } };
  },
});
