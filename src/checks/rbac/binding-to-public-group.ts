import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import type { Subject } from '../../core/k8s.js';
import { bindings } from './_util.js';

/**
 * Roles Kubernetes binds to everyone on purpose: API discovery, version and health endpoints,
 * and self-review (ClusterRoleBindings `system:discovery`, `system:basic-user`,
 * `system:public-info-viewer`); kubeadm lets anonymous clients read the `cluster-info`
 * ConfigMap in kube-public to bootstrap joining nodes.
 */
const PUBLIC_BY_DESIGN: readonly { kind: string; name: string; namespace?: string }[] = [
  { kind: 'ClusterRole', name: 'system:discovery' },
  { kind: 'ClusterRole', name: 'system:basic-user' },
  { kind: 'ClusterRole', name: 'system:public-info-viewer' },
  { kind: 'Role', name: 'kubeadm:bootstrap-signer-clusterinfo', namespace: 'kube-public' },
];

function publicSubject(subject: Subject): 'unauthenticated' | 'authenticated' | undefined {
  if (subject.kind === 'User' && subject.name === 'system:anonymous') return 'unauthenticated';
  if (subject.kind === 'Group' && subject.name === 'system:unauthenticated') return 'unauthenticated';
  if (subject.kind === 'Group' && subject.name === 'system:authenticated') return 'authenticated';
  return undefined;
}

export default defineCheck({
  meta: {
    id: 'KF-R-003',
    name: 'binding-to-public-group',
    title: 'Role bound to anonymous or all authenticated users',
    area: 'rbac',
    severity: 'critical',
    description:
      'User `system:anonymous` and group `system:unauthenticated` are every request without credentials: a binding to them opens the role to anyone who can reach the API server (critical). Group `system:authenticated` is every user and every service account token of every pod (high): one compromised pod holds the role. Kubernetes binds a few harmless roles to these groups on purpose (discovery, version, health, self-review, and kubeadm\'s `cluster-info`); those bindings are reported at info, so an inventory of public access stays complete without a false alarm.',
    remediation:
      'Bind the role to the users, groups or service accounts that need it instead:\n\n```yaml\nsubjects:\n  - kind: Group\n    name: platform-team\n    apiGroup: rbac.authorization.k8s.io\n```\n\n`kubectl get clusterrolebindings,rolebindings -A -o wide | grep -E "system:(anonymous|unauthenticated|authenticated)"` lists such bindings. Also consider `--anonymous-auth=false` on the API server.',
    frameworks: [nsa('Authentication and authorization: role-based access control')],
    messages: {
      unauthenticated: '{{binding}} grants {{role}} to {{subject}}: anyone who can reach the API server, without credentials',
      authenticated: '{{binding}} grants {{role}} to {{subject}}: every user and every service account token in the cluster',
      kubernetesDefault: '{{binding}} grants {{role}} to {{subject}}, as Kubernetes does by default; keep the role unchanged',
    },
    kinds: ['ClusterRoleBinding', 'RoleBinding'],
  },
  run(inventory, { report }) {
    for (const b of bindings(inventory)) {
      const { roleRef } = b.binding;
      const byDesign = PUBLIC_BY_DESIGN.some(
        (p) => p.kind === roleRef?.kind && p.name === roleRef.name && (p.namespace === undefined || p.namespace === b.resource.ref.namespace),
      );
      for (const s of b.subjects) {
        const who = publicSubject(s.subject);
        if (who === undefined) continue;
        const data = { binding: b.label, role: b.roleLabel, subject: s.label };
        if (byDesign) report({ messageId: 'kubernetesDefault', data, resource: b.resource, path: s.path, severity: 'info' });
        else if (who === 'unauthenticated') report({ messageId: 'unauthenticated', data, resource: b.resource, path: s.path });
        else report({ messageId: 'authenticated', data, resource: b.resource, path: s.path, severity: 'high' });
      }
    }
  },
});
