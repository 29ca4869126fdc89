import check from '../../../src/checks/workload/apparmor-unconfined.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-runtime-default-and-localhost-profiles',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: web
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: runtime/default
    container.apparmor.security.beta.kubernetes.io/side: localhost/k8s-side
    container.apparmor.security.beta.kubernetes.io/init: ""
    example.com/apparmor: unconfined
spec:
  securityContext:
    appArmorProfile: {type: RuntimeDefault}
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
    - name: side
      image: side:1.0
      securityContext:
        appArmorProfile: {type: Localhost, localhostProfile: k8s-side}
`,
    },
    {
      name: 'unconfined-annotation-on-deployment-metadata-is-not-the-pod-template',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
spec:
  template:
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
`,
    },
  ],
  invalid: [
    {
      name: 'pod-level-unconfined-inherited-except-where-overridden',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  securityContext:
    appArmorProfile:
      type: Unconfined
  initContainers:
    - name: init
      image: busybox:1.36
      securityContext:
        appArmorProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: app:1.0
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
`,
      errors: [
        {
          messageId: 'profile',
          line: 7,
          path: 'spec.securityContext.appArmorProfile.type',
          message: 'the pod securityContext (inherited by container "app" and ephemeral container "dbg") sets appArmorProfile.type Unconfined',
        },
      ],
    },
    {
      name: 'deployment-container-unconfined-overrides-pod-runtime-default',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        appArmorProfile: {type: RuntimeDefault}
      containers:
        - name: app
          image: app:1.0
          securityContext:
            appArmorProfile:
              type: Unconfined
`,
      errors: [{ messageId: 'profile', line: 14, path: 'spec.template.spec.containers[0].securityContext.appArmorProfile.type', message: 'container "app" sets appArmorProfile.type Unconfined' }],
    },
    {
      name: 'statefulset-pod-level-unconfined-overridden-by-every-container-is-still-rejected',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      securityContext:
        appArmorProfile: {type: Unconfined}
      containers:
        - name: db
          image: db:1.0
          securityContext:
            appArmorProfile: {type: RuntimeDefault}
`,
      errors: [{ messageId: 'profile', line: 8, path: 'spec.template.spec.securityContext.appArmorProfile.type', message: 'every container overrides it' }],
    },
    {
      name: 'daemonset-template-annotations',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/agent: unconfined
        container.apparmor.security.beta.kubernetes.io/ghost: unconfined
        container.apparmor.security.beta.kubernetes.io/ok: runtime/default
    spec:
      containers:
        - {name: agent, image: "agent:1.0"}
        - {name: ok, image: "ok:1.0"}
`,
      errors: [
        {
          messageId: 'annotation',
          line: 8,
          path: 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/agent"]',
          message: 'runs container "agent" with AppArmor profile "unconfined"',
        },
        { messageId: 'annotation', line: 9, path: 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/ghost"]', message: 'container "ghost" (not in this pod)' },
      ],
    },
    {
      name: 'cronjob-init-container-unconfined',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers: [{name: fetch, image: "fetch:1.0", securityContext: {appArmorProfile: {type: Unconfined}}}]
          containers: [{name: job, image: "job:1.0"}]
`,
      errors: [{ messageId: 'profile', line: 10, path: 'spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.appArmorProfile.type', message: 'init container "fetch"' }],
    },
  ],
});
