import check from '../../../src/checks/workload/host-pid.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-hostpid-false',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  hostPID: false
  containers: [{name: app, image: "nginx:1.27"}]
`,
    },
    {
      name: 'deployment-without-hostpid',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
`,
    },
    {
      name: 'custom-resource-with-pod-template-is-not-a-pod-bearing-kind',
      yaml: `apiVersion: example.com/v1
kind: WebApp
metadata: {name: web}
spec:
  template:
    spec:
      hostPID: true
      containers: [{name: app, image: "nginx:1.27"}]
`,
    },
  ],
  invalid: [
    {
      name: 'pod-hostpid-true-names-every-container-list',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  hostPID: true
  initContainers: [{name: setup, image: "busybox:1.36"}]
  containers: [{name: app, image: "busybox:1.36"}]
  ephemeralContainers: [{name: dbg, image: "busybox:1.36"}]
`,
      errors: [{ messageId: 'hostPID', line: 5, path: 'spec.hostPID', message: 'container "app", init container "setup" and ephemeral container "dbg"' }],
    },
    {
      name: 'daemonset-template-hostpid',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostPID: true
      containers: [{name: agent, image: "agent:1.0"}]
`,
      errors: [{ messageId: 'hostPID', line: 9, path: 'spec.template.spec.hostPID' }],
    },
    {
      name: 'cronjob-hostpid',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostPID: true
          restartPolicy: OnFailure
          containers: [{name: job, image: "busybox:1.36"}]
`,
      errors: [{ messageId: 'hostPID', line: 10, path: 'spec.jobTemplate.spec.template.spec.hostPID', message: 'container "job"' }],
    },
  ],
});
