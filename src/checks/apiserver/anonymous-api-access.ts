import { defineCheck } from '../../core/check.js';
import { CLUSTER_REF, syntheticResource } from '../../core/resource.js';
import { cis } from '../../core/framework.js';

/** Paths Kubernetes' default RBAC opens to everyone on purpose (system:public-info-viewer). */
const PUBLIC_INFO = new Set(['/version', '/healthz', '/readyz', '/livez']);

export default defineCheck({
  meta: {
    id: 'KF-A-001',
    name: 'anonymous-api-access',
    title: 'The API server answers anonymous requests',
    area: 'apiserver',
    severity: 'critical',
    description:
      'kubefort sends requests without any credentials to the API server from where it runs. A 401 means anonymous authentication is off. A 200 on /version or /healthz means it is on, which the default RBAC allows for health and version only; a 200 on /api or a resource list means anonymous users are authorized to read the cluster (for example AlwaysAllow, or a binding to system:anonymous or system:unauthenticated).',
    remediation:
      'Start the API server with `--anonymous-auth=false`, or (Kubernetes 1.32+) an AuthenticationConfiguration whose `anonymous.conditions` allow only `/livez`, `/readyz` and `/healthz`. Remove any RoleBinding or ClusterRoleBinding to `system:anonymous` or `system:unauthenticated`, and never run `--authorization-mode=AlwaysAllow`.',
    frameworks: [cis('1.2.1'), cis('1.2.6')],
    messages: {
      readable: 'an anonymous request to {{path}} got HTTP 200: unauthenticated clients can read the cluster',
      enabled: 'anonymous authentication is enabled: an anonymous request to {{path}} got HTTP 200 (no credentials needed)',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    const probes = inventory.facts.anonymousProbe ?? [];
    const cluster = syntheticResource({ ...CLUSTER_REF, name: inventory.facts.server ?? CLUSTER_REF.name });
    const open = probes.filter((p) => p.status === 200);
    const beyondPublic = open.filter((p) => !PUBLIC_INFO.has(p.path));
    for (const probe of beyondPublic) report({ messageId: 'readable', data: { path: probe.path }, resource: cluster, key: probe.path });
    const publicOnly = open.find((p) => PUBLIC_INFO.has(p.path));
    if (beyondPublic.length === 0 && publicOnly !== undefined) report({ messageId: 'enabled', data: { path: publicOnly.path }, resource: cluster, severity: 'medium' });
  },
});
