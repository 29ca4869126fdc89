/** The component registry: one spec per component, in the order reports show them. */
import type { ComponentName, ComponentSpec } from './component.js';
import { etcd } from './etcd.js';
import { kubeApiserver } from './kube-apiserver.js';
import { kubeControllerManager } from './kube-controller-manager.js';
import { kubeProxy } from './kube-proxy.js';
import { kubeScheduler } from './kube-scheduler.js';
import { kubelet } from './kubelet.js';

export const COMPONENTS = {
  'kube-apiserver': kubeApiserver,
  'kube-controller-manager': kubeControllerManager,
  'kube-scheduler': kubeScheduler,
  etcd,
  kubelet,
  'kube-proxy': kubeProxy,
} as const satisfies Record<ComponentName, ComponentSpec>;

export * from './component.js';
export { parseFlags, splitList, parseDuration, parseFeatureGates } from './flags.js';
