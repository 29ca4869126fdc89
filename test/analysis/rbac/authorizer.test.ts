import { describe, expect, it } from 'vitest';
import { Inventory } from '../../../src/core/inventory.js';
import { liveResource, type KubeObject } from '../../../src/core/resource.js';
import { RbacAuthorizer } from '../../../src/analysis/rbac/authorizer.js';
import { impersonatedIdentity, parseSubjectSpec, serviceAccountIdentity } from '../../../src/analysis/rbac/identity.js';
import { normaliseRule, ruleAllows, type Request } from '../../../src/analysis/rbac/match.js';
import { rbacObjects } from '../../../src/analysis/rbac/model.js';

const rule = normaliseRule;
const res = (verb: string, resource: string, extra: Partial<Extract<Request, { kind: 'resource' }>> = {}): Request => ({ kind: 'resource', verb, apiGroup: '', resource, ...extra });

describe('RuleAllows', () => {
  it.each([
    [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, res('get', 'pods'), true],
    [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }, res('get', 'pods', { subresource: 'exec' }), false],
    [{ verbs: ['get'], apiGroups: [''], resources: ['*'] }, res('get', 'pods', { subresource: 'exec' }), true],
    [{ verbs: ['get'], apiGroups: [''], resources: ['*/exec'] }, res('get', 'pods', { subresource: 'exec' }), true],
    [{ verbs: ['get'], apiGroups: [''], resources: ['*/exec'] }, res('get', 'pods'), false],
    [{ verbs: ['get'], apiGroups: [''], resources: ['pods/*'] }, res('get', 'pods', { subresource: 'exec' }), false],
    [{ verbs: ['get'], apiGroups: ['apps'], resources: ['*'] }, res('get', 'pods'), false],
    [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, res('impersonate', 'users'), true],
    [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }, res('get', 'pods', { name: 'a' }), true],
    [{ verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }, res('list', 'pods'), false],
    [{ verbs: ['create'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }, res('create', 'pods'), false],
    [{ verbs: ['get'], nonResourceURLs: ['/logs/*'] }, { kind: 'nonResource', verb: 'get', path: '/logs/x/y' }, true],
    [{ verbs: ['get'], nonResourceURLs: ['/logs*'] }, { kind: 'nonResource', verb: 'get', path: '/logsx' }, true],
    [{ verbs: ['get'], nonResourceURLs: ['/logs'] }, { kind: 'nonResource', verb: 'get', path: '/logs/' }, false],
    [{ verbs: ['get'], nonResourceURLs: ['*'] }, { kind: 'nonResource', verb: 'get', path: '/anything' }, true],
  ] as const)('%j allows %j: %s', (r, request, expected) => {
    expect(ruleAllows(rule(r), request)).toBe(expected);
  });
});

const rbac = { apiVersion: 'rbac.authorization.k8s.io/v1' };
function authorizer(objects: Omit<KubeObject, 'apiVersion'>[]): RbacAuthorizer {
  return new RbacAuthorizer(rbacObjects(new Inventory(objects.map((o) => liveResource({ ...rbac, ...o } as KubeObject)))));
}

describe('RbacAuthorizer', () => {
  const a = authorizer([
    { kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets', 'nodes'] }] },
    { kind: 'ClusterRole', metadata: { name: 'agg', labels: {} }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'true' } }] }, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] },
    { kind: 'ClusterRole', metadata: { name: 'part', labels: { x: 'true' } }, rules: [{ verbs: ['list'], apiGroups: ['apps'], resources: ['deployments'] }] },
    { kind: 'RoleBinding', metadata: { name: 'rb', namespace: 'a' }, roleRef: { kind: 'ClusterRole', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'ci' }] },
    { kind: 'ClusterRoleBinding', metadata: { name: 'crb' }, roleRef: { kind: 'ClusterRole', name: 'agg' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:b' }, { kind: 'ServiceAccount', name: 'nons' }] },
  ]);
  const ci = serviceAccountIdentity('a', 'ci');

  it('scopes a RoleBinding to a ClusterRole to its namespace, defaulting the service account namespace to the binding', () => {
    expect(a.can(ci, res('get', 'secrets', { namespace: 'a' }))).toBe(true);
    expect(a.can(ci, res('get', 'secrets', { namespace: 'b' }))).toBe(false);
    expect(a.can(ci, res('get', 'nodes'))).toBe(false);
    const d = a.authorize(ci, res('get', 'secrets', { namespace: 'a' }));
    expect(d.allowed && !d.superuser && `${d.grant.binding.name} → ${d.grant.role.name} #${d.grant.ruleIndex}`).toBe('rb → reader #0');
  });

  it('resolves aggregation from labels and ignores the stored rules of an aggregated role', () => {
    const b = serviceAccountIdentity('b', 'x');
    expect(a.can(b, res('list', 'deployments', { apiGroup: 'apps' }))).toBe(true);
    expect(a.can(b, res('get', 'pods'))).toBe(false);
    expect(a.can({ user: 'system:serviceaccount:b:x', groups: [] }, res('list', 'deployments', { apiGroup: 'apps' }))).toBe(false);
  });

  it('never matches a ClusterRoleBinding service account without a namespace; system:masters is always allowed', () => {
    expect(a.can(serviceAccountIdentity('', 'nons'), res('list', 'deployments', { apiGroup: 'apps' }))).toBe(false);
    expect(a.can({ user: 'x', groups: ['system:masters'] }, res('delete', 'nodes'))).toBe(true);
  });

  it('answers who-can with binding, role and rule', () => {
    const who = a.whoCan(res('get', 'secrets', { namespace: 'a' })).map((w) => `${w.subject.kind}:${w.subject.name} via ${w.grant.binding.name}`);
    expect(who).toEqual(['ServiceAccount:ci via rb']);
    expect(a.whoCan(res('get', 'secrets', { namespace: 'b' }))).toEqual([]);
  });
});

describe('identities', () => {
  it('adds implicit groups as impersonation does', () => {
    expect(impersonatedIdentity('system:serviceaccount:a:b')).toEqual({ user: 'system:serviceaccount:a:b', groups: ['system:serviceaccounts', 'system:serviceaccounts:a', 'system:authenticated'] });
    expect(impersonatedIdentity('system:anonymous')).toEqual({ user: 'system:anonymous', groups: ['system:unauthenticated'] });
    expect(impersonatedIdentity('bob', ['system:unauthenticated'])).toEqual({ user: 'bob', groups: ['system:unauthenticated'] });
    expect(parseSubjectSpec('sa:ns/name')).toEqual({ kind: 'ServiceAccount', namespace: 'ns', name: 'name' });
    expect(parseSubjectSpec('group:ops')).toEqual({ kind: 'Group', name: 'ops' });
  });
});
