import check from '../../../src/checks/workload/cpu-limit-missing.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'limits-set-and-short-lived-containers-skipped',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - {name: setup, image: "busybox:1.36"}
  containers:
    - name: app
      image: "nginx:1.27"
      resources: {limits: {cpu: 500m}}
  ephemeralContainers:
    - {name: debug, image: "busybox:1.36"}
`,
    },
    {
      name: 'limitrange-default-or-max-in-the-namespace',
      yaml: `
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: shop}
spec:
  limits:
    - type: Container
      max: {cpu: "2"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
`,
    },
    {
      name: 'pod-level-limit',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  resources: {limits: {cpu: "1"}}
  containers: [{name: app, image: "nginx:1.27"}, {name: proxy, image: "envoy:1.31"}]
`,
    },
  ],
  invalid: [
    {
      name: 'deployment-container-resources-and-native-sidecar',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      initContainers:
        - name: proxy
          image: envoy:1.31
          restartPolicy: Always
      containers:
        - name: app
          image: nginx:1.27
          resources:
            limits:
              memory: 256Mi
        - name: exporter
          image: exporter:1.0
          resources: {}
`,
      errors: [
        { messageId: 'missing', line: 8, path: 'spec.template.spec.initContainers[0]', message: 'init container "proxy" has no CPU limit' },
        { messageId: 'missing', line: 15, path: 'spec.template.spec.containers[0].resources.limits', message: 'container "app"' },
        { messageId: 'missing', line: 19, path: 'spec.template.spec.containers[1].resources', message: 'container "exporter"' },
      ],
    },
    {
      name: 'limitrange-elsewhere-or-for-pods-does-not-count',
      yaml: `apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: other}
spec:
  limits: [{type: Container, default: {cpu: "1"}}]
---
apiVersion: v1
kind: LimitRange
metadata: {name: pods, namespace: shop}
spec:
  limits: [{type: Pod, max: {cpu: "4"}}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  containers: [{name: app, image: "nginx:1.27"}]
`,
      errors: [{ messageId: 'missing', line: 17, path: 'spec.containers[0]' }],
    },
  ],
});
