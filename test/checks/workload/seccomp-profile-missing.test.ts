import check from '../../../src/checks/workload/seccomp-profile-missing.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-level-runtime-default-covers-every-container-list',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    seccompProfile: {type: RuntimeDefault}
  initContainers: [{name: init, image: "busybox:1.36"}]
  containers: [{name: app, image: "nginx:1.27"}]
  ephemeralContainers: [{name: dbg, image: "busybox:1.36"}]
`,
    },
    {
      name: 'deployment-every-container-sets-its-own',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
        - {name: proxy, image: "proxy:1.0", restartPolicy: Always, securityContext: {seccompProfile: {type: RuntimeDefault}}}
      containers:
        - {name: app, image: "app:1.0", securityContext: {seccompProfile: {type: Localhost, localhostProfile: app.json}}}
`,
    },
    {
      name: 'unconfined-is-seccomp-unconfined-not-this',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  securityContext:
    seccompProfile: {type: Unconfined}
  containers: [{name: app, image: "app:1.0"}]
`,
    },
    {
      name: 'windows-pod-is-exempt',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: iis}
spec:
  os: {name: windows}
  containers: [{name: iis, image: "mcr.microsoft.com/windows/servercore/iis"}]
`,
    },
  ],
  invalid: [
    {
      name: 'statefulset-set-nowhere-is-one-finding-on-the-pod',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      initContainers: [{name: init, image: "busybox:1.36"}]
      containers: [{name: db, image: "db:1.0"}]
`,
      errors: [{ messageId: 'missing', line: 6, path: 'spec.template.spec', message: 'seccompProfile is set neither on the pod nor on container "db" and init container "init"' }],
    },
    {
      name: 'pod-container-level-only-leaves-others-uncovered',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: app:1.0
      securityContext:
        seccompProfile: {type: RuntimeDefault}
    - name: side
      image: side:1.0
      securityContext: {readOnlyRootFilesystem: true}
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
`,
      errors: [
        { messageId: 'missing', line: 14, path: 'spec.containers[1].securityContext', message: 'nor on container "side"' },
        { messageId: 'missing', line: 16, path: 'spec.ephemeralContainers[0]', message: 'nor on ephemeral container "dbg"' },
      ],
    },
    {
      name: 'deployment-invalid-type-at-pod-and-container-level',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        seccompProfile:
          type: docker/default
      containers:
        - name: app
          image: app:1.0
        - name: side
          image: side:1.0
          securityContext:
            seccompProfile: {localhostProfile: side.json}
`,
      errors: [
        { messageId: 'invalidType', line: 9, path: 'spec.template.spec.securityContext.seccompProfile.type', message: 'the pod securityContext sets seccompProfile.type docker/default' },
        { messageId: 'invalidType', line: 16, path: 'spec.template.spec.containers[1].securityContext.seccompProfile', message: 'container "side" sets seccompProfile.type (unset)' },
      ],
    },
    {
      name: 'cronjob-pod-level-security-context-without-seccomp',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: {runAsNonRoot: true}
          containers: [{name: job, image: "job:1.0"}]
`,
      errors: [{ messageId: 'missing', line: 10, path: 'spec.jobTemplate.spec.template.spec.securityContext', message: 'container "job"' }],
    },
  ],
});
