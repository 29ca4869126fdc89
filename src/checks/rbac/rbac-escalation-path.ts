import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { escalationGraph, formatGrant } from '../../analysis/rbac/index.js';
import { isKubernetesDefault } from './_util.js';

/** Primitives that are the sink itself: a direct cluster-admin binding is KF-R-003's, a direct secrets grant KF-R-004's. */
const DIRECT = new Set(['wildcard-admin', 'masters', 'read-secrets']);

export default defineCheck({
  meta: {
    id: 'KF-R-020',
    name: 'rbac-escalation-path',
    title: 'Subject can escalate to cluster-admin or to kube-system Secrets',
    area: 'rbac',
    severity: 'critical',
    description:
      'A chain of RBAC grants takes a subject to cluster-admin equivalence or to reading Secrets in kube-system: creating pods or workloads (or tokens) in a namespace whose service accounts are more powerful, impersonation, bind or escalate, CSR approval, exec/attach/ephemeral containers or nodes/proxy into pods of a more powerful service account. Decisions are the API server\'s own (wildcards, resourceNames, subresources, RoleBinding scope, implicit groups, aggregation); the message names each hop. Service accounts of workloads exposed outside the cluster (LoadBalancer, NodePort, external IPs) are marked. Chains starting at one of Kubernetes\' own bindings (bootstrap policy) are reported at info.',
    remediation:
      'Break the first hop: remove the grant named in the message (for `create pods`, keep powerful service accounts out of namespaces where others can create workloads, or give the pod creator its own namespace). Check with `kubefort rbac paths --subject <subject>`.',
    frameworks: [nsa('Authentication and authorization: role-based access control')],
    messages: {
      path: '{{subject}} can reach {{sink}} in {{hops}} hops{{exposed}}: {{chain}}',
    },
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
  },
  run(inventory, { report }) {
    const graph = escalationGraph(inventory);
    for (const p of graph.paths()) {
      const first = p.hops[0];
      const grant = first?.grants[0];
      if (first === undefined || grant?.binding.resource === undefined) continue;
      if (p.hops.length === 1 && DIRECT.has(first.primitive)) continue;
      const chain = p.hops.map((h) => `${h.text} → ${h.to} (${h.grants.map(formatGrant).join('; ') || 'group membership'})`).join(' ⇒ ');
      report({
        messageId: 'path',
        data: { subject: p.label, sink: p.sink, hops: p.hops.length, exposed: p.exposed ? ' (its workloads are exposed outside the cluster)' : '', chain },
        resource: grant.binding.resource,
        path: ['subjects', grant.subjectIndex],
        key: `${p.label}\u0000${p.sink}`,
        // Kubernetes' own bindings (controllers minting tokens, kubelets) are how the cluster works: info.
        ...(isKubernetesDefault(inventory, grant.binding.resource) ? { severity: 'info' as const } : {}),
      });
    }
  },
});
