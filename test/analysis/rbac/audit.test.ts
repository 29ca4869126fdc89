import { describe, expect, it } from 'vitest';
import { Inventory } from '../../../src/core/inventory.js';
import { liveResource, type KubeObject } from '../../../src/core/resource.js';
import { parseAuditLog, suggest, unusedRules } from '../../../src/analysis/rbac/audit.js';
import { RbacAuthorizer } from '../../../src/analysis/rbac/authorizer.js';
import { rbacObjects } from '../../../src/analysis/rbac/model.js';

const event = (o: Record<string, unknown>): string => JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', stage: 'ResponseComplete', ...o });
const LOG = [
  event({ auditID: '1', verb: 'get', requestURI: '/api/v1/namespaces/a/secrets/s', user: { username: 'system:serviceaccount:a:w', groups: ['system:serviceaccounts'] }, objectRef: { resource: 'secrets', namespace: 'a', name: 's', apiVersion: 'v1' }, responseStatus: { code: 200 } }),
  event({ auditID: '2', verb: 'create', requestURI: '/api/v1/namespaces/a/configmaps', user: { username: 'bob' }, objectRef: { resource: 'configmaps', namespace: 'a', name: 'new', apiVersion: 'v1' }, responseStatus: { code: 201 } }),
  event({ auditID: '3', verb: 'list', requestURI: '/api/v1/namespaces/a/secrets', user: { username: 'bob' }, objectRef: { resource: 'secrets', namespace: 'a' }, responseStatus: { code: 403 }, annotations: { 'authorization.k8s.io/decision': 'forbid' } }),
  event({ auditID: '4', verb: 'get', requestURI: '/healthz?verbose', user: { username: 'admin' }, impersonatedUser: { username: 'carol', groups: ['ops'] }, responseStatus: { code: 200 } }),
  event({ auditID: '4', stage: 'ResponseStarted', verb: 'get', requestURI: '/healthz?verbose', user: { username: 'admin' }, impersonatedUser: { username: 'carol', groups: ['ops'] } }),
  'not json',
].join('\n');

describe('audit logs', () => {
  it('keeps allowed requests once per audit ID, as the impersonated user, without the name of a create', () => {
    const { used, skipped } = parseAuditLog(LOG);
    expect(skipped).toBe(1);
    expect(used.map((u) => [u.user.user, u.request])).toEqual([
      ['system:serviceaccount:a:w', { kind: 'resource', verb: 'get', apiGroup: '', resource: 'secrets', subresource: '', namespace: 'a', name: 's' }],
      ['bob', { kind: 'resource', verb: 'create', apiGroup: '', resource: 'configmaps', subresource: '', namespace: 'a', name: '' }],
      ['carol', { kind: 'nonResource', verb: 'get', path: '/healthz' }],
    ]);
  });

  it('suggests a Role per namespace (names kept for get) and a ClusterRole for non-resource URLs', () => {
    const objects = suggest(parseAuditLog(LOG).used);
    expect(objects.map((o) => `${String(o['kind'])} ${JSON.stringify(o['rules'] ?? o['subjects'])}`)).toEqual([
      'Role [{"apiGroups":[""],"resources":["configmaps"],"verbs":["create"]}]',
      'RoleBinding [{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"bob"}]',
      'ClusterRole [{"nonResourceURLs":["/healthz"],"verbs":["get"]}]',
      'ClusterRoleBinding [{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"carol"}]',
      'Role [{"apiGroups":[""],"resources":["secrets"],"verbs":["get"],"resourceNames":["s"]}]',
      'RoleBinding [{"kind":"ServiceAccount","name":"w","namespace":"a"}]',
    ]);
  });

  it('lists rules bound by name that were never used, in the binding scope', () => {
    const rbac = 'rbac.authorization.k8s.io/v1';
    const objs: KubeObject[] = [
      { apiVersion: rbac, kind: 'Role', metadata: { name: 'r', namespace: 'a' }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['create'] }, { apiGroups: [''], resources: ['pods'], verbs: ['delete'] }] },
      { apiVersion: rbac, kind: 'RoleBinding', metadata: { name: 'b', namespace: 'a' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'bob' }] },
    ];
    const a = new RbacAuthorizer(rbacObjects(new Inventory(objs.map((o) => liveResource(o)))));
    const [bob] = unusedRules(a, parseAuditLog(LOG).used, [{ user: 'bob', groups: ['system:authenticated'] }]);
    expect(bob?.unused.map((u) => u.ruleIndex)).toEqual([1]);
  });
});
