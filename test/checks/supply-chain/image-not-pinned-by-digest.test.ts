import check from '../../../src/checks/supply-chain/image-not-pinned-by-digest.js';
import { testCheck } from '../../support/check-tester.js';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

testCheck(check, {
  valid: [
    {
      name: 'pod-pinned-with-and-without-tag',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers: [{name: setup, image: "busybox@${DIGEST}"}]
  containers: [{name: app, image: "localhost:5000/app:1.0@${DIGEST}"}]
`,
    },
    {
      name: 'pod-without-image-field',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app}]
`,
    },
  ],
  invalid: [
    {
      name: 'statefulset-release-tag-is-still-movable',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  template:
    spec:
      containers:
        - name: db
          image: postgres:16.4
        - name: exporter
          image: "quay.io/prometheuscommunity/postgres-exporter@${DIGEST}"
`,
      errors: [{ messageId: 'notPinned', line: 9, path: 'spec.template.spec.containers[0].image', message: 'container "db" image "postgres:16.4"' }],
    },
  ],
});
