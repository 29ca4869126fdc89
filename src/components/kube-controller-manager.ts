/** kube-controller-manager: recognition and upstream defaults. */
import type { ComponentSpec } from './component.js';

export const kubeControllerManager: ComponentSpec = {
  name: 'kube-controller-manager',
  binaries: [['kube-controller-manager'], ['kube-controller'], ['hyperkube', 'controller-manager'], ['hyperkube', 'kube-controller-manager'], ['controller-manager']],
  manifestNames: ['kube-controller-manager'],
  booleanFlags: new Set(['profiling', 'use-service-account-credentials', 'leader-elect']),
  defaults: {
    profiling: 'true',
    'use-service-account-credentials': 'false',
    'bind-address': '0.0.0.0',
    'terminated-pod-gc-threshold': '12500',
    'feature-gates': '',
  },
  featureGateDefaults: { RotateKubeletServerCertificate: 'true' },
};
