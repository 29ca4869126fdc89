import check from '../../../src/checks/rbac/rbac-escalation-primitive.js';
import { testCheck } from '../../support/check-tester.js';

const bound = (rules: string, subject: string, kind = 'ClusterRole', ns = '') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: {name: r${ns === '' ? '' : `, namespace: ${ns}`}}
rules:
${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind === 'Role' ? 'RoleBinding' : 'ClusterRoleBinding'}
metadata: {name: b${ns === '' ? '' : `, namespace: ${ns}`}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: r}
subjects:
  - ${subject}
`;

testCheck(check, {
  valid: [
    { name: 'token-request-narrowed-to-no-create', yaml: bound('  - {apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["get"]}', '{kind: User, name: alice}') },
    { name: 'nodes-proxy-in-another-group', yaml: bound('  - {apiGroups: ["metrics.k8s.io"], resources: ["nodes/proxy"], verbs: ["get"]}', '{kind: User, name: alice}') },
    { name: 'pods-slash-star-is-not-attach', yaml: bound('  - {apiGroups: [""], resources: ["pods/*"], verbs: ["create"]}', '{kind: User, name: alice}') },
    { name: 'cluster-admin-holders-are-left-to-kf-r-003', yaml: bound('  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}', '{kind: User, name: root}') },
    { name: 'create-pods-for-a-named-user-is-left-to-paths', yaml: bound('  - {apiGroups: [""], resources: ["pods"], verbs: ["create"]}', '{kind: User, name: alice}') },
  ],
  invalid: [
    {
      name: 'token-request-through-a-wildcard-subresource',
      yaml: bound('  - {apiGroups: [""], resources: ["*/token"], verbs: ["create"]}', '{kind: ServiceAccount, name: ci, namespace: build}', 'Role', 'apps'),
      errors: [{ messageId: 'primitive', line: 12, path: 'subjects[0]', severity: 'high', message: 'ServiceAccount build/ci can create serviceaccounts/token in apps (via RoleBinding apps/b → Role apps/r)' }],
    },
    {
      name: 'nodes-proxy-get-is-enough',
      yaml: bound('  - {apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"]}', '{kind: User, name: alice}'),
      errors: [{ messageId: 'primitive', path: 'subjects[0]', message: 'User alice can get nodes/proxy: the kubelet API runs commands in every pod of the node' }],
    },
    {
      name: 'all-authenticated-can-create-deployments',
      yaml: bound('  - {apiGroups: ["apps"], resources: ["deployments"], verbs: ["create"]}', '{kind: Group, name: system:authenticated}'),
      errors: [{ messageId: 'primitive', path: 'subjects[0]', severity: 'critical', message: 'Group system:authenticated can create deployments in every namespace' }],
    },
  ],
});
