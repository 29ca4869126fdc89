/** Version currency checks, alphabetical by name. */
import type { Check } from '../../core/check.js';
import kubeletVersionSkew from './kubelet-version-skew.js';
import kubernetesEndOfLife from './kubernetes-end-of-life.js';
import kubernetesKnownCve from './kubernetes-known-cve.js';
import kubernetesPatchBehind from './kubernetes-patch-behind.js';

export const versionChecks = {
  'kubelet-version-skew': kubeletVersionSkew,
  'kubernetes-end-of-life': kubernetesEndOfLife,
  'kubernetes-known-cve': kubernetesKnownCve,
  'kubernetes-patch-behind': kubernetesPatchBehind,
} satisfies Record<string, Check>;
