/** API server checks, alphabetical by name. */
import type { Check } from '../../core/check.js';
import anonymousApiAccess from './anonymous-api-access.js';

export const apiserverChecks = {
  'anonymous-api-access': anonymousApiAccess,
} satisfies Record<string, Check>;
