import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { grantsGroup, grantsVerb, matchingResource, narrowedBy, roleRules } from './_util.js';

const SUBRESOURCES = ['pods/exec', 'pods/attach'] as const;

export default defineCheck({
  meta: {
    id: 'KF-R-005',
    name: 'pod-exec',
    title: 'Role can exec into or attach to pods',
    area: 'rbac',
    severity: 'high',
    description:
      '`pods/exec` runs any command in a container and `pods/attach` takes over its terminal: the subject gets the container\'s files, mounted Secrets, service-account token and network position. Kubernetes authorizes SPDY exec as `create` and WebSocket exec as `get`; before Kubernetes 1.35 (or with the feature gate `AuthorizePodWebsocketUpgradeCreatePermission` off) `get` alone is enough, so read-only roles with `get` on `*` can exec too (messageId execViaGet). `*` and `*/exec` count; `pods/*` is not an RBAC wildcard and does not. resourceNames narrow the grant to the named pods, which the message says.',
    remediation:
      'Remove `pods/exec` and `pods/attach` from roles that do not need an interactive shell, and avoid `*` resources in the core group:\n\n```yaml\nrules:\n  - apiGroups: [""]\n    resources: ["pods", "pods/log"]\n    verbs: ["get", "list", "watch"]\n```\n\nFor debugging, grant exec for a limited time to named people, and record it (audit policy on `pods/exec`).',
    frameworks: [nsa('Authentication and authorization: role-based access control')],
    messages: {
      exec: '{{role}} can create {{subresources}}: it can run commands in pods{{names}}',
      execViaGet:
        '{{role}} can get {{subresources}}: before Kubernetes 1.35 (or with AuthorizePodWebsocketUpgradeCreatePermission off) that runs commands in pods over WebSocket{{names}}',
    },
    kinds: ['Role', 'ClusterRole'],
  },
  run(inventory, { report }) {
    for (const r of roleRules(inventory)) {
      if (!grantsGroup(r.rule, '')) continue;
      const matched = SUBRESOURCES.map((sub) => ({ sub, index: matchingResource(r.rule, sub) })).filter((m) => m.index !== undefined);
      const first = matched[0];
      if (first?.index === undefined) continue;
      const data = { role: r.role, subresources: matched.map((m) => m.sub).join(' and '), names: narrowedBy(r.rule) };
      const path = [...r.path, 'resources', first.index];
      const severity = r.kubernetesDefault ? ('info' as const) : undefined;
      if (grantsVerb(r.rule, 'create')) report({ messageId: 'exec', data, resource: r.resource, path, severity });
      else if (grantsVerb(r.rule, 'get')) report({ messageId: 'execViaGet', data, resource: r.resource, path, severity });
    }
  },
});
