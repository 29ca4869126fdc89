import { defineRule, meets } from '../rule.js';
import { isNode } from '../event.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['certificatesigningrequests'], verbs: ['create'], success: true };
const C1: Criteria = { resources: ['certificatesigningrequests/approval'], verbs: ['update', 'patch'], success: true };

export default defineRule({
  verbs: ['create', 'update', 'patch'],
  resources: ['certificatesigningrequests', 'certificatesigningrequests/approval'],
  meta: {
    id: 'KF-D-033',
    name: 'csr-created-or-approved',
    title: 'A certificate signing request was created or approved outside the kubelet flow',
    severity: 'medium',
    attack: ['T1098.006'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'A CSR for a client certificate (e.g. system:masters or a control-plane identity), approved by the requester, is a durable credential that RBAC cannot revoke.',
    messages: { csr: '{{user}} {{action}} CSR {{name}} from {{sourceIP}}' },
  },
  match: (e) => {
    if (isNode(e.user) || e.user.username.startsWith('system:kube-controller-manager') || e.user.username.startsWith('system:bootstrap:')) return undefined;
    if (meets(e, C0)) return { messageId: 'csr', data: { user: e.user.username, action: 'created', name: e.objectRef?.name ?? '', sourceIP: e.sourceIP } };
    if (meets(e, C1)) return { messageId: 'csr', data: { user: e.user.username, action: 'approved', name: e.objectRef?.name ?? '', sourceIP: e.sourceIP } };
    return undefined;
  },
});
