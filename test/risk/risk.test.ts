import { describe, expect, it } from 'vitest';
import { Inventory } from '../../src/core/inventory.js';
import type { Finding } from '../../src/core/finding.js';
import { assessRisk, compareRisk, fixFirst, formatFixFirst, riskScore } from '../../src/engine/risk.js';
import { scanManifests, scanResources } from '../../src/engine/scan.js';
import { parseManifests } from '../../src/sources/manifests.js';
import privileged from '../../src/checks/workload/privileged-container.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatTable } from '../../src/report/table.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/report/formatter.js';

const FIXTURE = 'test/fixtures/risk';

const pod = (name: string, extra = '', labels = `{app: ${name}}`) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: team}
spec:
  template:
    metadata:
      labels: ${labels}
    spec:
${extra}      containers:
        - name: c
          image: c:1
          securityContext: {privileged: true}
`;

function scan(yaml: string, options: Parameters<typeof scanResources>[3] = {}) {
  const load = parseManifests('r.yaml', yaml);
  return scanResources(load.resources, load.errors, { type: 'manifests' }, { checks: [privileged], ...options });
}

function scoreOf(findings: readonly Finding[], name: string): number | undefined {
  return findings.find((f) => f.resource.name === name)?.risk?.score;
}

describe('risk score', () => {
  it('is severity points times factors, one decimal', () => {
    expect(riskScore('critical', 1)).toBe(10);
    expect(riskScore('high', 2 * 2 * 1.8)).toBe(50.4);
    expect(riskScore('info', 1.3)).toBe(0.7);
  });

  it('a privileged workload alone: severity and host factor, one reason', () => {
    const r = scan(`${pod('solo')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: team}
spec: {podSelector: {}, policyTypes: [Ingress]}
`);
    expect(r.findings[0]?.risk).toEqual({ score: 12.6, reasons: ['privileged container "c"'] });
  });

  it('no ingress NetworkPolicy: reachable from the whole cluster', () => {
    const r = scan(pod('open'));
    expect(r.findings[0]?.risk?.score).toBe(13.9);
    expect(r.findings[0]?.risk?.reasons[0]).toMatch(/every pod in the cluster/);
  });

  it('LoadBalancer and NodePort expose; an internal or source-restricted LoadBalancer does not', () => {
    const svc = (name: string, spec: string, annotations = '{}') => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: team, annotations: ${annotations}}
spec: {selector: {app: ${name}}, ${spec}}
`;
    const r = scan(
      pod('lb') + svc('lb', 'type: LoadBalancer') +
        `---\n${pod('np')}${svc('np', 'type: NodePort')}` +
        `---\n${pod('ranged')}${svc('ranged', 'type: LoadBalancer, loadBalancerSourceRanges: [10.0.0.0/8]')}` +
        `---\n${pod('internal')}${svc('internal', 'type: LoadBalancer', '{service.beta.kubernetes.io/aws-load-balancer-internal: "true"}')}`,
    );
    expect(scoreOf(r.findings, 'lb')).toBe(25.2);
    expect(scoreOf(r.findings, 'np')).toBe(25.2);
    expect(scoreOf(r.findings, 'ranged')).toBe(13.9);
    expect(scoreOf(r.findings, 'internal')).toBe(13.9);
    expect(r.findings.find((f) => f.resource.name === 'lb')?.risk?.reasons[0]).toBe('reachable from outside the cluster via LoadBalancer team/Service/lb (no NetworkPolicy blocks it)');
  });

  it('an exposure that NetworkPolicy blocks from outside counts less', () => {
    const r = scan(`${pod('web')}---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: team}
spec: {type: NodePort, selector: {app: web}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-team, namespace: team}
spec:
  podSelector: {}
  ingress: [{from: [{podSelector: {}}]}]
`);
    expect(r.findings[0]?.risk?.score).toBe(16.4);
    expect(r.findings[0]?.risk?.reasons[0]).toMatch(/NetworkPolicy admits no address outside the cluster/);
  });

  it('sensitive namespace by list, by Namespace label, by pod label', () => {
    const listed = scan(pod('a').replace('namespace: team', 'namespace: kube-system'));
    expect(listed.findings[0]?.risk?.reasons).toContain('in sensitive namespace kube-system');
    const labelled = scan(`apiVersion: v1\nkind: Namespace\nmetadata: {name: team, labels: {kubefort.io/sensitive: "true"}}\n---\n${pod('b')}`);
    expect(labelled.findings[0]?.risk?.reasons).toContain('in namespace team, labelled kubefort.io/sensitive=true');
    const podLabel = scan(pod('c', '', '{app: c, kubefort.io/sensitive: "true"}'));
    expect(podLabel.findings[0]?.risk?.reasons).toContain('workload labelled kubefort.io/sensitive=true');
  });
});

