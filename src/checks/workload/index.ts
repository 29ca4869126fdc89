/** Workload hardening checks, alphabetical by name. */
import type { Check } from '../../core/check.js';
import privilegedContainer from './privileged-container.js';

export const workloadChecks = {
  'privileged-container': privilegedContainer,
} satisfies Record<string, Check>;
