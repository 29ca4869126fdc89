import check from '../../../src/checks/rbac/rbac-escalation-path.js';
import { testCheck } from '../../support/check-tester.js';

const OPS_ADMIN = `apiVersion: v1
kind: ServiceAccount
metadata: {name: ops-admin, namespace: ops}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: ServiceAccount, name: ops-admin, namespace: ops}
`;

testCheck(check, {
  valid: [
    {
      name: 'pod-creator-in-a-namespace-without-powerful-accounts',
      yaml: `${OPS_ADMIN}---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: builder, namespace: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit-pods}
subjects:
  - {kind: ServiceAccount, name: builder, namespace: ci}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: edit-pods}
rules:
  - {apiGroups: [""], resources: ["pods"], verbs: ["create"]}
`,
    },
    {
      name: 'impersonating-only-named-users-is-not-impersonating-masters',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: imp}
rules:
  - {apiGroups: [""], resources: ["groups"], verbs: ["impersonate"], resourceNames: ["developers"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: imp}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: imp}
subjects:
  - {kind: User, name: alice}
`,
    },
  ],
  invalid: [
    {
      name: 'pod-creator-in-a-namespace-with-a-cluster-admin-account',
      yaml: `${OPS_ADMIN}---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: builder, namespace: ops}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit-pods}
subjects:
  - {kind: ServiceAccount, name: builder, namespace: ci}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: edit-pods}
rules:
  - {apiGroups: [""], resources: ["pods"], verbs: ["create"]}
`,
      errors: [
        {
          messageId: 'path',
          line: 17,
          path: 'subjects[0]',
          message:
            'ServiceAccount ci/builder can reach cluster-admin in 2 hops: can create pods in ops → ServiceAccount ops/ops-admin (RoleBinding ops/builder → ClusterRole edit-pods → rules[0]: create pods in core) ⇒ holds * on * in every API group cluster-wide (cluster-admin) → cluster-admin (ClusterRoleBinding ops-admin → ClusterRole cluster-admin → rules[0]: * * in *)',
        },
        { messageId: 'path', line: 17, path: 'subjects[0]', message: 'ServiceAccount ci/builder can reach kube-system-secrets in 2 hops' },
      ],
    },
    {
      name: 'impersonating-any-group-reaches-system-masters',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: imp}
rules:
  - {apiGroups: [""], resources: ["groups"], verbs: ["impersonate"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: imp}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: imp}
subjects:
  - {kind: Group, name: system:authenticated}
`,
      errors: [{ messageId: 'path', line: 12, path: 'subjects[0]', message: 'Group system:authenticated can reach cluster-admin in 1 hops: can impersonate groups (system:masters) → cluster-admin' }],
    },
  ],
});
