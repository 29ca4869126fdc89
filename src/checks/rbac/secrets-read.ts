import { defineCheck } from '../../core/check.js';
import { cis, nsa } from '../../core/framework.js';
import { grantsGroup, matchingResource, narrowedBy, roleRules } from './_util.js';

const READ_VERBS = ['get', 'list', 'watch'] as const;

export default defineCheck({
  meta: {
    id: 'KF-R-004',
    name: 'secrets-read',
    title: 'Role can read Secrets',
    area: 'rbac',
    severity: 'high',
    description:
      'get, list or watch on Secrets hands over every credential stored in the namespace (or the cluster, for a ClusterRole bound cluster-wide): database passwords, TLS keys, registry credentials and service-account tokens that lead further. `list` and `watch` return full contents, not just names. Rules granting the core `secrets` resource through `*` (resources, verbs or API groups) count; a rule with resourceNames is narrower, which the message says. Kubernetes\' own bootstrap roles are reported at info; aggregated ClusterRoles are reported on their source roles.',
    remediation:
      'Remove read access to Secrets, or narrow it to the Secrets the workload needs:\n\n```yaml\nrules:\n  - apiGroups: [""]\n    resources: ["secrets"]\n    resourceNames: ["app-tls"]\n    verbs: ["get"]\n```\n\nBetter, mount the Secret into the pod that needs it so no API access is needed. `kubectl auth can-i list secrets -A --as=system:serviceaccount:<ns>:<sa>` checks a subject.',
    frameworks: [cis('5.1.2'), nsa('Authentication and authorization: role-based access control')],
    messages: { readSecrets: '{{role}} can {{verbs}} Secrets{{names}}' },
    kinds: ['Role', 'ClusterRole'],
  },
  run(inventory, { report }) {
    for (const r of roleRules(inventory)) {
      if (!grantsGroup(r.rule, '')) continue;
      const index = matchingResource(r.rule, 'secrets');
      if (index === undefined) continue;
      const ruleVerbs = r.rule.verbs ?? [];
      const verbs = ruleVerbs.includes('*') ? ['* (get, list, watch)'] : READ_VERBS.filter((v) => ruleVerbs.includes(v));
      if (verbs.length === 0) continue;
      report({
        messageId: 'readSecrets',
        data: { role: r.role, verbs: verbs.join(', '), names: narrowedBy(r.rule) },
        resource: r.resource,
        path: [...r.path, 'resources', index],
        severity: r.kubernetesDefault ? 'info' : undefined,
      });
    }
  },
});
