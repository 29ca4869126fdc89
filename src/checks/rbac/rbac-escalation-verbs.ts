import { defineCheck } from '../../core/check.js';
import { cis, nsa } from '../../core/framework.js';
import type { PolicyRule } from '../../core/k8s.js';
import { grantsGroup, matchingResource, narrowedBy, RBAC_GROUP, roleRules } from './_util.js';

/** What `bind` and `escalate` are checked against: the role a binding references or a role being written. */
function roleResources(rule: PolicyRule): string[] {
  if (!grantsGroup(rule, RBAC_GROUP)) return [];
  return ['roles', 'clusterroles'].filter((r) => matchingResource(rule, r) !== undefined);
}

/** Identities `impersonate` can assume: users, groups, service accounts (core); uids and user extras (authentication.k8s.io). */
function impersonationTargets(rule: PolicyRule): string[] {
  const targets: string[] = [];
  if (grantsGroup(rule, '')) targets.push(...['users', 'groups', 'serviceaccounts'].filter((r) => matchingResource(rule, r) !== undefined));
  if (grantsGroup(rule, 'authentication.k8s.io')) {
    if (matchingResource(rule, 'uids') !== undefined) targets.push('uids');
    // An extra is the subresource of `userextras` named after its key: `userextras/scopes`. (`*/<key>`
    // would match too, but in practice means `*/status`-style rules, so it is left out.)
    const extras = (rule.resources ?? []).filter((r) => r === '*' || r.startsWith('userextras/'));
    if (extras.length > 0) targets.push(extras.includes('*') ? 'userextras' : extras.join(', '));
  }
  return targets;
}

export default defineCheck({
  meta: {
    id: 'KF-R-006',
    name: 'rbac-escalation-verbs',
    title: 'Role grants bind, escalate or impersonate',
    area: 'rbac',
    severity: 'high',
    description:
      'RBAC prevents a subject from granting permissions it does not hold, except through three verbs. `bind` on roles/clusterroles lets it bind any role (with `create` on bindings): cluster-admin included. `escalate` on roles/clusterroles lets it write any permission into a role it can edit. `impersonate` on users, groups, service accounts, uids or user extras lets it act as anyone, including `system:masters`. Kubernetes checks `bind` and `escalate` against the `roles`/`clusterroles` resources, so the same verbs on `rolebindings` do nothing and are not reported. A `*` verb covers all three. resourceNames narrow the grant to named roles or identities, which the message says.',
    remediation:
      'Remove the verb, or narrow it to the roles or identities that are needed:\n\n```yaml\nrules:\n  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    verbs: ["bind"]\n    resourceNames: ["view"]\n```\n\n`kubectl get clusterroles,roles -A -o json | jq \'.items[] | select(any(.rules[]?; any(.verbs[]; . == "bind" or . == "escalate" or . == "impersonate" or . == "*"))) | .metadata.name\'` lists candidates.',
    frameworks: [cis('5.1.8'), nsa('Authentication and authorization: role-based access control')],
    messages: {
      bind: '{{role}} can bind {{resources}} with permissions it does not hold{{names}}',
      escalate: '{{role}} can escalate: write permissions it does not hold into {{resources}}{{names}}',
      impersonate: '{{role}} can impersonate {{resources}}, acting as any of them{{names}}',
      allVerbs: '{{role}} grants every verb (`*`) on {{resources}}, which includes {{verbs}}{{names}}',
    },
    kinds: ['Role', 'ClusterRole'],
  },
  run(inventory, { report }) {
    for (const r of roleRules(inventory)) {
      const roles = roleResources(r.rule);
      const identities = impersonationTargets(r.rule);
      if (roles.length === 0 && identities.length === 0) continue;
      const names = narrowedBy(r.rule);
      const severity = r.kubernetesDefault ? ('info' as const) : undefined;
      (r.rule.verbs ?? []).forEach((verb, i) => {
        const path = [...r.path, 'verbs', i];
        const at = { resource: r.resource, path, severity };
        if (verb === 'bind' && roles.length > 0) report({ messageId: 'bind', data: { role: r.role, resources: roles.join(' and '), names }, ...at });
        else if (verb === 'escalate' && roles.length > 0) report({ messageId: 'escalate', data: { role: r.role, resources: roles.join(' and '), names }, ...at });
        else if (verb === 'impersonate' && identities.length > 0) report({ messageId: 'impersonate', data: { role: r.role, resources: identities.join(', '), names }, ...at });
        else if (verb === '*') {
          const covered = [...(roles.length > 0 ? ['bind', 'escalate'] : []), ...(identities.length > 0 ? ['impersonate'] : [])];
          report({ messageId: 'allVerbs', data: { role: r.role, resources: [...roles, ...identities].join(', '), verbs: covered.join(', '), names }, ...at });
        }
      });
    }
  },
});
