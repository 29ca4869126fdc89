import check from '../../../src/checks/workload/privilege-escalation-allowed.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-false-on-every-container-list',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext: {allowPrivilegeEscalation: false}
    - name: sidecar
      image: proxy:1.0
      restartPolicy: Always
      securityContext: {allowPrivilegeEscalation: false}
  containers:
    - name: app
      image: nginx:1.27
      securityContext: {allowPrivilegeEscalation: false}
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
      securityContext: {allowPrivilegeEscalation: false}
`,
    },
    {
      name: 'windows-pod-is-exempt',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: iis}
spec:
  template:
    spec:
      os: {name: windows}
      containers: [{name: iis, image: "mcr.microsoft.com/windows/servercore/iis"}]
`,
    },
  ],
  invalid: [
    {
      name: 'deployment-explicit-true-and-unset-sidecar',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
        - name: mesh-proxy
          image: proxy:1.0
          restartPolicy: Always
      containers:
        - name: app
          image: app:1.0
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: true
        - name: worker
          image: worker:1.0
          securityContext:
            runAsNonRoot: true
`,
      errors: [
        { messageId: 'unset', line: 8, path: 'spec.template.spec.initContainers[0]', message: 'init container "mesh-proxy" does not set allowPrivilegeEscalation: false' },
        { messageId: 'explicitTrue', line: 16, path: 'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation', message: 'container "app" sets allowPrivilegeEscalation: true' },
        { messageId: 'unset', line: 19, path: 'spec.template.spec.containers[1].securityContext', message: 'container "worker"' },
      ],
    },
    {
      name: 'pod-ephemeral-container-and-linux-os',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  os: {name: linux}
  containers:
    - name: app
      image: app:1.0
      securityContext: {allowPrivilegeEscalation: false}
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
`,
      errors: [{ messageId: 'unset', line: 11, path: 'spec.ephemeralContainers[0]', message: 'ephemeral container "dbg"' }],
    },
    {
      name: 'cronjob-unset',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: job, image: "job:1.0"}]
`,
      errors: [{ messageId: 'unset', line: 10, path: 'spec.jobTemplate.spec.template.spec.containers[0]' }],
    },
  ],
});
