import check from '../../../src/checks/workload/run-as-non-root.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-level-true-inherited-by-every-container-list',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext: {runAsNonRoot: true}
  initContainers: [{name: init, image: "busybox:1.36"}]
  containers: [{name: app, image: "nginx:1.27"}]
  ephemeralContainers: [{name: dbg, image: "busybox:1.36"}]
`,
    },
    {
      name: 'deployment-every-container-sets-true-without-pod-level',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
        - {name: proxy, image: "proxy:1.0", restartPolicy: Always, securityContext: {runAsNonRoot: true}}
      containers:
        - {name: app, image: "nginx:1.27", securityContext: {runAsNonRoot: true}}
`,
    },
    {
      name: 'user-namespace-pod-is-exempt',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: userns}
spec:
  hostUsers: false
  securityContext: {runAsNonRoot: false}
  containers: [{name: app, image: "app:1.0"}]
`,
    },
  ],
  invalid: [
    {
      name: 'pod-not-set-anywhere-is-one-finding-on-the-pod',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers: [{name: init, image: "busybox:1.36"}]
  containers:
    - name: app
      image: nginx:1.27
      securityContext: {runAsUser: 1000}
`,
      errors: [{ messageId: 'notSet', line: 4, path: 'spec', message: 'runAsNonRoot is set neither on the pod nor on container "app" and init container "init"' }],
    },
    {
      name: 'deployment-container-false-overrides-pod-true',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: app
          image: app:1.0
        - name: legacy
          image: legacy:1.0
          securityContext:
            runAsNonRoot: false
`,
      errors: [
        {
          messageId: 'explicitFalse',
          line: 15,
          path: 'spec.template.spec.containers[1].securityContext.runAsNonRoot',
          message: 'container "legacy" sets runAsNonRoot: false, overriding runAsNonRoot: true on the pod',
        },
      ],
    },
    {
      name: 'statefulset-pod-level-false-inherited',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: false
      initContainers:
        - {name: init, image: "busybox:1.36", securityContext: {runAsNonRoot: true}}
      containers:
        - {name: db, image: "db:1.0"}
`,
      errors: [
        { messageId: 'explicitFalse', line: 8, path: 'spec.template.spec.securityContext.runAsNonRoot', message: 'the pod securityContext (inherited by container "db") sets runAsNonRoot: false' },
      ],
    },
    {
      name: 'job-pod-level-false-overridden-everywhere-is-still-rejected',
      yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      securityContext: {runAsNonRoot: false, runAsUser: 1000}
      containers: [{name: migrate, image: "migrate:1.0", securityContext: {runAsNonRoot: true}}]
`,
      errors: [{ messageId: 'explicitFalse', line: 7, path: 'spec.template.spec.securityContext.runAsNonRoot', message: 'every container overrides it' }],
    },
    {
      name: 'cronjob-one-container-left-out-is-reported-on-that-container',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: {fsGroup: 2000}
          initContainers:
            - name: fetch
              image: fetch:1.0
          containers:
            - name: job
              image: job:1.0
              securityContext: {runAsNonRoot: true}
`,
      errors: [{ messageId: 'notSet', line: 12, path: 'spec.jobTemplate.spec.template.spec.initContainers[0]', message: 'nor on init container "fetch"' }],
    },
    {
      name: 'pod-security-context-without-run-as-non-root-and-ephemeral-container',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    runAsUser: 1000
  containers: [{name: app, image: "app:1.0"}]
  ephemeralContainers: [{name: dbg, image: "busybox:1.36"}]
`,
      errors: [{ messageId: 'notSet', line: 5, path: 'spec.securityContext', message: 'container "app" and ephemeral container "dbg"' }],
    },
  ],
});
