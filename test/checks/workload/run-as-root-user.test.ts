import check from '../../../src/checks/workload/run-as-root-user.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-non-zero-and-unset-uids',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {runAsUser: 1000}
  initContainers: [{name: init, image: "busybox:1.36", securityContext: {runAsUser: 2000}}]
  containers: [{name: app, image: "nginx:1.27"}]
  ephemeralContainers: [{name: dbg, image: "busybox:1.36"}]
`,
    },
    {
      name: 'user-namespace-pod-is-exempt',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: build}
spec:
  template:
    spec:
      hostUsers: false
      containers: [{name: build, image: "buildkit:0.15", securityContext: {runAsUser: 0}}]
`,
    },
  ],
  invalid: [
    {
      name: 'pod-level-root-inherited-by-some-and-container-root',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  securityContext:
    runAsUser: 0
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext: {runAsUser: 1000}
  containers:
    - name: app
      image: app:1.0
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
      securityContext:
        runAsUser: 0
`,
      errors: [
        { messageId: 'root', line: 6, path: 'spec.securityContext.runAsUser', message: 'the pod securityContext (inherited by container "app") sets runAsUser: 0' },
        { messageId: 'root', line: 18, path: 'spec.ephemeralContainers[0].securityContext.runAsUser', message: 'ephemeral container "dbg" sets runAsUser: 0' },
      ],
    },
    {
      name: 'deployment-container-root-overrides-pod-non-root',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext: {runAsUser: 1000, runAsNonRoot: true}
      containers:
        - name: app
          image: app:1.0
          securityContext:
            runAsUser: 0
`,
      errors: [{ messageId: 'root', line: 12, path: 'spec.template.spec.containers[0].securityContext.runAsUser', message: 'container "app"' }],
    },
    {
      name: 'cronjob-pod-level-root-overridden-everywhere-is-still-rejected',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: {runAsUser: 0}
          containers: [{name: job, image: "job:1.0", securityContext: {runAsUser: 1000}}]
`,
      errors: [{ messageId: 'root', line: 10, path: 'spec.jobTemplate.spec.template.spec.securityContext.runAsUser', message: 'every container overrides it' }],
    },
  ],
});
