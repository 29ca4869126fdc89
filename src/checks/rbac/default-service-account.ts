import { defineCheck } from '../../core/check.js';
import { cis, nsa } from '../../core/framework.js';
import { accountAutomount, bindings, describeObject, tokenMount } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-R-007',
    name: 'default-service-account',
    title: 'Pod uses the default ServiceAccount',
    area: 'rbac',
    severity: 'low',
    description:
      'Every pod that names no ServiceAccount runs as its namespace\'s `default` one, so any permission granted to `default` (often by a Helm chart or an operator\'s instructions) is shared by every such pod, and its token identifies none of them. A pod that uses `default` but mounts no token (the pod or the ServiceAccount sets `automountServiceAccountToken: false`) holds no credentials and is not reported. The deprecated `serviceAccount` field is read when `serviceAccountName` is unset. Like CIS 5.1.5, `default` ServiceAccount objects that do not disable token mounting are reported too, and so are RoleBindings and ClusterRoleBindings that grant a role to a `default` ServiceAccount: every pod that names no ServiceAccount inherits that role.',
    remediation:
      'Give each workload its own ServiceAccount (and bind roles to it, not to `default`), and make `default` hold no token:\n\n```yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\nautomountServiceAccountToken: false\n---\n# in the pod template\nspec:\n  serviceAccountName: web\n```\n\nOr per namespace: `kubectl patch serviceaccount default -n <ns> -p \'{"automountServiceAccountToken": false}\'`.',
    frameworks: [cis('5.1.5'), nsa('Pod security: protecting Pod service account tokens')],
    messages: {
      podUsesDefault: 'the pod runs as the default ServiceAccount ({{how}}) and mounts its token',
      defaultAccountAutomounts: '{{account}} does not set automountServiceAccountToken: false, so every pod that names no ServiceAccount gets its token',
      defaultAccountBound: '{{binding}} grants {{role}} to ServiceAccount "{{account}}": every pod of that namespace that names no ServiceAccount holds it',
    },
    kinds: ['ServiceAccount', 'RoleBinding', 'ClusterRoleBinding'],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      const token = tokenMount(inventory, pod);
      if (token.serviceAccount !== 'default' || !token.mounted) continue;
      const how = token.namedAt === undefined ? 'no serviceAccountName' : token.namedAt.field === 'serviceAccount' ? 'deprecated field serviceAccount: default' : 'serviceAccountName: default';
      report({ messageId: 'podUsesDefault', data: { how }, resource: pod.resource, path: token.namedAt?.path ?? pod.specPath });
    }
    for (const account of inventory.ofKind('ServiceAccount')) {
      if (account.ref.name !== 'default') continue;
      const setting = accountAutomount(inventory, account);
      if (setting === false) continue;
      report({
        messageId: 'defaultAccountAutomounts',
        data: { account: describeObject(account) },
        resource: account,
        path: setting === undefined ? [] : ['automountServiceAccountToken'],
      });
    }
    for (const b of bindings(inventory)) {
      for (const s of b.subjects) {
        if (s.subject.kind !== 'ServiceAccount' || s.subject.name !== 'default') continue;
        const namespace = s.subject.namespace ?? b.resource.ref.namespace;
        const account = namespace === undefined ? 'default' : `${namespace}/default`;
        report({ messageId: 'defaultAccountBound', data: { binding: b.label, role: b.roleLabel, account }, resource: b.resource, path: s.path });
      }
    }
  },
});
