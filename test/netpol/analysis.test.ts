import { describe, expect, it } from 'vitest';
import { ConnSet } from '../../src/analysis/netpol/conns.js';
import { completeListItems } from '../../src/analysis/netpol/list-items.js';
import { detectCni, exposure, explainReach, METADATA_ADDRESS, parseIPv4, partition, parseCIDR, formatInterval, type NetWorkload } from '../../src/analysis/netpol/index.js';
import { engineOf, inventoryOf } from './helpers.js';

describe('connection sets', () => {
  it('are canonical, print like the analysers and parse back', () => {
    const set = ConnSet.parse('TCP 8080,80-81,UDP 53');
    expect(set.toString()).toBe('TCP 80-81,8080,UDP 53');
    expect(ConnSet.parse('SCTP 1-65535,TCP 1-65535,UDP 1-65535').isAll).toBe(true);
    expect(ConnSet.ALL.subtract(ConnSet.ports('TCP', 80)).toString()).toBe('SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535');
    expect(set.intersect(ConnSet.ports('TCP', 81, 9000)).toString()).toBe('TCP 81,8080');
    expect(ConnSet.NONE.toString()).toBe('No Connections');
    expect(set.toJSON()).toEqual({ TCP: ['80-81', '8080'], UDP: ['53'] });
  });

  it('splits the address space at ipBlock boundaries', () => {
    const atoms = partition([parseCIDR('10.0.0.0/8'), parseCIDR('10.1.0.0/16')].filter((x) => x !== undefined));
    expect(atoms.map(formatInterval)).toEqual(['0.0.0.0-9.255.255.255', '10.0.0.0-10.0.255.255', '10.1.0.0-10.1.255.255', '10.2.0.0-10.255.255.255', '11.0.0.0-255.255.255.255']);
    expect(parseCIDR('10.1.2.3/8')).toEqual(parseCIDR('10.0.0.0/8'));
    expect(parseIPv4('169.254.169.254')).toBe(METADATA_ADDRESS);
  });
});

describe('raw API list items', () => {
  it('get their kind from the list, and are left alone when complete', () => {
    const text = completeListItems('{"apiVersion":"v1","kind":"PodList","items":[{"metadata":{"name":"a"}}]}');
    expect(JSON.parse(text ?? '')).toEqual({ apiVersion: 'v1', kind: 'PodList', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' } }] });
    expect(completeListItems('apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Pod, metadata: {name: a}}]\n')).toBeUndefined();
  });
});

const yaml = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {containers: [{name: c, image: coredns}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{namespaceSelector: {}}], ports: [{port: http}]}, {from: [{ipBlock: {cidr: 203.0.113.0/24}}]}]
  egress:
    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
      ports: [{port: 443}]
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
      ports: [{port: 53, protocol: UDP}]
`;

describe('exposure', () => {
  const engine = engineOf(yaml);
  const web = exposure(engine, { apiServer: parseIPv4('10.0.0.1') as number }).find((e) => e.workload === 'shop/web[Pod]');

  it('tells what a workload accepts from the whole cluster and from outside', () => {
    expect(web?.ingress.isolated).toBe(true);
    expect(web?.ingress.fromEntireCluster.toString()).toBe('TCP 8080');
    expect(web?.ingress.fromOutside.map((r) => `${r.range} ${r.conns.toString()}`)).toEqual(['203.0.113.0-203.0.113.255 All Connections']);
  });

  it('tells whether it reaches the metadata address, the API server and kube-system', () => {
    expect(web?.egress.metadata.toString()).toBe('TCP 443'); // 0.0.0.0/0 without 169.254.169.254 in except
    expect(web?.egress.apiServer).toMatchObject({ address: '10.0.0.1' });
    expect(web?.egress.apiServer.conns.isEmpty).toBe(true); // 10.0.0.0/8 is excepted
    expect(web?.egress.kubeSystem.conns.toString()).toBe('UDP 53');
    expect(web?.egress.kubeSystem.workloads).toEqual(['kube-system/dns[Pod]']);
  });

  it('explains an address source and a denied egress', () => {
    const w = engine.model.workloads.find((x) => x.id === 'shop/web[Pod]') as NetWorkload;
    const dns = engine.model.workloads.find((x) => x.id === 'kube-system/dns[Pod]') as NetWorkload;
    const fromOutside = explainReach(engine, { type: 'address', address: parseIPv4('203.0.113.9') as number }, { type: 'workload', workload: w }, ConnSet.ports('TCP', 22));
    expect(fromOutside.verdict).toBe('allowed');
    expect(fromOutside.pairs[0]?.egress.note).toBe('addresses outside the cluster are not subject to NetworkPolicy');
    const tcpDns = explainReach(engine, { type: 'workload', workload: w }, { type: 'workload', workload: dns }, ConnSet.ports('TCP', 53));
    expect(tcpDns.verdict).toBe('denied');
    expect(tcpDns.pairs[0]?.egress.rules.map((r) => r.allows.toString())).toEqual(['No Connections', 'UDP 53']);
  });
});

describe('CNI detection', () => {
  it('recognises plugins from DaemonSet names and images', () => {
    const inv = inventoryOf(`
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: kube-flannel-ds, namespace: kube-flannel}
spec: {template: {spec: {containers: [{name: f, image: "ghcr.io/flannel-io/flannel:v0.26.1"}]}}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: antrea-agent, namespace: kube-system}
spec: {template: {spec: {containers: [{name: a, image: "antrea/antrea-agent-ubuntu:v2.1.0"}]}}}
`);
    expect(detectCni(inv).map((d) => [d.plugin.name, d.plugin.enforces])).toEqual([
      ['flannel', false],
      ['Antrea', true],
    ]);
  });
});
