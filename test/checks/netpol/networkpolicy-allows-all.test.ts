import check from '../../../src/checks/netpol/networkpolicy-allows-all.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'named-peers-and-deny-all',
      yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: edge}}}]
  egress:
    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]
`,
    },
    {
      name: 'egress-rules-ignored-when-policy-types-is-ingress-only',
      yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress], egress: [{}]}
`,
    },
  ],
  invalid: [
    {
      name: 'empty-rule-namespace-selector-and-any-address',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
    - {}
    - from:
        - namespaceSelector: {}
      ports: [{port: 8080}]
  egress:
    - to:
        - ipBlock: {cidr: 0.0.0.0/0}
`,
      errors: [
        { messageId: 'noPeers', line: 8, path: 'spec.ingress[0]', severity: 'medium', message: 'spec.ingress[0] has no `from`: it allows every pod of every namespace and every address on every port' },
        { messageId: 'allNamespaces', line: 10, path: 'spec.ingress[1].from[0].namespaceSelector', severity: 'low', message: 'on TCP 8080' },
        { messageId: 'anyAddress', line: 14, path: 'spec.egress[0].to[0].ipBlock.cidr', severity: 'medium', message: '(ipBlock 0.0.0.0/0) allows every address on every port' },
      ],
    },
  ],
});
