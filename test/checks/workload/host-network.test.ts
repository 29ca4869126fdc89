import check from '../../../src/checks/workload/host-network.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-hostnetwork-false',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  hostNetwork: false
  containers: [{name: app, image: "nginx:1.27"}]
`,
    },
    {
      name: 'deployment-without-hostnetwork',
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
      hostNetwork: true
      containers: [{name: app, image: "nginx:1.27"}]
`,
    },
  ],
  invalid: [
    {
      name: 'pod-hostnetwork-true-names-every-container-list',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  hostNetwork: true
  initContainers: [{name: setup, image: "busybox:1.36"}]
  containers: [{name: app, image: "busybox:1.36"}]
  ephemeralContainers: [{name: dbg, image: "busybox:1.36"}]
`,
      errors: [{ messageId: 'hostNetwork', line: 5, path: 'spec.hostNetwork', message: 'container "app", init container "setup" and ephemeral container "dbg" share the node\'s network stack, which NetworkPolicies do not isolate' }],
    },
    {
      name: 'daemonset-template-hostnetwork',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      hostNetwork: true
      containers: [{name: agent, image: "agent:1.0"}]
`,
      errors: [{ messageId: 'hostNetwork', line: 9, path: 'spec.template.spec.hostNetwork' }],
    },
    {
      name: 'cronjob-hostnetwork',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostNetwork: true
          restartPolicy: OnFailure
          containers: [{name: job, image: "busybox:1.36"}]
`,
      errors: [{ messageId: 'hostNetwork', line: 10, path: 'spec.jobTemplate.spec.template.spec.hostNetwork', message: 'the pod uses the host network: container "job" shares the node\'s network stack' }],
    },
  ],
});
