import { defineRule } from '../rule.js';
const PRIVILEGED_USER = /^(system:admin|admin|cluster-admin|kubernetes-admin|system:kube-controller-manager|system:kube-scheduler|system:apiserver|system:node:.*|system:serviceaccount:kube-system:.*)$/;
const PRIVILEGED_GROUP = ['system:masters', 'cluster-admin', 'system:nodes'];

export default defineRule({
  meta: {
    id: 'KF-D-031',
    name: 'privileged-impersonation',
    title: 'A request impersonated a privileged identity',
    severity: 'high',
    attack: ['T1078', 'T1134'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Impersonate-User/Group headers naming an admin, a control-plane component, a node, a kube-system service account or system:masters.',
    messages: { impersonation: '{{user}} acted as {{target}} ({{groups}}): {{verb}} {{uri}} → {{code}}' },
  },
  match: (e) => {
    const t = e.impersonatedUser;
    if (t === undefined) return undefined;
    if (!PRIVILEGED_USER.test(t.username) && !t.groups.some((g) => PRIVILEGED_GROUP.includes(g))) return undefined;
    return { messageId: 'impersonation', data: { user: e.user.username, target: t.username, groups: t.groups.join(',') || 'no groups', verb: e.verb, uri: e.requestURI, code: e.code } };
  },
});
