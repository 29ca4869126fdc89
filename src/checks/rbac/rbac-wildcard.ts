import { defineCheck } from '../../core/check.js';
import { cis, nsa } from '../../core/framework.js';
import { groupName, list, narrowedBy, roleRules } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-R-001',
    name: 'rbac-wildcard',
    title: 'Wildcard in an RBAC rule',
    area: 'rbac',
    severity: 'high',
    description:
      'A `*` grants everything that exists now and everything added later: every verb (including `escalate`, `bind` and `impersonate`), every resource and subresource (including `secrets`, `pods/exec` and new CRDs), every API group. Least privilege needs explicit lists. Aggregated ClusterRoles are not reported (their rules are copies); the ClusterRoles they aggregate are. Kubernetes\' own bootstrap roles (`cluster-admin`, `system:*` with the `rbac-defaults` label) are reported at info.',
    remediation:
      'List the verbs, resources and API groups the subject needs, e.g.:\n\n```yaml\nrules:\n  - apiGroups: ["apps"]\n    resources: ["deployments"]\n    verbs: ["get", "list", "watch", "patch"]\n```\n\n`kubectl auth can-i --list --as=system:serviceaccount:<ns>:<sa>` shows what a subject holds; audit2rbac builds a rule set from audit logs.',
    frameworks: [cis('5.1.3'), nsa('Authentication and authorization: role-based access control')],
    messages: {
      verbs: '{{role}} grants every verb (`*`) on {{target}}{{names}}',
      resources: '{{role}} grants {{verbs}} on every resource (`*`) in API groups {{groups}}{{names}}',
      apiGroups: '{{role}} grants {{verbs}} on {{resources}} in every API group (`*`){{names}}',
      nonResourceURLs: '{{role}} grants {{verbs}} on every non-resource URL (`*`)',
    },
    kinds: ['Role', 'ClusterRole'],
  },
  run(inventory, { report }) {
    for (const r of roleRules(inventory)) {
      const { rule } = r;
      const severity = r.kubernetesDefault ? ('info' as const) : undefined;
      const groups = (rule.apiGroups ?? []).map(groupName).join(', ');
      const data = {
        role: r.role,
        verbs: list(rule.verbs),
        resources: list(rule.resources),
        groups,
        target: rule.resources === undefined ? `non-resource URLs ${list(rule.nonResourceURLs)}` : `${list(rule.resources)} in API groups ${groups}`,
        names: narrowedBy(rule),
      };
      for (const field of ['verbs', 'resources', 'apiGroups', 'nonResourceURLs'] as const) {
        (rule[field] ?? []).forEach((value, i) => {
          if (value === '*') report({ messageId: field, data, resource: r.resource, path: [...r.path, field, i], severity });
        });
      }
    }
  },
});
