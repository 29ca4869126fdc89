import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluatePolicy, ruleCovers } from '../../src/audit/policy/evaluate.js';
import { generatePolicy, PROFILES } from '../../src/audit/policy/generate.js';
import { lintFlags, lintPolicyText } from '../../src/audit/policy/lint.js';
import { parsePolicy } from '../../src/audit/policy/parse.js';
import type { Policy, RequestAttributes } from '../../src/audit/policy/types.js';
import { apiServerSetup } from '../../src/cli/audit.js';
import { kubefort } from '../support/cli.js';

const SEED = 'test/fixtures/audit/policy/kubernetes-io-example.yaml';

function policy(yaml: string): Policy {
  const parsed = parsePolicy(`apiVersion: audit.k8s.io/v1\nkind: Policy\n${yaml}`);
  expect(parsed.problems).toEqual([]);
  if (parsed.policy === undefined) throw new Error('no policy');
  return parsed.policy;
}

const admin = { name: 'jane', groups: ['system:authenticated'] };
const res = (resource: string, verb = 'get', namespace = 'default', extra: Partial<NonNullable<RequestAttributes['resource']>> = {}, user: RequestAttributes['user'] = admin): RequestAttributes => {
  const [r = '', sub] = resource.split('/');
  return { verb, ...(user === undefined ? {} : { user }), resource: { group: '', resource: r, ...(sub === undefined ? {} : { subresource: sub }), namespace, ...extra } };
};

describe('evaluatePolicy: first match, as checker.go', () => {
  const p = policy(`rules:
  - level: None
    resources: [{group: "", resources: [configmaps], resourceNames: [controller-leader]}]
  - level: RequestResponse
    resources: [{group: "", resources: [pods]}]
  - level: Request
    resources: [{group: "", resources: ["deployments/*"]}, {group: apps, resources: ["*/scale"]}]
  - level: Metadata
    users: [alice]
    namespaces: [""]
  - level: None
    nonResourceURLs: ["/healthz*", /version]
  - level: Request
    userGroups: [system:nodes]
  - level: Metadata
    omitStages: [RequestReceived]
`);
  const cases: [string, RequestAttributes, string, number][] = [
    ['pods matches pods', res('pods'), 'RequestResponse', 1],
    ['pods does not match pods/exec', res('pods/exec', 'create'), 'Metadata', 6],
    ['resource/* matches the resource itself', res('deployments'), 'Request', 2],
    ['resource/* matches any subresource', res('deployments/status'), 'Request', 2],
    ['*/scale in apps', { verb: 'update', user: admin, resource: { group: 'apps', resource: 'statefulsets', subresource: 'scale', namespace: 'x' } }, 'Request', 2],
    ['*/scale does not match the main resource', { verb: 'update', user: admin, resource: { group: 'apps', resource: 'statefulsets', namespace: 'x' } }, 'Metadata', 6],
    ['resourceNames: listed name', res('configmaps', 'get', 'kube-system', { name: 'controller-leader' }), 'None', 0],
    ['resourceNames: other name', res('configmaps', 'get', 'kube-system', { name: 'other' }), 'Metadata', 6],
    ['namespace "" matches cluster-scoped', res('nodes', 'get', '', {}, { name: 'alice', groups: [] }), 'Metadata', 3],
    ['namespaces never match non-resource requests', { verb: 'get', user: { name: 'alice', groups: [] }, path: '/metrics' }, 'Metadata', 6],
    ['url prefix', { verb: 'get', path: '/healthz/etcd' }, 'None', 4],
    ['exact url', { verb: 'get', path: '/version' }, 'None', 4],
    ['user-less request never matches userGroups', { verb: 'get', path: '/api' }, 'Metadata', 6],
    ['group member', { verb: 'get', path: '/api', user: { name: 'system:node:n1', groups: ['system:nodes'] } }, 'Request', 5],
  ];
  it.each(cases)('%s', (_name, attrs, level, rule) => {
    const d = evaluatePolicy(p, attrs);
    expect([d.level, d.rule]).toEqual([level, rule]);
  });
  it('unions policy-wide and rule omitStages; no match is None', () => {
    const q = policy(`omitStages: [Panic]\nrules:\n  - level: Metadata\n    verbs: [get]\n    omitStages: [RequestReceived]\n`);
    expect([...evaluatePolicy(q, res('pods')).omitStages].sort()).toEqual(['Panic', 'RequestReceived']);
    expect(evaluatePolicy(q, res('pods', 'create'))).toMatchObject({ level: 'None', rule: -1 });
  });
  it('group "*" matches every group', () => {
    const q = policy(`rules:\n  - level: Request\n    resources: [{group: "*", resources: [secrets]}]\n`);
    expect(evaluatePolicy(q, { verb: 'get', resource: { group: 'example.com', resource: 'secrets', namespace: 'a' } }).level).toBe('Request');
  });
  it('coverage: an earlier broader rule covers a later narrower one, not the reverse', () => {
    const q = policy(`rules:
  - level: Metadata
    resources: [{group: "", resources: ["pods/*"]}]
  - level: Request
    verbs: [create]
    resources: [{group: "", resources: [pods, pods/exec]}]
  - level: None
    nonResourceURLs: ["/api*"]
  - level: None
    nonResourceURLs: [/apis]
`);
    const [a, b, c, d] = q.rules;
    if (a === undefined || b === undefined || c === undefined || d === undefined) throw new Error('rules');
    expect(ruleCovers(a, b)).toBe(true);
    expect(ruleCovers(b, a)).toBe(false);
    expect(ruleCovers(c, d)).toBe(true);
    expect(ruleCovers(a, d)).toBe(false);
  });
});

