import check from '../../../src/checks/netpol/sensitive-namespace-reachable-from-all.js';
import { testCheck } from '../../support/check-tester.js';

const vault = `
apiVersion: v1
kind: Namespace
metadata:
  name: vault
  labels: {kubefort.io/sensitive: "true"}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: vault, namespace: vault}
spec:
  template:
    metadata:
      labels: {app: vault}
    spec: {containers: [{name: c, image: "hashicorp/vault:1.17", ports: [{name: api, containerPort: 8200}]}]}
`;

testCheck(check, {
  valid: [
    {
      name: 'sensitive-namespace-allows-one-namespace',
      yaml: `${vault}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: vault, namespace: vault}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: payments}}}]}]
`,
    },
    {
      name: 'dns-from-everywhere-is-fine',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec: {template: {metadata: {labels: {k8s-app: kube-dns}}, spec: {containers: [{name: c, image: "coredns:1.11"}]}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dns, namespace: kube-system}
spec:
  podSelector: {matchLabels: {k8s-app: kube-dns}}
  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}]
`,
    },
    {
      name: 'namespace-not-sensitive',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec: {containers: [{name: c, image: "nginx:1.27"}]}
`,
    },
  ],
  invalid: [
    {
      name: 'labelled-namespace-with-an-all-namespaces-rule',
      yaml: `${vault}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: vault, namespace: vault}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: api}]}]
`,
      errors: [{ messageId: 'reachable', line: 14, path: 'spec.template.metadata.labels', message: 'vault/vault[StatefulSet] in sensitive namespace "vault" accepts TCP 8200 from every pod of every namespace (a rule allows every namespace)' }],
    },
    {
      name: 'kube-system-without-policy-and-option-namespace',
      options: { sensitiveNamespaces: ['kube-system', 'payments'] },
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: metrics-server, namespace: kube-system, labels: {app: metrics}}
spec: {containers: [{name: c, image: "metrics-server:0.7"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: payments, labels: {app: api}}
spec: {containers: [{name: c, image: "api:1.0"}]}
`,
      errors: [
        { messageId: 'reachable', line: 4, message: 'kube-system/metrics-server[Pod] in sensitive namespace "kube-system" accepts All Connections from every pod of every namespace (no ingress policy isolates it)' },
        { messageId: 'reachable', line: 9, message: 'payments/api[Pod]' },
      ],
    },
  ],
});
