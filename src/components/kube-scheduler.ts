/** kube-scheduler: recognition and upstream defaults. */
import type { ComponentSpec } from './component.js';

export const kubeScheduler: ComponentSpec = {
  name: 'kube-scheduler',
  binaries: [['kube-scheduler'], ['hyperkube', 'scheduler'], ['hyperkube', 'kube-scheduler'], ['scheduler']],
  manifestNames: ['kube-scheduler'],
  booleanFlags: new Set(['profiling', 'leader-elect']),
  defaults: { profiling: 'true', 'bind-address': '0.0.0.0' },
};
