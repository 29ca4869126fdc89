import { defineRule, meets } from '../rule.js';
import { at } from '../rule.js';
import type { Criteria } from '../rule.js';

const C0: Criteria = { resources: ['roles', 'clusterroles'], groups: ['rbac.authorization.k8s.io'], verbs: ['create', 'update', 'patch'] };

function danger(rule: unknown): string | undefined {
  const verbs = at(rule, 'verbs');
  const resources = at(rule, 'resources');
  const v = Array.isArray(verbs) ? verbs.map(String) : [];
  const r = Array.isArray(resources) ? resources.map(String) : [];
  if (v.includes('*') && r.includes('*')) return '* on *';
  if (v.includes('*')) return `* on ${r.join(',')}`;
  if (r.includes('*')) return `${v.join(',')} on *`;
  for (const verb of ['escalate', 'bind', 'impersonate']) if (v.includes(verb)) return `${verb}`;
  if (r.includes('secrets') && v.some((x) => ['get', 'list', 'watch'].includes(x))) return 'read secrets';
  for (const res of ['pods/exec', 'pods/attach', 'nodes/proxy', 'serviceaccounts/token']) if (r.includes(res)) return res;
  return undefined;
}

export default defineRule({
  verbs: ['create', 'update', 'patch'],
  resources: ['roles', 'clusterroles'],
  meta: {
    id: 'KF-D-028',
    name: 'dangerous-role',
    title: 'A role granting wildcard, escalation or credential access was written',
    severity: 'high',
    attack: ['T1098.006'],
    minLevel: 'Request',
    stages: ['ResponseComplete'],
    description: 'Roles with *, escalate, bind, impersonate, secrets read, pods/exec, nodes/proxy or token creation are privilege-escalation paths.',
    messages: { role: '{{user}} {{verb}} {{kind}} {{name}} granting {{grant}}' },
  },
  match: (e) => {
    if (!meets(e, C0) || e.code >= 400) return undefined;
    if (e.user.username.startsWith('system:')) return undefined;
    const rules = at(e.responseObject ?? e.requestObject, 'rules');
    if (!Array.isArray(rules)) return undefined;
    for (const rule of rules) {
      const grant = danger(rule);
      if (grant !== undefined) return { messageId: 'role', data: { user: e.user.username, verb: e.verb, kind: e.objectRef?.resource ?? '', name: e.objectRef?.name ?? '', grant } };
    }
    return undefined;
  },
});
