import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['pods', 'deployments', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs'], verbs: ['create'], namespaces: ['kube-system', 'kube-public'], nonSystem: true, success: true };
export default defineRule({
  verbs: ['create'],
  resources: ['pods', 'deployments', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs'],
  meta: {
    id: 'KF-D-025',
    name: 'pod-in-system-namespace',
    title: 'A user created a pod in a system namespace',
    severity: 'medium',
    attack: ['T1036.005', 'T1610'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Pods in kube-system or kube-public hide among control-plane components and can use their service accounts.',
    messages: { pod: '{{user}} created {{kind}} {{namespace}}/{{name}} from {{sourceIP}}' },
  },
  match: (e) =>
    meets(e, C0)
      ? { messageId: 'pod', data: { user: e.user.username, kind: e.objectRef?.resource ?? '', namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '', sourceIP: e.sourceIP } }
      : undefined,
});
