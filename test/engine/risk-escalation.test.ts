/**
 * The identity factor of the risk model for the escalation checks: KF-R-020 rbac-escalation-path
 * (a chain to cluster-admin or kube-system Secrets) is an escalation path (2.0) for the service
 * account it is about; KF-R-022 rbac-escalation-primitive and KF-R-020 at info are powerful RBAC
 * (1.5). And the fix-first list tells apart two findings of one check on one object.
 */
import { describe, expect, it } from 'vitest';
import escalationPath from '../../src/checks/rbac/rbac-escalation-path.js';
import escalationPrimitive from '../../src/checks/rbac/rbac-escalation-primitive.js';
import privileged from '../../src/checks/workload/privileged-container.js';
import type { Finding } from '../../src/core/finding.js';
import { Inventory } from '../../src/core/inventory.js';
import { assessRisk, briefMessage, fixFirst, formatFixFirst } from '../../src/engine/risk.js';
import { scanResources } from '../../src/engine/scan.js';
import { parseManifests } from '../../src/sources/manifests.js';

function scan(yaml: string) {
  const load = parseManifests('r.yaml', yaml);
  return scanResources(load.resources, load.errors, { type: 'manifests' }, { checks: [privileged, escalationPath, escalationPrimitive], today: '2026-06-01' });
}

/** examples/insecure as QA found it: the storefront (shop/default) may create pods in ci, where a cluster-admin account lives. */
const STOREFRONT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: storefront, namespace: shop}
spec:
  template:
    metadata: {labels: {app: storefront}}
    spec:
      containers:
        - {name: web, image: "web:1", securityContext: {privileged: true}}
---
apiVersion: v1
kind: Service
metadata: {name: storefront, namespace: shop}
spec: {type: LoadBalancer, selector: {app: storefront}, ports: [{port: 80}]}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: deployer, namespace: ci}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci-deployer-admin}
subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: storefront-debug, namespace: shop}
rules: [{apiGroups: [""], resources: [pods/exec], verbs: [create]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: storefront-debug, namespace: shop}
subjects:
  - {kind: Group, name: storefront-devs, apiGroup: rbac.authorization.k8s.io}
  - {kind: ServiceAccount, name: default, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: storefront-debug}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: migration-runner, namespace: ci}
rules: [{apiGroups: [""], resources: [pods], verbs: [create, get, delete]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: storefront-migrations, namespace: ci}
subjects: [{kind: ServiceAccount, name: default, namespace: shop}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: migration-runner}
`;

describe('KF-R-020 rbac-escalation-path is an escalation path', () => {
  const r = scan(STOREFRONT);
  const paths = r.findings.filter((f) => f.checkId === 'KF-R-020');

  it('finds the two-hop path of the account and the group path through its pods', () => {
    expect(paths.map((f) => `${f.resource.name} ${f.location.path} ${f.severity}`).sort()).toEqual([
      'storefront-debug subjects[0] critical',
      'storefront-debug subjects[0] critical',
      'storefront-migrations subjects[0] critical',
      'storefront-migrations subjects[0] critical',
    ]);
  });

  it('the workload whose account has the path: 7 × 2.0 (internet) × 2.0 (escalation path) × 1.8 (privileged) = 50.4', () => {
    const web = r.findings.find((f) => f.checkId === 'KF-W-001');
    expect(web?.risk?.score).toBe(50.4);
    expect(web?.risk?.reasons).toEqual([
      'reachable from outside the cluster via LoadBalancer shop/Service/storefront (no NetworkPolicy blocks it)',
      // only the findings about shop/default: the group's paths on storefront-debug are the group's
      'service account shop/default has an escalation path (KF-R-020 rbac-escalation-path on RoleBinding storefront-migrations)',
      'privileged container "web"',
    ]);
  });

  it('the bindings borrow that context: 10 × 7.2 = 72', () => {
    expect(paths.map((f) => f.risk?.score)).toEqual([72, 72, 72, 72]);
    expect(paths.every((f) => f.risk?.via === 'grants rights to shop/Deployment/storefront')).toBe(true);
  });
});

describe('what counts as an escalation path for a service account', () => {
  const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team}
spec:
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers: [{name: c, image: "c:1", securityContext: {privileged: true}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: team}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: shared, namespace: team}
subjects:
  - {kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io}
  - {kind: ServiceAccount, name: web, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: tokens}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: tokens, namespace: team}
rules: [{apiGroups: [""], resources: [serviceaccounts/token], verbs: [create]}]
`;
  const load = parseManifests('t.yaml', yaml);
  const inventory = new Inventory(load.resources);
  const scanned = scan(yaml);
  const web = (findings: readonly Finding[]) => findings.find((f) => f.checkId === 'KF-W-001')?.risk;
  /** A KF-R-020 finding on the shared binding, about its subject `index`. */
  const pathFinding = (index: number, severity: Finding['severity']): Finding => ({
    ...(scanned.findings.find((f) => f.checkId === 'KF-R-022') as Finding),
    checkId: 'KF-R-020',
    checkName: 'rbac-escalation-path',
    messageId: 'path',
    severity,
    location: { file: 't.yaml', line: 21, column: 5, path: `subjects[${index}]`, documentIndex: 2 },
    fingerprint: `${index}`.padStart(16, '0'),
  });
  const risk = (extra: Finding[]) => web(assessRisk(inventory, [...scanned.findings.filter((f) => f.checkId === 'KF-W-001'), ...extra]));

  it('KF-R-022 (a token for the accounts of its namespace, none more powerful): powerful RBAC, 7 × 1.5 × 1.8 = 18.9', () => {
    expect(scanned.findings.filter((f) => f.checkId === 'KF-R-022').map((f) => f.location.path)).toEqual(['subjects[1]']);
    expect(scanned.findings.some((f) => f.checkId === 'KF-R-020')).toBe(false);
    expect(web(scanned.findings)).toEqual({ score: 18.9, reasons: ['service account team/web has powerful RBAC (KF-R-022 rbac-escalation-primitive on RoleBinding shared)', 'privileged container "c"'] });
  });

  it('a critical KF-R-020 about the account: 7 × 2.0 × 1.8 = 25.2', () => {
    expect(risk([pathFinding(1, 'critical')])?.score).toBe(25.2);
    expect(risk([pathFinding(1, 'critical')])?.reasons[0]).toBe('service account team/web has an escalation path (KF-R-020 rbac-escalation-path on RoleBinding shared)');
  });

  it('a KF-R-020 at info (a chain from one of Kubernetes\' own bindings): powerful RBAC, 18.9', () => {
    expect(risk([pathFinding(1, 'info')])?.score).toBe(18.9);
  });

  it('a KF-R-020 about another subject of the binding (a group) does not count for the account', () => {
    expect(risk([pathFinding(0, 'critical')])).toEqual({ score: 12.6, reasons: ['privileged container "c"'] });
  });
});

