import check from '../../../src/checks/workload/capabilities-baseline.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-adds-only-baseline-capabilities-on-every-list',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - name: perms
      image: busybox:1.36
      securityContext:
        capabilities: {add: [CHOWN, FOWNER, DAC_OVERRIDE]}
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: [ALL]
          add: [NET_BIND_SERVICE, SETUID, SETGID, KILL, AUDIT_WRITE, FSETID, MKNOD, SETFCAP, SETPCAP, SYS_CHROOT]
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
      securityContext: {capabilities: {add: []}}
`,
    },
    {
      name: 'job-drops-capabilities-only',
      yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: migrate:1.0
          securityContext: {capabilities: {drop: [NET_RAW, SYS_ADMIN]}}
`,
    },
  ],
  invalid: [
    {
      name: 'deployment-dangerous-capabilities-in-containers-and-init-containers',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: vpn}
spec:
  template:
    spec:
      initContainers:
        - name: setup
          image: setup:1.0
          securityContext:
            capabilities:
              add: [ALL]
      containers:
        - name: vpn
          image: vpn:1.0
          securityContext:
            capabilities:
              add:
                - NET_BIND_SERVICE
                - NET_ADMIN
                - SYS_ADMIN
`,
      errors: [
        { messageId: 'notAllowed', line: 12, path: 'spec.template.spec.initContainers[0].securityContext.capabilities.add[0]', severity: 'high', message: 'init container "setup" adds capability ALL (every capability' },
        { messageId: 'notAllowed', line: 20, path: 'spec.template.spec.containers[0].securityContext.capabilities.add[1]', message: 'container "vpn" adds capability NET_ADMIN (reconfigures interfaces' },
        { messageId: 'notAllowed', line: 21, path: 'spec.template.spec.containers[0].securityContext.capabilities.add[2]', message: 'adds capability SYS_ADMIN (mount, namespaces' },
      ],
    },
    {
      name: 'pod-prefixed-and-lower-case-names',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: tools}
spec:
  containers:
    - name: app
      image: tools:1.0
      securityContext:
        capabilities:
          add:
            - CAP_SYS_PTRACE
            - CAP_CHOWN
            - chown
            - NET_RAW
            - IPC_LOCK
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
      securityContext: {capabilities: {add: [sys_admin]}}
`,
      errors: [
        { messageId: 'notAllowed', line: 11, path: 'spec.containers[0].securityContext.capabilities.add[0]', severity: 'high', message: 'SYS_PTRACE (written "CAP_SYS_PTRACE"; traces and injects' },
        { messageId: 'spelling', line: 12, path: 'spec.containers[0].securityContext.capabilities.add[1]', severity: 'low', message: '"CAP_CHOWN": runtimes read it as CHOWN' },
        { messageId: 'spelling', line: 13, path: 'spec.containers[0].securityContext.capabilities.add[2]', severity: 'low', message: 'write CHOWN' },
        { messageId: 'notAllowed', line: 14, path: 'spec.containers[0].securityContext.capabilities.add[3]', message: 'NET_RAW (raw sockets' },
        { messageId: 'notAllowed', line: 15, path: 'spec.containers[0].securityContext.capabilities.add[4]', message: 'adds capability IPC_LOCK, outside the baseline set' },
        { messageId: 'notAllowed', line: 19, path: 'spec.ephemeralContainers[0].securityContext.capabilities.add[0]', message: 'ephemeral container "dbg" adds capability SYS_ADMIN (written "sys_admin"' },
      ],
    },
    {
      name: 'cronjob-sys-module',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: kmod}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: kmod, image: "kmod:1.0", securityContext: {capabilities: {add: [SYS_MODULE]}}}]
`,
      errors: [{ messageId: 'notAllowed', line: 10, path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.capabilities.add[0]', message: 'SYS_MODULE' }],
    },
  ],
});
