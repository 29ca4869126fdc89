import check from '../../../src/checks/workload/selinux-options.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-allowed-types-levels-and-empty-values',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  securityContext:
    seLinuxOptions: {type: container_t, level: "s0:c123,c456"}
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        seLinuxOptions: {type: container_init_t}
  containers:
    - name: app
      image: nginx:1.27
    - name: vm
      image: kubevirt:1.0
      securityContext:
        seLinuxOptions: {type: container_kvm_t, user: "", role: ""}
    - name: dind
      image: podman:5
      securityContext:
        seLinuxOptions: {type: container_engine_t}
    - name: empty
      image: app:1.0
      securityContext:
        seLinuxOptions: {type: "", level: "s0"}
`,
    },
  ],
  invalid: [
    {
      name: 'pod-level-spc-t-inherited-by-container-and-ephemeral-user',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  securityContext:
    seLinuxOptions:
      type: spc_t
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        seLinuxOptions: {type: container_init_t}
  containers:
    - name: app
      image: app:1.0
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
      securityContext:
        seLinuxOptions:
          user: system_u
`,
      errors: [
        { messageId: 'type', line: 7, path: 'spec.securityContext.seLinuxOptions.type', message: 'the pod securityContext (inherited by container "app") sets seLinuxOptions.type "spc_t"' },
        { messageId: 'userOrRole', line: 21, path: 'spec.ephemeralContainers[0].securityContext.seLinuxOptions.user', message: 'ephemeral container "dbg" sets seLinuxOptions.user "system_u"' },
      ],
    },
    {
      name: 'deployment-container-overrides-allowed-pod-type',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        seLinuxOptions: {type: container_t}
      containers:
        - name: app
          image: app:1.0
          securityContext:
            seLinuxOptions:
              type: unconfined_t
              role: system_r
`,
      errors: [
        { messageId: 'type', line: 14, path: 'spec.template.spec.containers[0].securityContext.seLinuxOptions.type', message: 'container "app" sets seLinuxOptions.type "unconfined_t"' },
        { messageId: 'userOrRole', line: 15, path: 'spec.template.spec.containers[0].securityContext.seLinuxOptions.role', message: 'custom SELinux role' },
      ],
    },
    {
      name: 'cronjob-pod-level-custom-type-overridden-everywhere-is-still-rejected',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: {seLinuxOptions: {type: super_t}}
          containers: [{name: job, image: "job:1.0", securityContext: {seLinuxOptions: {type: container_t}}}]
`,
      errors: [{ messageId: 'type', line: 10, path: 'spec.jobTemplate.spec.template.spec.securityContext.seLinuxOptions.type', message: 'every container overrides it' }],
    },
  ],
});
