/** Shared YAML for the version checks: a kubeadm API server static pod and Node objects. */
export const apiserverPod = (tag: string) => `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver-cp1
  namespace: kube-system
  labels: {component: kube-apiserver, tier: control-plane}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:${tag}
      command: [kube-apiserver, --authorization-mode=Node,RBAC]
`;

export const node = (name: string, kubelet: string) => `apiVersion: v1
kind: Node
metadata:
  name: ${name}
status:
  nodeInfo:
    kubeletVersion: ${kubelet}
`;

export const today = '2026-11-22';
