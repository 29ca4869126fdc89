import check from '../../../src/checks/workload/namespace-pod-security-labels.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'restricted-and-baseline-namespaces',
      yaml: `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {pod-security.kubernetes.io/enforce: restricted}
---
apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels: {pod-security.kubernetes.io/enforce: baseline, pod-security.kubernetes.io/warn: restricted}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: not-a-namespace, namespace: shop}
`,
    },
  ],
  invalid: [
    {
      name: 'missing-warn-only-and-privileged',
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Namespace
metadata:
  name: staging
  labels:
    team: web
    pod-security.kubernetes.io/warn: restricted
---
apiVersion: v1
kind: Namespace
metadata:
  name: agents
  labels:
    pod-security.kubernetes.io/enforce: privileged
`,
      errors: [
        { messageId: 'missing', line: 3, path: 'metadata', severity: 'medium', message: 'Namespace "shop" has no pod-security.kubernetes.io/enforce label: Pod Security Admission enforces nothing there' },
        { messageId: 'missing', line: 10, path: 'metadata.labels', message: 'label (only warn, which do not block)' },
        { messageId: 'privileged', line: 19, path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', severity: 'medium', message: 'Namespace "agents" enforces the privileged level' },
      ],
    },
    {
      name: 'kube-system-is-low',
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: kube-system
  labels: {pod-security.kubernetes.io/enforce: privileged}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-public}
`,
      errors: [
        { messageId: 'privileged', line: 5, severity: 'low' },
        { messageId: 'missing', line: 9, severity: 'medium' },
      ],
    },
  ],
});
