import check from '../../../src/checks/workload/proc-mount-unmasked.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-default-or-unset-proc-mount',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext: {procMount: Default}
  containers:
    - name: app
      image: nginx:1.27
      securityContext: {runAsNonRoot: true}
`,
    },
  ],
  invalid: [
    {
      name: 'pod-unmasked-on-every-container-list',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: builder}
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        procMount: Unmasked
  containers:
    - name: build
      image: buildkit:0.15
      securityContext: {procMount: Unmasked}
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
      securityContext: {procMount: Unmasked}
`,
      errors: [
        { messageId: 'unmasked', line: 9, path: 'spec.initContainers[0].securityContext.procMount', severity: 'high', message: 'init container "init" sets procMount Unmasked' },
        { messageId: 'unmasked', line: 13, path: 'spec.containers[0].securityContext.procMount', message: 'container "build"' },
        { messageId: 'unmasked', line: 17, path: 'spec.ephemeralContainers[0].securityContext.procMount', message: 'ephemeral container "dbg"' },
      ],
    },
    {
      name: 'deployment-user-namespace-is-low-cronjob-is-high',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: builder}
spec:
  template:
    spec:
      hostUsers: false
      containers:
        - name: build
          image: buildkit:0.15
          securityContext:
            procMount: Unmasked
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly-build}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          hostUsers: true
          containers: [{name: build, image: "buildkit:0.15", securityContext: {procMount: Unmasked}}]
`,
      errors: [
        { messageId: 'unmaskedUserNamespace', line: 12, path: 'spec.template.spec.containers[0].securityContext.procMount', severity: 'low', message: 'restricted does not' },
        { messageId: 'unmasked', line: 24, path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.procMount', severity: 'high' },
      ],
    },
  ],
});
