import check from '../../../src/checks/supply-chain/image-tag-mutable.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-release-tags-and-registry-ports',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: "nginx:1.27"}
    - {name: local, image: "localhost:5000/app:1.0"}
    - {name: deep, image: "registry.example.com:443/team/app:v2"}
`,
    },
    {
      name: 'pod-latest-pinned-by-digest',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: "nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
    - {name: bare, image: "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
`,
    },
    {
      name: 'service-is-not-a-workload',
      yaml: `
apiVersion: v1
kind: Service
metadata: {name: web, annotations: {image: "nginx:latest"}}
spec: {ports: [{port: 80}]}
`,
    },
  ],
  invalid: [
    {
      name: 'deployment-no-tag-registry-port-and-latest',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      initContainers:
        - name: setup
          image: localhost:5000/app
      containers:
        - name: app
          image: nginx:latest
        - name: sidecar
          image: docker.io/library/busybox
`,
      errors: [
        { messageId: 'noTag', line: 9, path: 'spec.template.spec.initContainers[0].image', message: 'init container "setup" image "localhost:5000/app" has no tag' },
        { messageId: 'latest', line: 12, path: 'spec.template.spec.containers[0].image', message: 'container "app"' },
        { messageId: 'noTag', line: 14, path: 'spec.template.spec.containers[1].image', message: 'container "sidecar"' },
      ],
    },
    {
      name: 'pod-ephemeral-debug-container-untagged',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app, image: "nginx:1.27"}]
  ephemeralContainers: [{name: debug, image: busybox}]
`,
      errors: [{ messageId: 'noTag', line: 6, path: 'spec.ephemeralContainers[0].image', message: 'ephemeral container "debug"' }],
    },
  ],
});
