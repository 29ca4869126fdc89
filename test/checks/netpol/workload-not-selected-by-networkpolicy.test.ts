import check from '../../../src/checks/netpol/workload-not-selected-by-networkpolicy.js';
import { testCheck } from '../../support/check-tester.js';

const deployments = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: web}
    spec: {containers: [{name: c, image: "nginx:1.27"}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: worker}
    spec: {containers: [{name: c, image: "worker:1.0"}]}
`;

testCheck(check, {
  valid: [
    {
      name: 'default-deny-selects-every-workload',
      yaml: `${deployments}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Egress]}
`,
    },
    { name: 'namespace-without-policies', yaml: deployments },
    {
      name: 'host-network-workload-is-skipped',
      yaml: `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: shop}
spec: {template: {metadata: {labels: {app: agent}}, spec: {hostNetwork: true, containers: [{name: c, image: "agent:1.0"}]}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec: {podSelector: {matchLabels: {app: web}}}
`,
    },
  ],
  invalid: [
    {
      name: 'policy-selector-misses-the-worker',
      yaml: `${deployments}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec: {podSelector: {matchLabels: {app: web}}, ingress: [{}]}
`,
      errors: [{ messageId: 'unselected', line: 17, path: 'spec.template.metadata.labels', message: 'shop/worker[Deployment] is selected by no NetworkPolicy of namespace "shop" (1 policies there)' }],
    },
  ],
});
