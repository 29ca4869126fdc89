import check from '../../../src/checks/rbac/default-service-account.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'dedicated-service-accounts-including-the-deprecated-field',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team-a}
spec:
  template:
    spec:
      serviceAccountName: web
      containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Pod
metadata: {name: old, namespace: team-a}
spec:
  serviceAccount: legacy
  containers: [{name: app, image: "nginx:1.27"}]
`,
    },
    {
      name: 'default-account-without-a-token-holds-no-credentials',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: batch, namespace: team-a}
spec:
  automountServiceAccountToken: false
  containers: [{name: app, image: "busybox:1.36"}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: team-b}
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: team-b}
spec:
  containers: [{name: app, image: "nginx:1.27"}]
`,
    },
    {
      name: 'roles-bound-to-a-dedicated-account',
      yaml: `
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web, namespace: team-a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: web}
subjects: [{kind: ServiceAccount, name: web, namespace: team-a}, {kind: User, name: default}]
`,
    },
  ],
  invalid: [
    {
      name: 'roles-bound-to-default-accounts',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods, namespace: whoa}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects:
  - kind: ServiceAccount
    name: default
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: destroy-k8s}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects:
  - {kind: ServiceAccount, name: default, namespace: whoa}
`,
      errors: [
        { messageId: 'defaultAccountBound', line: 6, path: 'subjects[0]', message: 'RoleBinding "whoa/read-pods" grants Role "pod-reader" to ServiceAccount "whoa/default"' },
        { messageId: 'defaultAccountBound', line: 14, path: 'subjects[0]', message: 'ClusterRoleBinding "destroy-k8s" grants ClusterRole "cluster-admin" to ServiceAccount "whoa/default"' },
      ],
    },
    {
      name: 'pods-that-run-as-default',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: implicit, namespace: team-a}
spec:
  containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: explicit, namespace: team-a}
spec:
  template:
    spec:
      serviceAccountName: default
      containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: legacy, namespace: team-a}
spec:
  template:
    spec:
      serviceAccount: default
      restartPolicy: Never
      containers: [{name: app, image: "busybox:1.36"}]
`,
      errors: [
        { messageId: 'podUsesDefault', line: 4, path: 'spec', message: 'the pod runs as the default ServiceAccount (no serviceAccountName)' },
        { messageId: 'podUsesDefault', line: 13, path: 'spec.template.spec.serviceAccountName', message: '(serviceAccountName: default)' },
        { messageId: 'podUsesDefault', line: 22, path: 'spec.template.spec.serviceAccount', message: '(deprecated field serviceAccount: default)' },
      ],
    },
    {
      name: 'default-accounts-that-mount-tokens',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: team-a}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: team-b}
automountServiceAccountToken: true
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: team-b}
spec:
  serviceAccountName: ""
  containers: [{name: app, image: "nginx:1.27"}]
`,
      errors: [
        { messageId: 'defaultAccountAutomounts', line: 1, path: '', message: 'ServiceAccount "team-a/default" does not set automountServiceAccountToken: false' },
        { messageId: 'defaultAccountAutomounts', line: 8, path: 'automountServiceAccountToken' },
        { messageId: 'podUsesDefault', line: 13, path: 'spec' },
      ],
    },
  ],
});
