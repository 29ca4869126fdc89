import check from '../../../src/checks/workload/privileged-container.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-unprivileged',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: {privileged: false}
`,
    },
    {
      name: 'configmap-with-privileged-key-is-not-a-workload',
      yaml: `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {privileged: "true"}
`,
    },
  ],
  invalid: [
    {
      name: 'deployment-init-and-ephemeral-privileged',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      initContainers:
        - name: setup
          image: busybox:1.36
          securityContext:
            privileged: true
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
`,
      errors: [
        { messageId: 'privileged', line: 12, path: 'spec.template.spec.initContainers[0].securityContext.privileged', message: 'init container "setup"' },
        { messageId: 'privileged', line: 17, path: 'spec.template.spec.containers[0].securityContext.privileged', message: 'container "app"' },
      ],
    },
    {
      name: 'cronjob-privileged-flow-style',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: ops}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: job, image: "busybox:1.36", securityContext: {privileged: true}}]
`,
      errors: [{ messageId: 'privileged', line: 10, path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged' }],
    },
  ],
});

testCheck(check, {
  valid: [
    {
      name: 'empty-container-lists-are-unset-not-a-crash',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: empty}
spec:
  template:
    spec:
      initContainers:
      containers:
`,
    },
  ],
  invalid: [
    {
      name: 'openshift-deploymentconfig-privileged',
      yaml: `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata: {name: legacy}
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          securityContext: {privileged: true}
`,
      errors: [{ messageId: 'privileged', line: 10, path: 'spec.template.spec.containers[0].securityContext.privileged' }],
    },
  ],
});
