import check from '../../../src/checks/workload/host-port.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-container-port-only-and-host-port-zero',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: nginx:1.27
      ports:
        - containerPort: 8080
        - containerPort: 8443
          hostPort: 0
`,
    },
    {
      name: 'service-node-port-is-not-a-host-port',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 30080, targetPort: 8080}]
`,
    },
  ],
  invalid: [
    {
      name: 'pod-host-ports-on-every-container-list',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: dns}
spec:
  initContainers:
    - name: warmup
      image: busybox:1.36
      ports: [{containerPort: 9000, hostPort: 9000}]
  containers:
    - name: dns
      image: coredns:1.11
      ports:
        - containerPort: 53
          hostPort: 53
          protocol: UDP
        - containerPort: 8080
  ephemeralContainers:
    - name: dbg
      image: busybox:1.36
      ports: [{containerPort: 7000, hostPort: 7000}]
`,
      errors: [
        { messageId: 'hostPort', line: 8, path: 'spec.initContainers[0].ports[0].hostPort', message: 'init container "warmup" binds host port 9000/TCP' },
        { messageId: 'hostPort', line: 14, path: 'spec.containers[0].ports[0].hostPort', message: 'container "dns" binds host port 53/UDP' },
        { messageId: 'hostPort', line: 20, path: 'spec.ephemeralContainers[0].ports[0].hostPort', message: 'ephemeral container "dbg"' },
      ],
    },
    {
      name: 'deployment-and-cronjob-templates',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress}
spec:
  template:
    spec:
      containers:
        - name: controller
          image: ingress:1.0
          ports:
            - {containerPort: 443, hostPort: 443}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: probe}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: probe
              image: probe:1.0
              ports:
                - containerPort: 9100
                  hostPort: 9100
`,
      errors: [
        { messageId: 'hostPort', line: 11, path: 'spec.template.spec.containers[0].ports[0].hostPort' },
        { messageId: 'hostPort', line: 27, path: 'spec.jobTemplate.spec.template.spec.containers[0].ports[0].hostPort' },
      ],
    },
  ],
});
