import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import type { PodSpecView } from '../../core/workloads.js';
import { tokenMount } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-R-021',
    name: 'shared-service-account',
    title: 'ServiceAccount shared by several workloads',
    area: 'rbac',
    severity: 'medium',
    description:
      'When unrelated workloads run as one ServiceAccount (other than `default`, which KF-R-007 covers) and mount its token, each holds the union of the permissions all of them need, a compromise of any one hands over the others\' access, and audit logs cannot tell them apart. Workloads are counted once (a Deployment, not its ReplicaSets and Pods); only workloads that mount the token are counted.',
    remediation:
      'Give each workload its own ServiceAccount and bind to it only what that workload uses (`kubefort rbac suggest --audit-log` writes those roles from real use):\n\n```yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: shop}\n---\n# in the pod template\nspec:\n  serviceAccountName: web\n```',
    frameworks: [nsa('Pod security: protecting Pod service account tokens')],
    messages: {
      shared: 'ServiceAccount "{{account}}" is also used by {{others}}: every one of them holds the permissions all of them need',
    },
    kinds: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController'],
  },
  run(inventory, { report }) {
    const users = new Map<string, { pod: PodSpecView; path: readonly (string | number)[] }[]>();
    for (const pod of inventory.podSpecs()) {
      const token = tokenMount(inventory, pod);
      if (token.serviceAccount === 'default' || !token.mounted || token.namedAt === undefined) continue;
      const key = `${pod.resource.ref.namespace ?? ''}/${token.serviceAccount}`;
      users.set(key, [...(users.get(key) ?? []), { pod, path: token.namedAt.path }]);
    }
    for (const [key, list] of users) {
      if (list.length < 2) continue;
      const account = key.startsWith('/') ? key.slice(1) : key;
      for (const { pod, path } of list) {
        const others = list.filter((o) => o.pod !== pod).map((o) => `${o.pod.resource.ref.kind} "${o.pod.resource.ref.name}"`);
        report({ messageId: 'shared', data: { account, others: others.join(', ') }, resource: pod.resource, path: [...path] });
      }
    }
  },
});
