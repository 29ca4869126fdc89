import check from '../../../src/checks/workload/capabilities-not-dropped.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-drop-all-on-every-container-list-and-net-bind-service',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - {name: init, image: "busybox:1.36", securityContext: {capabilities: {drop: [ALL]}}}
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [NET_RAW, ALL]
          add: [NET_BIND_SERVICE]
  ephemeralContainers:
    - {name: dbg, image: "busybox:1.36", securityContext: {capabilities: {drop: [ALL]}}}
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
      name: 'deployment-missing-partial-and-misspelled-drops',
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
      containers:
        - name: app
          image: app:1.0
          securityContext:
            capabilities:
              drop: [NET_RAW]
        - name: side
          image: side:1.0
          securityContext:
            capabilities:
              drop: [all]
        - name: worker
          image: worker:1.0
          securityContext:
            capabilities: {}
`,
      errors: [
        { messageId: 'allNotDropped', line: 8, path: 'spec.template.spec.initContainers[0]', severity: 'medium', message: 'init container "proxy" does not drop ALL capabilities' },
        { messageId: 'allNotDropped', line: 16, path: 'spec.template.spec.containers[0].securityContext.capabilities.drop', message: '(it drops only NET_RAW)' },
        { messageId: 'allNotDropped', line: 21, path: 'spec.template.spec.containers[1].securityContext.capabilities.drop', severity: 'low', message: 'it drops "all", which runtimes read as ALL' },
        { messageId: 'allNotDropped', line: 25, path: 'spec.template.spec.containers[2].securityContext.capabilities' },
      ],
    },
    {
      name: 'pod-adds-beyond-net-bind-service',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: app:1.0
      securityContext:
        capabilities:
          drop: [ALL]
          add:
            - NET_BIND_SERVICE
            - CHOWN
            - CAP_NET_BIND_SERVICE
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
      securityContext: {capabilities: {drop: [ALL], add: [SYS_PTRACE]}}
`,
      errors: [
        { messageId: 'adds', line: 13, path: 'spec.containers[0].securityContext.capabilities.add[1]', severity: 'medium', message: 'container "app" adds capability CHOWN; restricted allows adding only NET_BIND_SERVICE' },
        { messageId: 'adds', line: 14, path: 'spec.containers[0].securityContext.capabilities.add[2]', severity: 'low', message: 'NET_BIND_SERVICE (written "CAP_NET_BIND_SERVICE")' },
        { messageId: 'adds', line: 18, path: 'spec.ephemeralContainers[0].securityContext.capabilities.add[0]', message: 'ephemeral container "dbg" adds capability SYS_PTRACE' },
      ],
    },
    {
      name: 'cronjob-no-security-context',
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
      errors: [{ messageId: 'allNotDropped', line: 10, path: 'spec.jobTemplate.spec.template.spec.containers[0]' }],
    },
  ],
});
