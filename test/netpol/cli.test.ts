import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubefort } from '../support/cli.js';
import { FIXTURE } from './helpers.js';

const F = ['-f', `${FIXTURE}/namespaces.yaml`, '-f', `${FIXTURE}/workloads.yaml`, '-f', `${FIXTURE}/policies.yaml`];

describe('kubefort netpol reach', () => {
  it('explains an allow through a named port resolved on the destination', () => {
    const run = kubefort(['netpol', 'reach', ...F, '--from', 'shop/frontend', '--to', 'shop/backend', '--port', '8443/TCP']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('shop/frontend[Deployment] => shop/backend[Deployment] on TCP 8443: ALLOWED');
    expect(run.stdout).toContain('✓ shop/frontend-egress spec.egress[0]: peer matches (spec.egress[0].to[0]: namespace shop AND podSelector app=backend); ports TCP/http (named port) → TCP 8443');
    expect(run.stdout).toContain('✓ shop/backend-ingress spec.ingress[0]: peer matches (spec.ingress[0].from[0]: namespace shop AND podSelector app=frontend); ports TCP/http (named port) → TCP 8443');
  });

  it('explains a deny by an AND peer (namespaceSelector and podSelector in one peer)', () => {
    const run = kubefort(['netpol', 'reach', ...F, '--from', 'tools/debug', '--to', 'shop/backend', '--port', 'metrics/TCP']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('tools/debug[Pod] => shop/backend[Deployment] on TCP 9090: DENIED');
    expect(run.stdout).toContain('egress  of tools/debug: allows TCP 9090');
    expect(run.stdout).toContain('not isolated for egress');
    expect(run.stdout).toContain('spec.ingress[1].from[0] namespaceSelector team=ops AND podSelector app=prometheus: namespace tools {team=dev,kubernetes.io/metadata.name=tools} does not match the namespaceSelector (namespaceSelector and podSelector in ONE peer are ANDed)');
    expect(run.stdout).toContain('⇒ ingress denied: shop/backend[Deployment] is isolated for ingress and no ingress rule allows TCP 9090');
  });

  it('explains an allow by an OR peer (two peers) and a deny on both sides', () => {
    const or = kubefort(['netpol', 'reach', ...F, '--from', 'monitoring/grafana', '--to', 'shop/db']);
    expect(or.code).toBe(0);
    expect(or.stdout).toContain('monitoring/grafana[Deployment] => shop/db[StatefulSet]: ALLOWED (TCP 9187)');
    expect(or.stdout).toContain('✓ shop/db-ingress spec.ingress[1]: peer matches (spec.ingress[1].from[0]: namespaceSelector team=ops); ports TCP/exporter (named port) → TCP 9187');
    const both = kubefort(['netpol', 'reach', ...F, '--from', 'shop/frontend', '--to', 'shop/db', '--port', '5432']);
    expect(both.code).toBe(1);
    expect(both.stdout).toContain('⇒ egress denied: shop/frontend[Deployment] is isolated for egress');
    expect(both.stdout).toContain('⇒ ingress denied: shop/db[StatefulSet] is isolated for ingress');
  });

  it('prints JSON with -o json', () => {
    const run = kubefort(['netpol', 'reach', ...F, '--from', 'shop/backend', '--to', 'shop/db', '-o', 'json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { kind: string; verdict: string; allowed: string; pairs: { ingress: { policies: string[] } }[] };
    expect(out).toMatchObject({ kind: 'NetpolReach', verdict: 'allowed', allowed: 'TCP 5432' });
    expect(out.pairs[0]?.ingress.policies).toEqual(['shop/default-deny', 'shop/db-ingress']);
  });

  it('reaches addresses outside the cluster', () => {
    const run = kubefort(['netpol', 'reach', ...F, '--from', 'tools/debug', '--to', '169.254.169.254']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('tools/debug[Pod] => 169.254.169.254: ALLOWED (All Connections)');
  });

  it('fails with exit 2 on an unknown workload or a bad port', () => {
    expect(kubefort(['netpol', 'reach', ...F, '--from', 'shop/nope', '--to', 'shop/db']).code).toBe(2);
    expect(kubefort(['netpol', 'reach', ...F, '--from', 'shop/frontend', '--to', 'shop/db', '--port', '70000']).code).toBe(2);
    expect(kubefort(['netpol', 'reach', ...F, '--from', 'shop/frontend', '--to', 'shop/db', '--port', 'nope/TCP']).stderr).toContain('no TCP port named "nope"');
  });
});

describe('kubefort netpol matrix', () => {
  const expected = [
    '0.0.0.0-255.255.255.255[External] => monitoring/grafana[Deployment] : All Connections',
    'monitoring/grafana[Deployment] => shop/db[StatefulSet] : TCP 9187',
    'monitoring/prometheus[Deployment] => shop/backend[Deployment] : TCP 9090',
    'shop/backend[Deployment] => shop/db[StatefulSet] : TCP 5432',
    'shop/frontend[Deployment] => shop/backend[Deployment] : TCP 8443',
  ];

  it('lists connections in the analyser text convention', () => {
    const run = kubefort(['netpol', 'matrix', '-f', FIXTURE]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    for (const l of expected) expect(lines).toContain(l);
    expect(lines).toHaveLength(17);
    expect(lines.some((l) => l.includes('=> shop/frontend'))).toBe(false);
  });

  it('prints json, csv, md and dot', () => {
    const json = JSON.parse(kubefort(['netpol', 'matrix', '-f', FIXTURE, '-o', 'json']).stdout) as { src: string; dst: string; conn: string }[];
    expect(json).toContainEqual({ src: 'shop/frontend[Deployment]', dst: 'shop/backend[Deployment]', conn: 'TCP 8443' });
    expect(kubefort(['netpol', 'matrix', '-f', FIXTURE, '-o', 'csv']).stdout).toContain('src,dst,conn\n0.0.0.0-255.255.255.255[External],monitoring/grafana[Deployment],All Connections\n');
    expect(kubefort(['netpol', 'matrix', '-f', FIXTURE, '-o', 'md']).stdout).toContain('| shop/frontend[Deployment] | shop/backend[Deployment] | TCP 8443 |');
    expect(kubefort(['netpol', 'matrix', '-f', FIXTURE, '-o', 'dot']).stdout).toContain('\t"shop/frontend[Deployment]" -> "shop/backend[Deployment]" [label="TCP 8443"');
  });

  it('adds the exposure analysis', () => {
    const text = kubefort(['netpol', 'matrix', '-f', FIXTURE, '--exposure']).stdout;
    expect(text).toContain('Exposure analysis');
    expect(text).toMatch(/tools\/debug\[Pod\]\n {2}ingress \(NOT isolated\)\n {4}from the entire cluster: All Connections/);
    const json = JSON.parse(kubefort(['netpol', 'matrix', '-f', FIXTURE, '--exposure', '-o', 'json', '--api-server', '10.96.0.1']).stdout) as {
      exposure: { workload: string; egress: { metadata: string; apiServer: { address: string; conns: string } } }[];
    };
    const frontend = json.exposure.find((e) => e.workload === 'shop/frontend[Deployment]');
    expect(frontend?.egress).toMatchObject({ metadata: 'No Connections', apiServer: { address: '10.96.0.1', conns: 'No Connections' } });
    const debug = json.exposure.find((e) => e.workload === 'tools/debug[Pod]');
    expect(debug?.egress.metadata).toBe('All Connections');
  });

  const dump = '../shared/conformance/netpol/semanticDiff-same-topologies-old1/input';
  it.skipIf(!existsSync(dump))('reads raw API list dumps whose items have no kind', () => {
    const run = kubefort(['netpol', 'matrix', '-f', dump]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('demo/cog-agents-account-query[DaemonSet] => demo/cog-agents-bank-ui[DaemonSet] : TCP 8080');
  });
});
