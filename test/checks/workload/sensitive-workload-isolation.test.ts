import check from '../../../src/checks/workload/sensitive-workload-isolation.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'kube-system-pinned-and-daemonsets-skipped',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  template:
    spec:
      nodeSelector: {kubernetes.io/os: linux, node-role.kubernetes.io/control-plane: ""}
      containers: [{name: coredns, image: "coredns:1.11"}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-proxy, namespace: kube-system}
spec:
  template:
    spec:
      containers: [{name: kube-proxy, image: "kube-proxy:v1.34.1"}]
`,
    },
    {
      name: 'labelled-namespace-with-required-affinity',
      yaml: `
apiVersion: v1
kind: Namespace
metadata:
  name: payments
  labels: {kubefort.io/sensitive: "true"}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: payments}
spec:
  template:
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions: [{key: dedicated, operator: In, values: [payments]}]
      containers: [{name: api, image: "api:1.0"}]
`,
    },
    {
      name: 'not-sensitive-when-the-option-lists-no-namespace',
      options: { sensitiveNamespaces: [] },
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: metrics-server, namespace: kube-system}
spec:
  template:
    spec:
      containers: [{name: app, image: "metrics-server:0.7"}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
`,
    },
  ],
  invalid: [
    {
      name: 'kube-system-selector-on-generic-labels-only',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  template:
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      containers: [{name: coredns, image: "coredns:1.11"}]
`,
      errors: [{ messageId: 'notPinned', line: 7, path: 'spec.template.spec.nodeSelector', message: 'sensitive workload (namespace "kube-system" is listed as sensitive) can run on any node: its nodeSelector names only labels every node carries (kubernetes.io/os)' }],
    },
    {
      name: 'marked-namespace-workload-and-template-with-a-custom-label',
      options: { sensitiveLabel: 'example.com/tier-0', sensitiveNamespaces: [] },
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: vault
  labels: {example.com/tier-0: "true"}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: vault, namespace: vault}
spec:
  template:
    spec:
      containers: [{name: vault, image: "vault:1.17"}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: signer
  namespace: ci
  annotations: {example.com/tier-0: "true"}
spec:
  template:
    spec:
      containers: [{name: signer, image: "signer:1.0"}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: rotate, namespace: ci}
spec:
  template:
    metadata:
      labels: {example.com/tier-0: "true"}
    spec:
      restartPolicy: Never
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions: [{key: dedicated, operator: In, values: [ci]}]
              - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [eu-west-1a]}]
      containers: [{name: rotate, image: "rotate:1.0"}]
`,
      errors: [
        { messageId: 'notPinned', line: 12, path: 'spec.template.spec', message: '(Namespace "vault" is marked example.com/tier-0=true) can run on any node: no nodeSelector or required node affinity' },
        { messageId: 'notPinned', line: 23, path: 'spec.template.spec', message: '(the workload is marked example.com/tier-0=true)' },
        { messageId: 'notPinned', line: 33, path: 'spec.template.spec', message: '(its pod template is marked example.com/tier-0=true)' },
      ],
    },
  ],
});
