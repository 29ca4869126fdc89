import check from '../../../src/checks/workload/cpu-request-missing.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'request-set-or-copied-from-the-limit',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: "nginx:1.27", resources: {requests: {cpu: 100m}}}
    - {name: proxy, image: "envoy:1.31", resources: {limits: {cpu: 500m}}}
`,
    },
    {
      name: 'limitrange-min-becomes-the-default-request',
      yaml: `
apiVersion: v1
kind: LimitRange
metadata: {name: floor, namespace: shop}
spec:
  limits: [{type: Container, min: {cpu: 50m}}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers: [{name: app, image: "nginx:1.27"}]
`,
    },
  ],
  invalid: [
    {
      name: 'memory-only-resources',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  template:
    spec:
      containers:
        - name: agent
          image: agent:1.0
          resources:
            requests: {memory: 64Mi}
            limits: {memory: 64Mi}
`,
      errors: [{ messageId: 'missing', line: 11, path: 'spec.template.spec.containers[0].resources.requests', message: 'container "agent" has no CPU request' }],
    },
  ],
});
