/**
 * Hand-built scan results for the formatter tests, covering the awkward cases:
 * no namespace, no line, no column, a live-cluster finding with no file, a
 * file outside the working directory, stdin, suppressed findings of both kinds,
 * an expired suppression, input errors and warnings, markup and control
 * characters in messages, spaces and non-ASCII in paths, and an empty result.
 */
import privilegedContainer from '../../src/checks/workload/privileged-container.js';
import { scanError } from '../../src/core/errors.js';
import type { Finding, ScanResult } from '../../src/core/finding.js';
import { summarise } from '../../src/engine/scan.js';
import type { RuleMeta } from '../../src/report/sarif.js';

/** The working directory the results pretend to come from. */
export const CWD = '/work/repo';

export const NASTY = `<&>"'|`;

const privileged = privilegedContainer.meta;

/** Checks beyond the registry, so the tests do not depend on which checks exist today. */
export const CATALOGUE: readonly RuleMeta[] = [
  privileged,
  {
    id: 'KF-N-001',
    name: 'namespace-without-default-deny',
    title: 'Namespace without a default-deny NetworkPolicy',
    area: 'network',
    severity: 'medium',
    description: 'Without a default-deny policy every pod in the namespace accepts traffic from anywhere in the cluster.',
    remediation: 'Add a NetworkPolicy with an empty `podSelector` and both policy types.',
    frameworks: [{ framework: 'nsa-cisa', control: 'Network separation' }],
  },
  {
    id: 'KF-R-001',
    name: 'cluster-admin-binding',
    title: 'Binding to cluster-admin',
    area: 'rbac',
    severity: 'high',
    description: 'cluster-admin can do anything anywhere.',
    remediation: 'Bind a narrower ClusterRole.\n\n| verb | resource |\n|---|---|\n| get | pods |',
    frameworks: [{ framework: 'cis-1.12', control: '5.1.1' }],
  },
  {
    id: 'KF-S-001',
    name: 'image-tag-latest',
    title: 'Image uses the latest tag',
    area: 'supply-chain',
    severity: 'low',
    description: 'A moving tag makes deployments unreproducible.',
    remediation: 'Pin the image by digest.',
    frameworks: [],
  },
];

export const findMeta = (id: string): RuleMeta | undefined => CATALOGUE.find((c) => c.id === id);

function finding(meta: RuleMeta, rest: Omit<Finding, 'checkId' | 'checkName' | 'title' | 'area' | 'remediation' | 'frameworks' | 'severity'> & Partial<Pick<Finding, 'severity'>>): Finding {
  return {
    checkId: meta.id,
    checkName: meta.name,
    title: meta.title,
    area: meta.area,
    severity: meta.severity,
    remediation: meta.remediation,
    frameworks: meta.frameworks,
    ...rest,
  };
}

const [W, N, R] = CATALOGUE as [RuleMeta, RuleMeta, RuleMeta, RuleMeta];

/** In a relative file whose name has a space; message with markup characters. */
export const privilegedWeb = finding(W, {
  messageId: 'privileged',
  resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'prod', name: 'web' },
  location: { file: 'deploy/web app.yaml', line: 17, column: 13, path: 'spec.template.spec.containers[0].securityContext.privileged', documentIndex: 0 },
  message: `container "app${NASTY}" runs privileged`,
  fingerprint: '0123456789abcdef',
});

/** No namespace, no line: an absolute path inside the working directory with non-ASCII, rendered from a Helm template. */
export const privilegedPod = finding(W, {
  messageId: 'privileged',
  severity: 'critical',
  resource: { apiVersion: 'v1', kind: 'Pod', name: 'debug' },
  location: { file: `${CWD}/charts/ünï cødé/rendered.yaml`, path: 'spec.containers[0].securityContext.privileged', documentIndex: 2, template: 'mychart/templates/pod.yaml' },
  message: 'container "shell" runs privileged',
  fingerprint: '1111111111111111',
});

