import check from '../../../src/checks/supply-chain/image-pull-policy.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-latest-with-default-policy-is-always',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: app, image: "nginx:latest"}
    - {name: untagged, image: "busybox"}
    - {name: explicit, image: "nginx", imagePullPolicy: Always}
`,
    },
    {
      name: 'pod-immutable-references-may-be-cached',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - {name: tagged, image: "nginx:1.27", imagePullPolicy: IfNotPresent}
    - {name: digest, image: "nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", imagePullPolicy: Never}
    - {name: port, image: "localhost:5000/app:2.1", imagePullPolicy: IfNotPresent}
`,
    },
  ],
  invalid: [
    {
      name: 'deployment-latest-if-not-present-and-untagged-never',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:latest
          imagePullPolicy: IfNotPresent
        - name: local
          image: localhost:5000/app
          imagePullPolicy: Never
`,
      errors: [
        { messageId: 'notAlways', line: 10, path: 'spec.template.spec.containers[0].imagePullPolicy', message: 'with imagePullPolicy IfNotPresent' },
        { messageId: 'notAlways', line: 13, path: 'spec.template.spec.containers[1].imagePullPolicy', message: 'mutable image "localhost:5000/app" with imagePullPolicy Never' },
      ],
    },
  ],
});
