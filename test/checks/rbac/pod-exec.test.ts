import check from '../../../src/checks/rbac/pod-exec.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'logs-and-pods-but-no-exec',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: debugger, namespace: team-a}
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log", "pods/portforward"]
    verbs: ["get", "list", "create"]
`,
    },
    {
      name: 'pods-slash-star-is-not-an-rbac-wildcard',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: odd}
rules:
  - apiGroups: [""]
    resources: ["pods/*"]
    verbs: ["create", "get"]
  # exec lives in the core group only
  - apiGroups: ["apps"]
    resources: ["*"]
    verbs: ["*"]
`,
    },
  ],
  invalid: [
    {
      name: 'role-create-exec-and-attach',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: shell, namespace: team-a}
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get"]
  - apiGroups: [""]
    resources:
      - pods/exec
      - pods/attach
    verbs: ["create"]
`,
      errors: [{ messageId: 'exec', line: 10, path: 'rules[1].resources[0]', severity: 'high', message: 'Role "team-a/shell" can create pods/exec and pods/attach' }],
    },
    {
      name: 'wildcards-and-subresource-wildcards',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: broad}
rules:
  - apiGroups: ["*"]
    resources: ["*/attach"]
    resourceNames: ["web-0"]
    verbs: ["*"]
  - apiGroups: [""]
    resources: ["*"]
    verbs: ["get", "list", "watch"]
`,
      errors: [
        { messageId: 'exec', line: 6, path: 'rules[0].resources[0]', message: 'can create pods/attach: it can run commands in pods (only resourceNames web-0)' },
        { messageId: 'execViaGet', line: 10, path: 'rules[1].resources[0]', message: 'can get pods/exec and pods/attach: before Kubernetes 1.35' },
      ],
    },
  ],
});