describe('parsePolicy: strict', () => {
  it.each([
    ['apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules: [{level: Metadata}]\n', 'fatal', 'apiVersion', 'removed in Kubernetes 1.24'],
    ['apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStage: [RequestReceived]\nrules: [{level: Metadata}]\n', 'unknownField', 'omitStage', 'did you mean "omitStages"'],
    ['apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    resources: [{group: "", resource: [pods]}]\n', 'unknownField', 'rules[0].resources[0].resource', 'ignores it'],
    ['apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n', 'invalid', 'rules', '0 rules'],
    ['apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Everything}]\n', 'invalid', 'rules[0].level', 'unknown level'],
    ['apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, resources: [{group: rbac.authorization.k8s.io/v1}]}]\n', 'invalid', 'rules[0].resources[0].group', 'without its version'],
    ['apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, resources: [{group: "", resourceNames: [a]}]}]\n', 'invalid', 'rules[0].resources[0].resourceNames', 'requires resources'],
    ['apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, nonResourceURLs: ["/a*b"]}]\n', 'invalid', 'rules[0].nonResourceURLs[0]', 'last character'],
    ['apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, namespaces: [a], nonResourceURLs: ["/a"]}]\n', 'invalid', 'rules[0].nonResourceURLs', 'cannot mix'],
    ['apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None, omitStages: [ResponseDone]}]\n', 'invalid', 'rules[0].omitStages[0]', 'unknown stage'],
    ['apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: None}]\nrules: [{level: None}]\n', 'fatal', '', 'duplicated mapping key'],
  ])('%#: %s', (text, kind, path, message) => {
    const { problems } = parsePolicy(text);
    expect(problems).toContainEqual(expect.objectContaining({ kind, path, message: expect.stringContaining(message) }));
  });
});