describe('fix-first entries say what is specific to them', () => {
  const r = scan(STOREFRONT);

  it('carry the finding\'s message: two paths of one binding differ', () => {
    const entries = fixFirst(r.findings, 4);
    expect(entries.map((e) => `${e.resource.name} ${e.message?.split(':')[0]}`)).toEqual([
      'storefront-debug Group storefront-devs can reach cluster-admin in 3 hops',
      'storefront-debug Group storefront-devs can reach kube-system-secrets in 3 hops',
      'storefront-migrations ServiceAccount shop/default can reach cluster-admin in 2 hops (its workloads are exposed outside the cluster)',
      'storefront-migrations ServiceAccount shop/default can reach kube-system-secrets in 2 hops (its workloads are exposed outside the cluster)',
    ]);
    expect(entries.map((e) => e.message)).toEqual(entries.map((e) => r.findings.find((f) => f.fingerprint === e.fingerprint)?.message));
  });

  it('no two printed entries are the same', () => {
    const lines = formatFixFirst(fixFirst(r.findings, 10));
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines[0]?.split('\n')).toEqual([
      ' 1. [72.0] KF-R-020 Subject can escalate to cluster-admin or to kube-system Secrets: shop/RoleBinding/storefront-debug (r.yaml:35)',
      '      what: Group storefront-devs can reach cluster-admin in 3 hops…',
      `      why: ${fixFirst(r.findings, 1)[0]?.reason ?? ''}`,
    ]);
    const heads = lines.map((l) => l.split('\n').slice(0, 2).join('\n'));
    expect(new Set(heads).size).toBe(heads.length);
  });

  it('an entry written before the field existed prints as before', () => {
    const { message: _, ...old } = fixFirst(r.findings, 1)[0]!;
    expect(formatFixFirst([old])[0]?.split('\n')).toHaveLength(2);
  });

  it('shortens long messages: before the first ": " outside brackets, or the words that fit', () => {
    expect(briefMessage('container "web" runs privileged')).toBe('container "web" runs privileged');
    expect(briefMessage(`ServiceAccount a/b can reach cluster-admin in 2 hops (x: y): ${'hop → '.repeat(40)}`)).toBe('ServiceAccount a/b can reach cluster-admin in 2 hops (x: y)…');
    expect(briefMessage(`kube-apiserver expected x (found: ${'y '.repeat(80)})`, 40)).toBe('kube-apiserver expected x (found: y y y…');
    expect(briefMessage('a'.repeat(200), 50)).toBe(`${'a'.repeat(49)}…`);
    expect(briefMessage('line one\n  line two')).toBe('line one line two');
  });
});
