import check from '../../../src/checks/netpol/cni-not-enforcing-networkpolicy.js';
import { testCheck } from '../../support/check-tester.js';

const flannel = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-flannel-ds, namespace: kube-flannel}
spec:
  template:
    metadata: {labels: {app: flannel}}
    spec:
      hostNetwork: true
      containers: [{name: kube-flannel, image: "docker.io/flannel/flannel:v0.25.5"}]
`;
const policy = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}}
`;

testCheck(check, {
  valid: [
    {
      name: 'canal-flannel-with-calico-enforces',
      yaml: `${flannel}---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec: {template: {spec: {hostNetwork: true, containers: [{name: calico-node, image: "quay.io/calico/node:v3.28.0"}]}}}
---${policy}`,
    },
    {
      name: 'cilium-live-pod',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: cilium-x7k2p, namespace: kube-system, ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: cilium, controller: true}]}
spec: {hostNetwork: true, containers: [{name: cilium-agent, image: "quay.io/cilium/cilium:v1.16.0"}]}
---${policy}`,
    },
    { name: 'no-plugin-recognised', yaml: policy },
  ],
  invalid: [
    {
      name: 'flannel-alone-with-policies',
      yaml: `${flannel}---${policy}`,
      errors: [{ messageId: 'policiesIgnored', line: 2, severity: 'critical', message: 'the pod network is flannel alone (image docker.io/flannel/flannel:v0.25.5), which does not enforce NetworkPolicy: the 1 NetworkPolicies in the input have no effect' }],
    },
    {
      name: 'flannel-alone-without-policies',
      yaml: flannel,
      errors: [{ messageId: 'noEnforcement', severity: 'medium', message: 'any policy added will have no effect' }],
    },
  ],
});
