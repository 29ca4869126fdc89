import { describe, expect, it } from 'vitest';
import { explainReach, generatePolicies, NetpolEngine, parseFlow, verifyGenerated, buildNetworkModel, type NetWorkload } from '../../src/analysis/netpol/index.js';
import { Inventory } from '../../src/core/inventory.js';
import { liveResource } from '../../src/core/resource.js';
import { kubefort } from '../support/cli.js';
import { FIXTURE, fixtureInventory } from './helpers.js';

const inventory = fixtureInventory(FIXTURE);
const engine = new NetpolEngine(buildNetworkModel(inventory));
const services = [
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'shop' }, spec: { selector: { app: 'db' }, ports: [{ port: 5432, targetPort: 'pg' }] } },
];

function apply(options: Parameters<typeof generatePolicies>[1]) {
  const generated = generatePolicies(engine, options);
  const after = new NetpolEngine(buildNetworkModel(new Inventory([...inventory.resources, ...generated.map((o) => liveResource(o))])));
  return { generated, after, check: verifyGenerated(after, options) };
}

const workload = (e: NetpolEngine, id: string) => ({ type: 'workload', workload: e.model.workloads.find((w) => w.id === id) as NetWorkload }) as const;

describe('generated policies', () => {
  it('lock a namespace down and keep exactly the listed flows working (checked by the engine)', () => {
    const flows = ['monitoring/grafana>shop/db:exporter', 'monitoring/grafana>shop/svc/db', 'tools/debug>shop/backend:metrics/TCP'].map((f) => parseFlow(f, engine, services));
    const { generated, after, check } = apply({ namespaces: ['tools'], flows, dns: true });
    expect(generated.map((p) => p.metadata.name)).toEqual(['kubefort-default-deny', 'kubefort-allow-dns', 'kubefort-allow-egress-debug-to-backend']);
    expect(check.flows.map((f) => [f.flow, f.ok, f.missing.toString()])).toEqual([
      ['monitoring/grafana>shop/db:exporter', true, 'No Connections'], // already allowed by shop/db-ingress (OR peer); nothing generated
      ['monitoring/grafana>shop/svc/db', false, 'TCP 5432'], // the Service's target port "pg" is open to the backend only
      ['tools/debug>shop/backend:metrics/TCP', false, 'TCP 9090'], // shop/backend's ingress (AND peer) still denies it: shop is not chosen
    ]);
    expect(explainReach(after, workload(after, 'tools/debug[Pod]'), workload(after, 'monitoring/grafana[Deployment]')).verdict).toBe('denied');
  });

  it('open both sides when both namespaces are chosen, with named ports kept as names', () => {
    const flows = [parseFlow('tools/debug>shop/backend:metrics', engine, services), parseFlow('internet>shop/frontend:http', engine, services)];
    const { generated, after, check } = apply({ namespaces: ['shop', 'tools'], flows });
    expect(check.flows.every((f) => f.ok)).toBe(true);
    const ingress = generated.find((p) => p.metadata.name === 'kubefort-allow-ingress-backend-from-debug');
    expect(ingress?.spec).toEqual({
      podSelector: { matchLabels: { app: 'backend' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } }, podSelector: { matchLabels: { app: 'prometheus' } } }], ports: [{ protocol: 'TCP', port: 'metrics' }] }],
    });
    expect(generated.some((p) => p.metadata.name === 'kubefort-allow-ingress-frontend-from-internet')).toBe(true);
    const lines = check.allowed.map((e) => `${e.src} => ${e.dst} : ${e.conns.toString()}`);
    expect(lines).toContain('tools/debug[Pod] => shop/backend[Deployment] : TCP 9090');
    expect(lines).toContain('0.0.0.0-255.255.255.255[External] => shop/frontend[Deployment] : TCP 8080');
    expect(lines.some((l) => l.startsWith('tools/debug[Pod] => monitoring'))).toBe(false);
    expect(explainReach(after, workload(after, 'tools/debug[Pod]'), workload(after, 'shop/db[StatefulSet]')).verdict).toBe('denied');
  });

  it('rejects malformed flows', () => {
    expect(() => parseFlow('shop/frontend-shop/backend', engine, services)).toThrow(/FROM>TO/);
    expect(() => parseFlow('shop/nope>shop/backend', engine, services)).toThrow(/no workload shop\/nope/);
    expect(() => parseFlow('internet>10.0.0.0/8', engine, services)).toThrow(/one end must be in the cluster/);
    expect(() => parseFlow('shop/frontend>shop/backend:99999', engine, services)).toThrow(/out of range/);
  });
});

describe('kubefort netpol generate', () => {
  it('prints verified YAML, and exits 1 when a flow stays denied', () => {
    const ok = kubefort(['netpol', 'generate', '-f', FIXTURE, '-n', 'shop', '--flow', 'shop/frontend>shop/backend:http']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('#   flow shop/frontend>shop/backend:http: allowed (TCP 8443)');
    expect(ok.stdout).toContain('name: kubefort-allow-egress-frontend-to-backend');
    const denied = kubefort(['netpol', 'generate', '-f', FIXTURE, '-n', 'tools', '--flow', 'tools/debug>shop/db:5432']);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('flow tools/debug>shop/db:5432 is not fully allowed');
    const json = JSON.parse(kubefort(['netpol', 'generate', '-f', FIXTURE, '-n', 'tools', '-o', 'json']).stdout) as { items: { metadata: { name: string } }[] };
    expect(json.items.map((i) => i.metadata.name)).toEqual(['kubefort-default-deny', 'kubefort-allow-dns']);
  });

  it('stops with a one-line error, exit 2 and no policies when the flows file cannot be read', () => {
    const missing = kubefort(['netpol', 'generate', '-f', FIXTURE, '-n', 'shop', '--flows', '/nonexistent/flows.txt']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim()).toMatch(/^kubefort: KF_ERR_READ: cannot read the flows file \/nonexistent\/flows\.txt: ENOENT/);
    expect(missing.stderr).not.toContain('    at ');
  });
});