describe('risk on the fixture', () => {
  it('ranks the internet-exposed privileged workload with an escalation path first', async () => {
    const r = await scanManifests([FIXTURE], { today: '2026-06-01' });
    const top = fixFirst(r.findings, 5);
    expect(top[0]).toMatchObject({ checkId: 'KF-W-001', resource: { kind: 'Deployment', namespace: 'shop', name: 'storefront' }, score: 50.4 });
    expect(top[0]?.reason).toMatch(/^high severity; reachable from outside the cluster via LoadBalancer shop\/Service\/storefront .*escalation path \(KF-R-002.*privileged container "web"$/);
    // the binding and the Service borrow the storefront's context and follow it
    expect(top.slice(1, 3).map((e) => e.checkId).sort()).toEqual(['KF-N-001', 'KF-R-002']);
    expect(r.findings.find((f) => f.checkId === 'KF-R-002')?.risk?.via).toBe('grants rights to shop/Deployment/storefront');
    // the same check on an isolated workload without a token ranks far below
    expect(r.findings.find((f) => f.checkId === 'KF-W-001' && f.resource.name === 'reindex')?.risk).toEqual({ score: 12.6, reasons: ['privileged container "reindex"'] });
    // powerful but not escalating RBAC: secrets read
    expect(r.findings.find((f) => f.checkId === 'KF-R-004')?.risk?.score).toBe(21);
    expect(r.fixFirst).toHaveLength(10);
    expect(r.fixFirst?.[0]?.fingerprint).toBe(top[0]?.fingerprint);
  });

  it('reports carry a fix-first section', async () => {
    const r = await scanManifests([FIXTURE], { today: '2026-06-01' });
    const table = formatTable(r, DEFAULT_FORMAT_OPTIONS);
    expect(table.startsWith('Fix first (by risk: docs/risk.md)\n   1. [50.4] KF-W-001 Privileged container: shop/Deployment/storefront')).toBe(true);
    const md = formatMarkdown(r, DEFAULT_FORMAT_OPTIONS);
    expect(md).toContain('## Fix first');
    expect(md).toContain('| 1 | 50.4 | KF-W-001 Privileged container | `shop/Deployment/storefront` | container "web" runs privileged | high severity;');
    expect(formatFixFirst(r.fixFirst?.slice(0, 1) ?? [])[0]).toBe(' 1. [50.4] KF-W-001 Privileged container: shop/Deployment/storefront (test/fixtures/risk/shop.yaml:48)\n      what: container "web" runs privileged\n      why: ' + (r.fixFirst?.[0]?.reason ?? ''));
  });

  it('assessRisk keeps order and ties go to the workload itself', async () => {
    const r = await scanManifests([FIXTURE], { today: '2026-06-01' });
    const inventory = new Inventory(parseManifests('x.yaml', '').resources);
    const again = assessRisk(inventory, r.findings);
    expect(again.map((f) => f.fingerprint)).toEqual(r.findings.map((f) => f.fingerprint));
    const sorted = [...r.findings].sort(compareRisk);
    expect(sorted[0]?.risk?.via).toBeUndefined();
  });
});
