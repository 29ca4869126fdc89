/** Control-plane configuration checks: the CIS rows decided by component flags, generated from the benchmark data. */
import type { Check } from '../../core/check.js';
import { cisFlagChecks } from './cis-flag-checks.js';

export const controlPlaneChecks: Readonly<Record<string, Check>> = Object.fromEntries(cisFlagChecks.map((c) => [c.meta.name, c]));
