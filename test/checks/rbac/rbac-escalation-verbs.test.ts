import check from '../../../src/checks/rbac/rbac-escalation-verbs.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'bind-on-bindings-and-wrong-groups-grant-nothing',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: binding-writer}
rules:
  # Kubernetes checks bind against roles/clusterroles, not the bindings
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["rolebindings", "clusterrolebindings"]
    verbs: ["create", "bind"]
  # roles of the core group do not exist
  - apiGroups: [""]
    resources: ["roles"]
    verbs: ["escalate"]
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["*"]
`,
    },
    {
      name: 'star-status-is-not-a-user-extra',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: status-writer}
rules:
  - apiGroups: ["*"]
    resources: ["*/status"]
    verbs: ["*"]
`,
    },
  ],
  invalid: [
    {
      name: 'bind-and-escalate-on-roles',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: role-manager, namespace: team-a}
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["roles"]
    verbs:
      - bind
      - escalate
      - get
`,
      errors: [
        { messageId: 'bind', line: 8, path: 'rules[0].verbs[0]', message: 'Role "team-a/role-manager" can bind roles with permissions it does not hold' },
        { messageId: 'escalate', line: 9, path: 'rules[0].verbs[1]', message: 'write permissions it does not hold into roles' },
      ],
    },
    {
      name: 'impersonate-identities-and-user-extras',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: impersonator}
rules:
  - apiGroups: [""]
    resources: ["users", "groups"]
    resourceNames: ["alice"]
    verbs: ["impersonate"]
  - apiGroups: ["authentication.k8s.io"]
    resources: ["userextras/scopes", "uids"]
    verbs: ["impersonate"]
`,
      errors: [
        { messageId: 'impersonate', line: 8, path: 'rules[0].verbs[0]', message: 'can impersonate users, groups, acting as any of them (only resourceNames alice)' },
        { messageId: 'impersonate', line: 11, path: 'rules[1].verbs[0]', message: 'can impersonate uids, userextras/scopes' },
      ],
    },
    {
      name: 'every-verb-on-everything',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: god}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["clusterroles"]
    verbs: ["*"]
`,
      errors: [
        { messageId: 'allVerbs', line: 7, path: 'rules[0].verbs[0]', message: 'which includes bind, escalate, impersonate' },
        { messageId: 'allVerbs', line: 10, path: 'rules[1].verbs[0]', message: 'every verb (`*`) on clusterroles, which includes bind, escalate' },
      ],
    },
  ],
});
