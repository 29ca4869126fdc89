import check from '../../../src/checks/workload/read-only-root-filesystem.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-read-only-on-every-container-list',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers: [{name: init, image: "busybox:1.36", securityContext: {readOnlyRootFilesystem: true}}]
  containers: [{name: app, image: "nginx:1.27", securityContext: {readOnlyRootFilesystem: true}}]
  ephemeralContainers: [{name: dbg, image: "busybox:1.36", securityContext: {readOnlyRootFilesystem: true}}]
`,
    },
    {
      name: 'windows-pod-is-skipped',
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
      name: 'deployment-explicit-false-and-unset',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
        - name: proxy
          image: proxy:1.0
          restartPolicy: Always
          securityContext: {runAsNonRoot: true}
      containers:
        - name: app
          image: app:1.0
          securityContext:
            readOnlyRootFilesystem: false
`,
      errors: [
        { messageId: 'unset', line: 11, path: 'spec.template.spec.initContainers[0].securityContext', message: 'init container "proxy" does not set readOnlyRootFilesystem: true' },
        { messageId: 'explicitFalse', line: 16, path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem', message: 'container "app" sets readOnlyRootFilesystem: false' },
      ],
    },
    {
      name: 'pod-ephemeral-and-cronjob',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app, image: "app:1.0", securityContext: {readOnlyRootFilesystem: true}}]
  ephemeralContainers: [{name: dbg, image: "busybox:1.36"}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: job:1.0
`,
      errors: [
        { messageId: 'unset', line: 6, path: 'spec.ephemeralContainers[0]', message: 'ephemeral container "dbg"' },
        { messageId: 'unset', line: 18, path: 'spec.jobTemplate.spec.template.spec.containers[0]', message: 'container "job"' },
      ],
    },
  ],
});
