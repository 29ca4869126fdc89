/** General checks, alphabetical by name. */
import type { Check } from '../../core/check.js';
import admissionPolicyWouldReject from './admission-policy-would-reject.js';
import scanCoverage from './scan-coverage.js';

export const generalChecks = {
  'admission-policy-would-reject': admissionPolicyWouldReject,
  'scan-coverage': scanCoverage,
} satisfies Record<string, Check>;
