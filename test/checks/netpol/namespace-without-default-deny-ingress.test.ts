import check from '../../../src/checks/netpol/namespace-without-default-deny-ingress.js';
import { testCheck } from '../../support/check-tester.js';

const workloads = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: "nginx:1.27"}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec: {template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c, image: "postgres:16"}]}}}
`;

testCheck(check, {
  valid: [
    {
      name: 'default-deny-without-policy-types-covers-ingress',
      yaml: `${workloads}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}}
`,
    },
    {
      name: 'default-deny-with-an-allow-rule-for-one-namespace',
      yaml: `${workloads}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: edge}}}]}]
`,
    },
    { name: 'namespace-without-any-policy-is-left-to-KF-N-002', yaml: workloads },
    {
      name: 'calico-global-policies-are-not-evaluated',
      yaml: `${workloads}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec: {podSelector: {matchLabels: {app: web}}, ingress: [{}]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: default-deny}
spec: {selector: all(), types: [Ingress]}
`,
    },
  ],
  invalid: [
    {
      name: 'policies-for-some-workloads-only',
      yaml: `${workloads}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec: {podSelector: {matchLabels: {app: db}}, ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]}
`,
      errors: [{ messageId: 'missing', line: 4, path: 'metadata.name', message: 'namespace "shop" has NetworkPolicies but no default deny for ingress: 1 of its 2 workloads' }],
    },
    {
      name: 'egress-only-default-deny-and-an-allow-all-ingress-do-not-count',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: "nginx:1.27"}]}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-egress, namespace: shop}
spec: {podSelector: {}, policyTypes: [Egress]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-all, namespace: shop}
spec: {podSelector: {}, ingress: [{}]}
`,
      errors: [{ messageId: 'missing', line: 7, path: '', message: '0 of its 1 workloads' }],
    },
  ],
});
