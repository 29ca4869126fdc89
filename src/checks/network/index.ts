/** Namespace and NetworkPolicy checks, alphabetical by name. */
import type { Check } from '../../core/check.js';
import namespaceWithoutNetworkpolicy from './namespace-without-networkpolicy.js';
import serviceExposed from './service-exposed.js';

export const networkChecks = {
  'namespace-without-networkpolicy': namespaceWithoutNetworkpolicy,
  'service-exposed': serviceExposed,
} satisfies Record<string, Check>;
