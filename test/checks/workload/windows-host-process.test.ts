import check from '../../../src/checks/workload/windows-host-process.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'windows-pod-without-host-process',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: iis}
spec:
  os: {name: windows}
  securityContext:
    windowsOptions: {runAsUserName: ContainerUser, hostProcess: false}
  containers:
    - name: iis
      image: mcr.microsoft.com/windows/servercore/iis
      securityContext:
        windowsOptions: {runAsUserName: ContainerUser}
`,
    },
  ],
  invalid: [
    {
      name: 'daemonset-pod-level-host-process-inherited-field-by-field',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: csi-proxy}
spec:
  template:
    spec:
      os: {name: windows}
      hostNetwork: true
      securityContext:
        windowsOptions:
          hostProcess: true
          runAsUserName: "NT AUTHORITY\\\\SYSTEM"
      initContainers:
        - name: init
          image: init:1.0
          securityContext:
            windowsOptions: {runAsUserName: ContainerAdministrator}
      containers:
        - name: proxy
          image: csi-proxy:1.0
`,
      errors: [
        {
          messageId: 'hostProcess',
          line: 11,
          path: 'spec.template.spec.securityContext.windowsOptions.hostProcess',
          message: 'the pod securityContext (inherited by container "proxy" and init container "init") sets windowsOptions.hostProcess: true',
        },
      ],
    },
    {
      name: 'pod-container-and-ephemeral-host-process',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: admin}
spec:
  securityContext:
    windowsOptions: {hostProcess: false}
  containers:
    - name: admin
      image: admin:1.0
      securityContext:
        windowsOptions:
          hostProcess: true
  ephemeralContainers:
    - name: dbg
      image: dbg:1.0
      securityContext: {windowsOptions: {hostProcess: true}}
`,
      errors: [
        { messageId: 'hostProcess', line: 12, path: 'spec.containers[0].securityContext.windowsOptions.hostProcess', message: 'container "admin"' },
        { messageId: 'hostProcess', line: 16, path: 'spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess', message: 'ephemeral container "dbg"' },
      ],
    },
    {
      name: 'cronjob-pod-level-host-process-overridden-everywhere-is-still-rejected',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: cleanup}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: {windowsOptions: {hostProcess: true}}
          containers: [{name: job, image: "job:1.0", securityContext: {windowsOptions: {hostProcess: false}}}]
`,
      errors: [{ messageId: 'hostProcess', line: 10, path: 'spec.jobTemplate.spec.template.spec.securityContext.windowsOptions.hostProcess', message: 'every container overrides it' }],
    },
  ],
});
