import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { namespacesWithoutDefaultDeny } from './_default-deny.js';
import { netpolEngine } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-N-011',
    name: 'namespace-without-default-deny-egress',
    title: 'Namespace without a default-deny egress policy',
    area: 'network',
    severity: 'medium',
    description:
      'Egress is open unless a policy with Egress in its policyTypes selects the pod: a compromised pod can then reach the cloud metadata address, the API server, databases in other namespaces and the internet. A policy `spec: {podSelector: {}}` without policyTypes denies only ingress; Egress must be listed. Reported for namespaces that have NetworkPolicies but no default deny for egress (namespaces without any policy are reported by KF-N-002). Not evaluated where CNI-specific or cluster-scoped policies exist.',
    remediation:
      'Add a default deny for egress, plus DNS, then allow each destination explicitly:\n\n```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-egress\n  namespace: <namespace>\nspec:\n  podSelector: {}\n  policyTypes: ["Egress"]\n  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n          podSelector: {matchLabels: {k8s-app: kube-dns}}\n      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]\n```\n\n`kubefort netpol generate` writes both.',
    frameworks: [nsa('Network separation and hardening: network policies')],
    messages: {
      missing: 'namespace "{{namespace}}" has NetworkPolicies but no default deny for egress: {{open}} of its {{total}} workloads may connect anywhere, and so will every new one',
    },
    kinds: ['NetworkPolicy', 'Namespace'],
  },
  run(inventory, { report }) {
    for (const m of namespacesWithoutDefaultDeny(inventory, netpolEngine(inventory), 'egress')) {
      report({ messageId: 'missing', data: { namespace: m.namespace, open: m.open, total: m.total }, resource: m.resource, path: m.path });
    }
  },
});
