import check from '../../../src/checks/rbac/binding-to-public-group.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'bindings-to-named-subjects',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: viewers}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: Group, name: platform-team}
  - {kind: Group, name: "system:serviceaccounts:monitoring"}
  # a user that happens to carry the group's name is not the group
  - {kind: User, name: "system:authenticated"}
`,
    },
  ],
  invalid: [
    {
      name: 'anonymous-unauthenticated-and-authenticated',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: open-door}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: User, name: "system:anonymous"}
  - {kind: Group, name: "system:unauthenticated"}
  - {kind: Group, name: "system:authenticated"}
`,
      errors: [
        { messageId: 'unauthenticated', line: 6, path: 'subjects[0]', severity: 'critical', message: 'ClusterRoleBinding "open-door" grants ClusterRole "view" to User "system:anonymous"' },
        { messageId: 'unauthenticated', line: 7, path: 'subjects[1]', severity: 'critical' },
        { messageId: 'authenticated', line: 8, path: 'subjects[2]', severity: 'high', message: 'every user and every service account token' },
      ],
    },
    {
      name: 'kubernetes-default-public-bindings-are-info',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "system:public-info-viewer"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:public-info-viewer"}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:authenticated"}
  - {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "system:unauthenticated"}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: "kubeadm:bootstrap-signer-clusterinfo", namespace: kube-public}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "kubeadm:bootstrap-signer-clusterinfo"}
subjects:
  - {apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:anonymous"}
`,
      errors: [
        { messageId: 'kubernetesDefault', line: 6, path: 'subjects[0]', severity: 'info', message: 'as Kubernetes does by default' },
        { messageId: 'kubernetesDefault', line: 7, path: 'subjects[1]', severity: 'info' },
        { messageId: 'kubernetesDefault', line: 14, path: 'subjects[0]', severity: 'info', message: 'User "system:anonymous"' },
      ],
    },
    {
      name: 'default-role-name-in-another-namespace-is-not-the-default',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: cluster-info, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "kubeadm:bootstrap-signer-clusterinfo"}
subjects:
  - {kind: User, name: "system:anonymous"}
`,
      errors: [{ messageId: 'unauthenticated', line: 6, path: 'subjects[0]', severity: 'critical' }],
    },
  ],
});
