import check from '../../../src/checks/rbac/secrets-read.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'write-only-and-other-resources',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: writer, namespace: team-a}
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["create", "update"]
  - apiGroups: [""]
    resources: ["configmaps", "pods"]
    verbs: ["get", "list", "watch"]
`,
    },
    {
      name: 'api-groups-are-honoured',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: crd-reader}
rules:
  # "secrets" of a CRD group are not core Secrets
  - apiGroups: ["vault.example.com"]
    resources: ["secrets"]
    verbs: ["get"]
  # every resource of apps holds no Secret
  - apiGroups: ["apps"]
    resources: ["*"]
    verbs: ["get", "list"]
`,
    },
  ],
  invalid: [
    {
      name: 'role-get-list-secrets',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: team-a}
rules:
  - apiGroups: [""]
    resources:
      - configmaps
      - secrets
    verbs: ["get", "list"]
`,
      errors: [{ messageId: 'readSecrets', line: 8, path: 'rules[0].resources[1]', severity: 'high', message: 'Role "team-a/reader" can get, list Secrets' }],
    },
    {
      name: 'wildcards-grant-secrets',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: broad}
rules:
  - apiGroups: [""]
    resources: ["*"]
    verbs: ["watch"]
  - apiGroups: ["*"]
    resources: ["secrets"]
    resourceNames: ["app-tls"]
    verbs: ["*"]
`,
      errors: [
        { messageId: 'readSecrets', line: 6, path: 'rules[0].resources[0]', message: 'can watch Secrets' },
        { messageId: 'readSecrets', line: 9, path: 'rules[1].resources[0]', message: 'can * (get, list, watch) Secrets (only resourceNames app-tls)' },
      ],
    },
    {
      name: 'kubernetes-bootstrap-role-is-info',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: "system:controller:expand-controller"
  labels: {kubernetes.io/bootstrapping: rbac-defaults}
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get"]
`,
      errors: [{ messageId: 'readSecrets', line: 8, severity: 'info' }],
    },
  ],
});
