import check from '../../../src/checks/workload/seccomp-unconfined.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-runtime-default-with-localhost-container',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}
`,
    },
    {
      name: 'deployment-without-any-profile-is-seccomp-profile-missing-not-this',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
`,
    },
  ],
  invalid: [
    {
      name: 'pod-level-unconfined-inherited-by-containers-without-their-own',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  securityContext:
    seccompProfile:
      type: Unconfined
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: app
      image: app:1.0
      securityContext:
        seccompProfile: {type: RuntimeDefault}
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
      securityContext:
        seccompProfile: {type: Unconfined}
`,
      errors: [
        { messageId: 'unconfined', line: 7, path: 'spec.securityContext.seccompProfile.type', message: 'the pod securityContext (inherited by init container "init") sets' },
        { messageId: 'unconfined', line: 20, path: 'spec.ephemeralContainers[0].securityContext.seccompProfile.type', message: 'ephemeral container "dbg" sets seccompProfile.type Unconfined' },
      ],
    },
    {
      name: 'statefulset-container-unconfined-overrides-pod-runtime-default',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      securityContext:
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: db
          image: db:1.0
          securityContext:
            seccompProfile:
              type: Unconfined
`,
      errors: [{ messageId: 'unconfined', line: 14, path: 'spec.template.spec.containers[0].securityContext.seccompProfile.type', message: 'container "db"' }],
    },
    {
      name: 'cronjob-pod-level-unconfined-overridden-everywhere-is-still-rejected',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: {seccompProfile: {type: Unconfined}}
          containers: [{name: job, image: "job:1.0", securityContext: {seccompProfile: {type: RuntimeDefault}}}]
`,
      errors: [{ messageId: 'unconfined', line: 10, path: 'spec.jobTemplate.spec.template.spec.securityContext.seccompProfile.type', message: 'every container overrides it' }],
    },
  ],
});
