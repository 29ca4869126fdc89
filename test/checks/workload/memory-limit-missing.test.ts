import check from '../../../src/checks/workload/memory-limit-missing.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'memory-limit-set-and-namespace-default',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers:
    - name: app
      image: "nginx:1.27"
      resources: {limits: {memory: 256Mi}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: batch}
spec:
  limits: [{type: Container, default: {memory: 512Mi}}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: report, namespace: batch}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: job, image: "report:1.0"}]
`,
    },
  ],
  invalid: [
    {
      name: 'cpu-limit-is-not-a-memory-limit',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  template:
    spec:
      containers:
        - name: db
          image: postgres:16.4
          resources:
            requests: {memory: 1Gi}
            limits: {cpu: "2"}
`,
      errors: [{ messageId: 'missing', line: 12, path: 'spec.template.spec.containers[0].resources.limits', message: 'container "db" has no memory limit' }],
    },
  ],
});
