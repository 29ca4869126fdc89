import check from '../../../src/checks/workload/probe-host.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'probes-without-host',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: app
      image: nginx:1.27
      livenessProbe: {httpGet: {path: /healthz, port: 8080}}
      readinessProbe: {tcpSocket: {port: 8080, host: ""}}
`,
    },
  ],
  invalid: [
    {
      name: 'deployment-probe-and-hook-target-metadata-service',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          startupProbe:
            httpGet:
              host: 169.254.169.254
              path: /latest/meta-data/
              port: 80
          lifecycle:
            preStop:
              tcpSocket: {host: 10.0.0.1, port: 22}
`,
      errors: [
        { messageId: 'host', line: 12, path: 'spec.template.spec.containers[0].startupProbe.httpGet.host', message: 'startupProbe.httpGet targets host 169.254.169.254' },
        { messageId: 'host', line: 17, path: 'spec.template.spec.containers[0].lifecycle.preStop.tcpSocket.host' },
      ],
    },
  ],
});
