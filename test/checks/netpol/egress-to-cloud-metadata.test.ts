import check from '../../../src/checks/netpol/egress-to-cloud-metadata.js';
import { testCheck } from '../../support/check-tester.js';

const web = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: web}
    spec: {containers: [{name: c, image: "nginx:1.27"}]}
`;

testCheck(check, {
  valid: [
    {
      name: 'internet-egress-excludes-the-metadata-address',
      yaml: `${web}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]
`,
    },
    { name: 'namespace-without-policies-is-left-to-KF-N-002', yaml: web },
    {
      name: 'pod-only-egress-never-reaches-an-address',
      yaml: `${web}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{to: [{namespaceSelector: {}}]}]
`,
    },
  ],
  invalid: [
    {
      name: 'egress-to-everywhere',
      yaml: `${web}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 80}]}]
`,
      errors: [{ messageId: 'allowedByRule', line: 8, path: 'spec.template.metadata.labels', severity: 'high', message: 'shop/web[Deployment] may connect to the cloud metadata address 169.254.169.254 (TCP 80): allowed by shop/web spec.egress[0]' }],
    },
    {
      name: 'ingress-only-policy-leaves-egress-open',
      yaml: `${web}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec: {podSelector: {}}
`,
      errors: [{ messageId: 'notIsolated', severity: 'medium', message: 'no NetworkPolicy isolates its egress' }],
    },
  ],
});
