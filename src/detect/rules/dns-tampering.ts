import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['configmaps'], verbs: ['update', 'patch', 'delete'], namespaces: ['kube-system'], names: ['coredns', 'coredns-custom', 'kube-dns'], nonSystem: true, success: true };
export default defineRule({
  verbs: ['update', 'patch', 'delete'],
  resources: ['configmaps'],
  meta: {
    id: 'KF-D-039',
    name: 'dns-tampering',
    title: 'Cluster DNS configuration was modified',
    severity: 'high',
    attack: ['T1565.001'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'Changing the coredns/kube-dns ConfigMap redirects service names: traffic interception inside the cluster.',
    messages: { dns: '{{user}} {{verb}} configmap kube-system/{{name}}' },
  },
  match: (e) =>
    meets(e, C0)
      ? { messageId: 'dns', data: { user: e.user.username, verb: e.verb, name: e.objectRef?.name ?? '' } }
      : undefined,
});
