import check from '../../../src/checks/rbac/rbac-wildcard.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'role-explicit-lists',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: team-a}
rules:
  - apiGroups: ["", "apps"]
    resources: ["pods", "deployments", "pods/log"]
    verbs: ["get", "list", "watch"]
`,
    },
    {
      name: 'clusterrole-url-prefix-and-subresource-star-are-not-wildcards',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: logs}
rules:
  - nonResourceURLs: ["/logs/*", "/healthz"]
    verbs: ["get"]
  - apiGroups: [""]
    resources: ["pods/*"]
    verbs: ["get"]
`,
    },
    {
      name: 'aggregated-clusterrole-is-reported-on-its-sources',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: monitoring}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {example.com/aggregate-to-monitoring: "true"}}]
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`,
    },
  ],
  invalid: [
    {
      name: 'role-every-verb-on-pods',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-admin, namespace: team-a}
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs:
      - "*"
`,
      errors: [{ messageId: 'verbs', line: 8, path: 'rules[0].verbs[0]', severity: 'high', message: 'Role "team-a/pod-admin" grants every verb (`*`) on pods in API groups core' }],
    },
    {
      name: 'clusterrole-every-resource-in-every-group-narrowed',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader-of-all}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    resourceNames: ["cfg"]
    verbs: ["get"]
  - nonResourceURLs: ["*"]
    verbs: ["get"]
`,
      errors: [
        { messageId: 'apiGroups', line: 5, path: 'rules[0].apiGroups[0]', message: 'grants get on * in every API group (`*`) (only resourceNames cfg)' },
        { messageId: 'resources', line: 6, path: 'rules[0].resources[0]', message: 'every resource (`*`) in API groups *' },
        { messageId: 'nonResourceURLs', line: 9, path: 'rules[1].nonResourceURLs[0]', message: 'ClusterRole "reader-of-all" grants get on every non-resource URL' },
      ],
    },
    {
      name: 'kubernetes-cluster-admin-role-is-info',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cluster-admin
  labels: {kubernetes.io/bootstrapping: rbac-defaults}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
  - nonResourceURLs: ["*"]
    verbs: ["*"]
`,
      errors: [
        { messageId: 'apiGroups', line: 7, severity: 'info' },
        { messageId: 'resources', line: 8, severity: 'info' },
        { messageId: 'verbs', line: 9, path: 'rules[0].verbs[0]', severity: 'info' },
        { messageId: 'nonResourceURLs', line: 10, severity: 'info' },
        { messageId: 'verbs', line: 11, path: 'rules[1].verbs[0]', severity: 'info', message: 'every verb (`*`) on non-resource URLs *' },
      ],
    },
    {
      name: 'bootstrap-label-on-a-custom-name-does-not-downgrade',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ops
  labels: {kubernetes.io/bootstrapping: rbac-defaults}
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["*"]
`,
      errors: [{ messageId: 'verbs', line: 9, severity: 'high' }],
    },
  ],
});