/** From a live cluster: no file, no position, the object itself. */
export const liveNamespace = finding(N, {
  messageId: 'missing',
  resource: { apiVersion: 'v1', kind: 'Namespace', name: 'team-a' },
  location: { path: '', cluster: 'prod-ctx' },
  message: 'namespace team-a has no default-deny NetworkPolicy',
  fingerprint: '2222222222222222',
});

/** Outside the working directory, line without column, an expired exception. */
export const expiredBinding = finding(R, {
  messageId: 'binding',
  severity: 'low',
  resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'ci:deployer' },
  location: { file: '/elsewhere/rbac.yaml', line: 3, path: 'roleRef.name', documentIndex: 0 },
  message: 'ci:deployer binds cluster-admin (suppression expired 2025-01-31)',
  fingerprint: '3333333333333333',
  expiredSuppression: { kind: 'exception', reason: 'migration', expires: '2025-01-31', source: 'exceptions.yaml#exceptions[0]' },
});

/** Suppressed by an annotation, with a reason full of markup. */
export const suppressedBinding = finding(R, {
  messageId: 'binding',
  resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'ops' },
  location: { file: 'rbac.yaml', line: 4, column: 3, path: 'roleRef.name', documentIndex: 1 },
  message: 'ops binds cluster-admin',
  fingerprint: '4444444444444444',
  suppression: { kind: 'annotation', reason: `break-glass ${NASTY}`, expires: '2099-12-31', source: 'ClusterRoleBinding/ops metadata.annotations["kubefort.io/ignore"]' },
});

/** Suppressed by the exceptions file; read from stdin. */
export const suppressedBatch = finding(W, {
  messageId: 'privileged',
  resource: { apiVersion: 'batch/v1', kind: 'Job', namespace: 'ops', name: 'batch' },
  location: { file: '<stdin>', line: 9, column: 11, path: 'spec.template.spec.containers[0].securityContext.privileged', documentIndex: 0 },
  message: 'container "batch" runs privileged',
  fingerprint: '5555555555555555',
  suppression: { kind: 'exception', reason: 'node agent', owner: 'platform-team', source: 'exceptions.yaml#exceptions[1]' },
});

export const ERRORS_FIXTURE = [
  scanError('KF_ERR_YAML_PARSE', `bad indentation of a mapping entry ${NASTY} near "\u0001\u001b"`, { file: 'deploy/broken.yaml', documentIndex: 1, line: 5, column: 3 }),
  scanError('KF_ERR_BAD_ANNOTATION', 'kubefort.io/ignore needs a kubefort.io/ignore-reason annotation; the suppression is not applied', {
    file: 'deploy/web app.yaml',
    documentIndex: 0,
    line: 6,
    column: 5,
    object: 'prod/Deployment/web',
  }),
  scanError('KF_ERR_CHECK_FAILED', 'check KF-N-001 (namespace-without-default-deny) failed: boom'),
  scanError('KF_WARN_UNKNOWN_KIND', 'no check inspects kind Widget (2 objects)', { file: 'crds/widget.yaml' }),
];

const findings = [privilegedPod, privilegedWeb, liveNamespace, expiredBinding];
const suppressed = [suppressedBinding, suppressedBatch];

export const FULL: ScanResult = {
  apiVersion: 'kubefort.io/v1alpha1',
  kind: 'ScanResult',
  tool: { name: 'kubefort', version: '0.1.0' },
  startedAt: '2026-03-01T12:00:00.000Z',
  durationMs: 42,
  target: { type: 'manifests', paths: ['deploy', '-'] },
  summary: summarise(9, findings, suppressed.length, ERRORS_FIXTURE),
  findings,
  suppressed,
  errors: ERRORS_FIXTURE,
  checks: CATALOGUE.map((c) => c.id),
};

export const EMPTY: ScanResult = {
  apiVersion: 'kubefort.io/v1alpha1',
  kind: 'ScanResult',
  tool: { name: 'kubefort', version: '0.1.0' },
  startedAt: '2026-03-01T12:00:00.000Z',
  durationMs: 1,
  target: { type: 'cluster', context: 'kind-kind' },
  summary: summarise(0, [], 0, []),
  findings: [],
  suppressed: [],
  errors: [],
  checks: ['KF-W-001'],
};
