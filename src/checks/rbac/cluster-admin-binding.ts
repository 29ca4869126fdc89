import { defineCheck } from '../../core/check.js';
import { cis, nsa } from '../../core/framework.js';
import { bindingScope, bindings } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-R-002',
    name: 'cluster-admin-binding',
    title: 'Subject bound to cluster-admin',
    area: 'rbac',
    severity: 'high',
    description:
      'cluster-admin allows every action on every object. Bound by a ClusterRoleBinding it is the whole cluster; bound by a RoleBinding it is everything in that namespace (Secrets, workloads, RoleBindings). A stolen token of such a subject needs no further escalation. Like the CIS audit, the built-in `cluster-admin` ClusterRoleBinding to the `system:masters` group is not reported.',
    remediation:
      'Bind a role that lists what the subject needs, and remove the cluster-admin binding:\n\n```sh\nkubectl get clusterrolebindings,rolebindings -A -o json | jq -r \'.items[] | select(.roleRef.name=="cluster-admin") | .metadata.namespace + "/" + .metadata.name\'\nkubectl delete clusterrolebinding <name>\n```\n\nFor break-glass access, bind cluster-admin for a limited time and audit its use.',
    frameworks: [cis('5.1.1'), nsa('Authentication and authorization: role-based access control')],
    messages: {
      clusterWide: '{{binding}} makes {{subject}} cluster-admin: every action on every object of the cluster',
      inNamespace: '{{binding}} gives {{subject}} cluster-admin in {{scope}}: every action on every object there',
    },
    kinds: ['ClusterRoleBinding', 'RoleBinding'],
  },
  run(inventory, { report }) {
    for (const b of bindings(inventory)) {
      const { roleRef } = b.binding;
      if (roleRef?.kind !== 'ClusterRole' || roleRef.name !== 'cluster-admin') continue;
      const clusterWide = b.resource.ref.kind === 'ClusterRoleBinding';
      const builtIn = clusterWide && b.resource.ref.name === 'cluster-admin';
      for (const s of b.subjects) {
        if (builtIn && s.subject.kind === 'Group' && s.subject.name === 'system:masters') continue;
        report({
          messageId: clusterWide ? 'clusterWide' : 'inNamespace',
          data: { binding: b.label, subject: s.label, scope: bindingScope(b.resource) },
          resource: b.resource,
          path: s.path,
        });
      }
    }
  },
});
