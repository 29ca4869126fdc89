import check from '../../../src/checks/rbac/cluster-admin-binding.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'built-in-binding-to-system-masters',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: cluster-admin
  labels: {kubernetes.io/bootstrapping: rbac-defaults}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:masters"}
`,
    },
    {
      name: 'binding-to-a-role-that-is-merely-named-cluster-admin',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: admins, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cluster-admin}
subjects: [{kind: User, name: alice}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: viewers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects: [{kind: User, name: bob}]
`,
    },
  ],
  invalid: [
    {
      name: 'clusterrolebinding-to-service-account-and-group',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci-admin}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
  - kind: Group
    name: system:masters
`,
      errors: [
        { messageId: 'clusterWide', line: 9, path: 'subjects[0]', message: 'ClusterRoleBinding "ci-admin" makes ServiceAccount "ci/deployer" cluster-admin' },
        { messageId: 'clusterWide', line: 12, path: 'subjects[1]', message: 'Group "system:masters"' },
      ],
    },
    {
      name: 'built-in-name-with-an-extra-subject',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: cluster-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: Group, name: "system:masters"}
  - {kind: User, name: mallory}
`,
      errors: [{ messageId: 'clusterWide', line: 7, path: 'subjects[1]', message: 'User "mallory"' }],
    },
    {
      name: 'rolebinding-to-clusterrole-cluster-admin-in-a-namespace',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: team-admin, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: User, name: alice}
`,
      errors: [{ messageId: 'inNamespace', line: 6, path: 'subjects[0]', message: 'gives User "alice" cluster-admin in namespace "team-a"' }],
    },
  ],
});
