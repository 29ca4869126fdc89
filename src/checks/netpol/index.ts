/** NetworkPolicy analysis checks (KF-N-010 onward), alphabetical by name. */
import type { Check } from '../../core/check.js';
import cniNotEnforcingNetworkpolicy from './cni-not-enforcing-networkpolicy.js';
import egressToCloudMetadata from './egress-to-cloud-metadata.js';
import namespaceWithoutDefaultDenyEgress from './namespace-without-default-deny-egress.js';
import namespaceWithoutDefaultDenyIngress from './namespace-without-default-deny-ingress.js';
import networkpolicyAllowsAll from './networkpolicy-allows-all.js';
import networkpolicySelectsNothing from './networkpolicy-selects-nothing.js';
import sensitiveNamespaceReachableFromAll from './sensitive-namespace-reachable-from-all.js';
import workloadNotSelectedByNetworkpolicy from './workload-not-selected-by-networkpolicy.js';

export const netpolChecks = {
  'cni-not-enforcing-networkpolicy': cniNotEnforcingNetworkpolicy,
  'egress-to-cloud-metadata': egressToCloudMetadata,
  'namespace-without-default-deny-egress': namespaceWithoutDefaultDenyEgress,
  'namespace-without-default-deny-ingress': namespaceWithoutDefaultDenyIngress,
  'networkpolicy-allows-all': networkpolicyAllowsAll,
  'networkpolicy-selects-nothing': networkpolicySelectsNothing,
  'sensitive-namespace-reachable-from-all': sensitiveNamespaceReachableFromAll,
  'workload-not-selected-by-networkpolicy': workloadNotSelectedByNetworkpolicy,
} satisfies Record<string, Check>;
