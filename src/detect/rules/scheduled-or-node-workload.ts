import { defineRule, meets } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['daemonsets', 'cronjobs'], verbs: ['create', 'patch', 'update'], nonSystem: true, success: true };
export default defineRule({
  verbs: ['create', 'patch', 'update'],
  resources: ['daemonsets', 'cronjobs'],
  meta: {
    id: 'KF-D-041',
    name: 'scheduled-or-node-workload',
    title: 'A DaemonSet or CronJob was created or changed by a user',
    severity: 'low',
    attack: ['T1053.007', 'T1543.005', 'T1610'],
    minLevel: 'Metadata',
    stages: ['ResponseComplete'],
    description: 'DaemonSets run on every node and CronJobs run again and again: both are classic persistence.',
    messages: { workload: '{{user}} {{verb}} {{kind}} {{namespace}}/{{name}}' },
  },
  match: (e) =>
    meets(e, C0)
      ? { messageId: 'workload', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', namespace: e.objectRef?.namespace ?? '', name: e.objectRef?.name ?? '' } }
      : undefined,
});
