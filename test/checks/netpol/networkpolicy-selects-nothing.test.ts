import check from '../../../src/checks/netpol/networkpolicy-selects-nothing.js';
import { testCheck } from '../../support/check-tester.js';

const web = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: "nginx:1.27"}]}
`;

testCheck(check, {
  valid: [
    {
      name: 'selectors-match',
      yaml: `${web}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec: {podSelector: {matchLabels: {app: web}}, ingress: [{from: [{podSelector: {matchLabels: {app: web}}}, {namespaceSelector: {}, podSelector: {matchLabels: {app: elsewhere}}}]}]}
`,
    },
    {
      name: 'namespace-without-workloads-in-the-input',
      yaml: `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: payments}
spec: {podSelector: {matchLabels: {app: api}}}
`,
    },
  ],
  invalid: [
    {
      name: 'label-typo-in-pod-selector-and-peer',
      yaml: `${web}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector:
    matchLabels: {app: wbe}
  egress:
    - to:
        - podSelector:
            matchLabels: {app: dbb}
`,
      errors: [
        { messageId: 'selectsNothing', line: 11, path: 'spec.podSelector', message: 'spec.podSelector (app=wbe) matches no pod of namespace "shop"' },
        { messageId: 'peerSelectsNothing', line: 15, path: 'spec.egress[0].to[0].podSelector', message: 'spec.egress[0].to[0] podSelector (app=dbb)' },
      ],
    },
  ],
});