describe('lint', () => {
  it('the seed example (RequestResponse pods, Metadata pods/log and pods/status) reports what is missing', () => {
    const { findings } = lintPolicyText(readFileSync(SEED, 'utf8'), SEED);
    const by = (id: string) => findings.filter((f) => f.id === id);
    // configmaps in kube-system (rule 5) and serviceaccounts/token (core Request rule 7) leak bodies.
    expect(by('KF-AP-003').map((f) => [f.key, f.line])).toEqual([
      ['/configmaps', 44],
      ['/serviceaccounts/token', 59],
    ]);
    // `pods` does not cover exec/attach/portforward: they fall to the core Request rule.
    expect(by('KF-AP-008')[0]?.message).toContain('lists pods but not pods/exec, pods/attach, pods/portforward: those are decided by rules[7]');
    expect(by('KF-AP-010')[0]?.message).toContain('get pods in default by jane is logged at RequestResponse by rules[0]');
    expect(by('KF-AP-011')[0]?.message).toContain('apps/deployments');
    expect(by('KF-AP-011')[0]?.message).toContain('rbac.authorization.k8s.io/clusterrolebindings');
    // What it does right: failed logins kept (catch-all has no user), RequestReceived omitted, exec logged.
    for (const ok of ['KF-AP-004', 'KF-AP-005', 'KF-AP-006', 'KF-AP-007', 'KF-AP-009']) expect(by(ok)).toEqual([]);
  });

  it('finds hidden failed logins, exec gaps, shadowed rules and catch-all None', () => {
    const text = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [ResponseStarted]
rules:
  - level: Metadata
    userGroups: [system:authenticated]
    resources: [{group: "", resources: [pods]}]
  - level: Request
    userGroups: [system:authenticated]
    verbs: [get]
    resources: [{group: "", resources: [pods]}]
  - level: None
`;
    const ids = lintPolicyText(text, 'p.yaml').findings.map((f) => `${f.id} ${f.at.join('.')}`);
    expect(ids).toEqual(
      expect.arrayContaining(['KF-AP-013 rules.2.level', 'KF-AP-005 omitStages', 'KF-AP-006 omitStages', 'KF-AP-007 rules.2', 'KF-AP-009 rules.1', 'KF-AP-012 rules.2']),
    );
    const noUser = lintPolicyText(text.replace('omitStages: [ResponseStarted]\n', 'omitStages: [RequestReceived]\n'), 'p.yaml').findings;
    expect(noUser.find((f) => f.id === 'KF-AP-005')?.message).toContain('with invalid credentials (no user) to list pods in default, get secrets in kube-system, get /api, get /apis is not logged');
  });

  it.each(PROFILES)('generate --profile %s parses strictly; recommended and forensic pass their own lint', (profile) => {
    const { findings } = lintPolicyText(generatePolicy(profile), `${profile}.yaml`);
    if (profile === 'minimal') expect(findings.map((f) => f.id)).toEqual(['KF-AP-011']);
    else expect(findings).toEqual([]);
  });

  it('checks the audit flags and mounts of a static pod', () => {
    const manifest = `apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      command: [kube-apiserver, --audit-policy-file=/etc/kubernetes/audit/policy.yaml, --audit-log-path=/var/log/audit/audit.log, --audit-log-maxage=7]
      volumeMounts: [{name: p, mountPath: /etc/kubernetes/audit}]
`;
    const findings = lintFlags(apiServerSetup(manifest, 'kube-apiserver.yaml'));
    expect(findings.map((f) => `${f.id} ${f.key}`)).toEqual([
      'KF-AF-003 audit-log-maxage',
      'KF-AF-003 audit-log-maxbackup',
      'KF-AF-003 audit-log-maxsize',
      'KF-AF-004 audit-log-path',
    ]);
    expect(lintFlags(apiServerSetup('kube-apiserver --secure-port 6443', 'cmdline')).map((f) => f.id)).toEqual(['KF-AF-001', 'KF-AF-002']);
  });
});

describe('kubefort audit policy (CLI)', () => {
  it('lints the seed example as json and sarif, exit 1 on high findings', () => {
    const json = kubefort(['audit', 'policy', 'lint', SEED, '-o', 'json']);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout) as { findings: { checkId: string; area: string; location: { line?: number } }[] };
    expect(result.findings.every((f) => f.area === 'audit')).toBe(true);
    expect(result.findings.find((f) => f.checkId === 'KF-AP-003')?.location.line).toBe(44);
    const sarif = kubefort(['audit', 'policy', 'lint', SEED, '-o', 'sarif']);
    const log = JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }[] };
    expect(log.runs[0]?.tool.driver.rules.find((r) => r.id === 'KF-AP-003')?.shortDescription.text).toContain('Credentials');
  });
  it('generate prints a policy with the kubeadm steps as comments, which lints clean', () => {
    const out = kubefort(['audit', 'policy', 'generate', '--profile', 'recommended']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('# 3. Edit /etc/kubernetes/manifests/kube-apiserver.yaml');
    expect(out.stdout).toContain('hostPath: {path: /var/log/kubernetes/audit, type: DirectoryOrCreate}');
    expect(lintPolicyText(out.stdout, 'gen.yaml').findings).toEqual([]);
  });
});
