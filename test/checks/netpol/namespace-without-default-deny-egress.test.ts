import check from '../../../src/checks/netpol/namespace-without-default-deny-egress.js';
import { testCheck } from '../../support/check-tester.js';

const web = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: "nginx:1.27"}]}}}
`;

testCheck(check, {
  valid: [
    {
      name: 'default-deny-egress-with-dns',
      yaml: `${web}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  egress:
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
`,
    },
    { name: 'no-policy-at-all', yaml: web },
  ],
  invalid: [
    {
      name: 'default-deny-without-egress-in-policy-types',
      yaml: `${web}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec: {podSelector: {}}
`,
      errors: [{ messageId: 'missing', line: 7, message: 'namespace "shop" has NetworkPolicies but no default deny for egress: 1 of its 1 workloads may connect anywhere' }],
    },
  ],
});
