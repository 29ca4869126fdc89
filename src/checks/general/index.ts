/** General checks, alphabetical by name. */
import type { Check } from '../../core/check.js';
import scanCoverage from './scan-coverage.js';

export const generalChecks = {
  'scan-coverage': scanCoverage,
} satisfies Record<string, Check>;
