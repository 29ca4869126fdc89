import check from '../../../src/checks/workload/default-namespace.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'no-namespace-is-decided-at-deploy-time',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {mode: prod}
`,
    },
    {
      name: 'kubernetes-own-objects-and-cluster-scoped-kinds',
      yaml: `
apiVersion: v1
kind: Service
metadata: {name: kubernetes, namespace: default}
spec: {ports: [{port: 443}]}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: default}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader, namespace: default}
rules: []
---
apiVersion: v1
kind: Pod
metadata:
  name: web-7d4b9-abcde
  namespace: default
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9, uid: "1", controller: true}]
spec:
  containers: [{name: app, image: "nginx:1.27"}]
`,
    },
  ],
  invalid: [
    {
      name: 'workload-service-rbac-and-configmap-in-default',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  template:
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {ports: [{port: 80}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: web}
subjects: [{kind: ServiceAccount, name: web, namespace: default}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: default}
`,
      errors: [
        { messageId: 'defaultNamespace', line: 5, path: 'metadata.namespace', message: 'Deployment "web" is placed in the default namespace' },
        { messageId: 'defaultNamespace', line: 13, path: 'metadata.namespace', message: 'Service "web"' },
        { messageId: 'defaultNamespace', line: 18, path: 'metadata.namespace', message: 'RoleBinding "web"' },
        { messageId: 'defaultNamespace', line: 24, path: 'metadata.namespace', message: 'ConfigMap "settings"' },
      ],
    },
  ],
});
