import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { escalationGraph, type PrimitiveId } from '../../analysis/rbac/index.js';
import { isKubernetesDefault } from './_util.js';

/**
 * Primitives no single-role check reports (KF-R-001..008 cover wildcards, bind/escalate/impersonate
 * verbs, secrets reads and pods/exec): here they are decided per subject by the authorizer.
 */
const PRIMITIVES: ReadonlySet<PrimitiveId> = new Set(['token-request', 'mint-token-secret', 'nodes-proxy', 'csr-approve', 'webhook-config', 'persistent-volumes', 'ephemeral-containers', 'aggregation-labels', 'pods-attach']);
/** Broad groups: for them, creating pods or workloads anywhere is a finding too. */
const PUBLIC = new Set(['Group system:unauthenticated', 'Group system:authenticated', 'Group system:serviceaccounts']);

export default defineCheck({
  meta: {
    id: 'KF-R-022',
    name: 'rbac-escalation-primitive',
    title: 'Subject holds a privilege-escalation primitive',
    area: 'rbac',
    severity: 'high',
    description:
      'The subject holds, through its bindings and as the API server decides it (wildcards, resourceNames, subresources, RoleBinding scope, aggregation), one of the escalation primitives that single-role checks miss: creating `serviceaccounts/token` or creating and reading Secrets (a token for any service account of the namespace), `get`/`create` on `nodes/proxy` (commands in every pod of a node through the kubelet), CSR creation plus approval plus signer `approve` (a client certificate for any identity), writes to admission webhook configurations, PersistentVolume creation (hostPath), patching `pods/ephemeralcontainers` or attaching to pods, and patching ClusterRoles (labels aggregate rules into `admin`, `edit`, `view`). Subjects that already hold cluster-admin are left to KF-R-003. For `system:unauthenticated`, `system:authenticated` and `system:serviceaccounts`, creating pods or workloads is reported too. Public groups are critical; Kubernetes\' own bindings are info.',
    remediation:
      'Remove the rule named in the message from the role, or bind the role to fewer subjects; narrow with resourceNames where the verb allows it (not `create`). `kubefort rbac who-can VERB RESOURCE` lists everyone who holds the same right.',
    frameworks: [nsa('Authentication and authorization: role-based access control')],
    messages: {
      primitive: '{{subject}} {{text}} (via {{binding}} → {{role}})',
    },
    kinds: ['RoleBinding', 'ClusterRoleBinding'],
  },
  run(inventory, { report }) {
    const graph = escalationGraph(inventory);
    for (const node of graph.nodes.values()) {
      const isPublic = PUBLIC.has(node.label);
      // A cluster-admin holder holds every primitive: KF-R-003 reports it once.
      if (node.primitives.some((p) => p.id === 'wildcard-admin' || p.id === 'masters')) continue;
      for (const p of node.primitives) {
        if (!PRIMITIVES.has(p.id) && !(isPublic && (p.id === 'create-pods' || p.id === 'create-workloads'))) continue;
        const grant = p.grants[0];
        const resource = grant?.binding.resource;
        if (grant === undefined || resource === undefined) continue;
        // Report where the subject is named, not where a group it belongs to is.
        if (!isPublic && grant.binding.subjects[grant.subjectIndex]?.kind === 'Group') continue;
        const binding = `${grant.binding.kind} ${grant.binding.namespace === undefined ? '' : `${grant.binding.namespace}/`}${grant.binding.name}`;
        const role = `${grant.role.kind} ${grant.role.namespace === undefined ? '' : `${grant.role.namespace}/`}${grant.role.name}`;
        report({
          messageId: 'primitive',
          data: { subject: node.label, text: p.text, binding, role },
          resource,
          path: ['subjects', grant.subjectIndex],
          key: `${node.label}\u0000${p.id}\u0000${p.text}`,
          ...(isKubernetesDefault(inventory, resource) ? { severity: 'info' as const } : isPublic ? { severity: 'critical' as const } : {}),
        });
      }
    }
  },
});
