import check from '../../../src/checks/workload/memory-request-missing.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'request-set-copied-from-limit-or-pod-level',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: "nginx:1.27", resources: {requests: {memory: 128Mi}}}
    - {name: proxy, image: "envoy:1.31", resources: {limits: {memory: 128Mi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: batch}
spec:
  resources: {requests: {memory: 1Gi}}
  containers: [{name: job, image: "report:1.0"}]
`,
    },
  ],
  invalid: [
    {
      name: 'no-resources-at-all',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
      errors: [{ messageId: 'missing', line: 8, path: 'spec.template.spec.containers[0]', message: 'container "app" has no memory request' }],
    },
  ],
});
