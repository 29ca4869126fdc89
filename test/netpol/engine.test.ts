import { describe, expect, it } from 'vitest';
import { NetpolEngine } from '../../src/analysis/netpol/engine.js';
import { buildNetworkModel } from '../../src/analysis/netpol/model.js';
import { between, connlist, engineOf, FIXTURE, fixtureInventory } from './helpers.js';

const ns = (name: string, labels = '{}') => `
apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: ${labels}}
---`;
const pod = (namespace: string, name: string, labels: string, ports = '[]') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: ${labels}}
spec:
  containers: [{name: c, image: busybox:1.36, ports: ${ports}}]
---`;
const policy = (namespace: string, name: string, spec: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${namespace}}
spec: ${spec}
---`;

const A = 'a/x[Pod]';
const B = 'a/y[Pod]';
const OTHER = 'b/z[Pod]';
const base = ns('a', '{team: a}') + ns('b', '{team: b}') + pod('a', 'x', '{app: x}') + pod('a', 'y', '{app: y}', '[{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]') + pod('b', 'z', '{app: x}');

describe('isolation and defaults', () => {
  it('allows everything when no policy exists (default allow)', () => {
    const e = engineOf(base);
    expect(between(e, A, B)).toBe('All Connections');
    expect(connlist(e)).toContain('0.0.0.0-255.255.255.255[External] => a/y[Pod] : All Connections');
    expect(connlist(e)).toContain('a/y[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections');
  });

  it('isolates only the selected pods, per direction', () => {
    const e = engineOf(base + policy('a', 'deny-y', '{podSelector: {matchLabels: {app: y}}, policyTypes: [Ingress]}'));
    expect(between(e, A, B)).toBe('No Connections');
    expect(between(e, B, A)).toBe('All Connections'); // y's egress is not isolated
    expect(between(e, OTHER, A)).toBe('All Connections');
  });

  it('a policy without policyTypes and without egress denies only ingress (pitfall: "egress deny-all" without Egress)', () => {
    const e = engineOf(base + policy('a', 'deny', '{podSelector: {}}'));
    expect(between(e, OTHER, A)).toBe('No Connections');
    expect(between(e, A, OTHER)).toBe('All Connections');
  });

  it('policyTypes defaults to Ingress + Egress when egress rules are present', () => {
    const e = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: x}}, egress: [{ports: [{port: 53, protocol: UDP}]}]}'));
    expect(between(e, A, OTHER)).toBe('UDP 53');
    expect(between(e, OTHER, A)).toBe('No Connections'); // Ingress is implied, with no ingress rules
  });

  it('`egress: []` does not imply Egress; explicit policyTypes [Egress] ignores ingress rules', () => {
    const e1 = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: x}}, egress: []}'));
    expect(between(e1, A, OTHER)).toBe('All Connections');
    const e2 = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: x}}, policyTypes: [Egress], ingress: [{}]}'));
    expect(between(e2, A, OTHER)).toBe('No Connections');
    expect(between(e2, OTHER, A)).toBe('All Connections');
  });

  it('`ingress: [{}]` allows everything while `ingress: []` allows nothing', () => {
    expect(between(engineOf(base + policy('a', 'p', '{podSelector: {}, ingress: [{}]}')), OTHER, A)).toBe('All Connections');
    expect(between(engineOf(base + policy('a', 'p', '{podSelector: {}, ingress: []}')), OTHER, A)).toBe('No Connections');
  });

  it('needs both the source egress and the destination ingress', () => {
    const e = engineOf(
      base +
        policy('a', 'x-egress', '{podSelector: {matchLabels: {app: x}}, policyTypes: [Egress], egress: [{ports: [{port: 80}, {port: 443}]}]}') +
        policy('a', 'y-ingress', '{podSelector: {matchLabels: {app: y}}, ingress: [{ports: [{port: 443}, {port: 8443}]}]}'),
    );
    expect(between(e, A, B)).toBe('TCP 443');
  });

  it('policies are additive: the union of every selecting policy', () => {
    const e = engineOf(base + policy('a', 'p1', '{podSelector: {}, ingress: [{ports: [{port: 80}]}]}') + policy('a', 'p2', '{podSelector: {matchLabels: {app: y}}, ingress: [{ports: [{port: 53, protocol: UDP}]}]}'));
    expect(between(e, OTHER, B)).toBe('TCP 80,UDP 53');
    expect(between(e, OTHER, A)).toBe('TCP 80');
  });
});

describe('peers', () => {
  it('podSelector alone selects pods of the policy namespace only', () => {
    const e = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: y}}, ingress: [{from: [{podSelector: {matchLabels: {app: x}}}]}]}'));
    expect(between(e, A, B)).toBe('All Connections');
    expect(between(e, OTHER, B)).toBe('No Connections'); // b/z has app=x but lives in namespace b
  });

  it('namespaceSelector {} selects every pod of every namespace; podSelector {} alone only the policy namespace', () => {
    const all = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: y}}, ingress: [{from: [{namespaceSelector: {}}]}]}'));
    expect(between(all, OTHER, B)).toBe('All Connections');
    expect(connlist(all)).not.toContain('0.0.0.0-255.255.255.255[External] => a/y[Pod] : All Connections');
    const local = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: y}}, ingress: [{from: [{podSelector: {}}]}]}'));
    expect(between(local, OTHER, B)).toBe('No Connections');
    expect(between(local, A, B)).toBe('All Connections');
  });

  it('namespaceSelector and podSelector in ONE peer are ANDed; in two peers ORed', () => {
    const and = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: y}}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: b}}, podSelector: {matchLabels: {app: nope}}}]}]}'));
    expect(between(and, OTHER, B)).toBe('No Connections');
    const or = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: y}}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: b}}}, {podSelector: {matchLabels: {app: nope}}}]}]}'));
    expect(between(or, OTHER, B)).toBe('All Connections');
    expect(between(or, A, B)).toBe('No Connections');
  });

  it('a namespace that is referenced but not declared has only its kubernetes.io/metadata.name label', () => {
    const yaml = pod('c', 'w', '{app: w}') + pod('a', 'y', '{app: y}');
    const byName = engineOf(yaml + policy('a', 'p', '{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: c}}}]}]}'));
    expect(between(byName, 'c/w[Pod]', B)).toBe('All Connections');
    const byTeam = engineOf(yaml + policy('a', 'p', '{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: c}}}]}]}'));
    expect(between(byTeam, 'c/w[Pod]', B)).toBe('No Connections');
  });

  it('matchExpressions select like the API server (In, NotIn, Exists, DoesNotExist)', () => {
    const e = engineOf(base + policy('a', 'p', '{podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [x]}]}, ingress: [{from: [{namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [b]}]}}]}]}'));
    expect(between(e, OTHER, B)).toBe('All Connections');
    expect(between(e, A, B)).toBe('No Connections');
    expect(between(e, OTHER, A)).toBe('All Connections'); // a/x is not selected (app NotIn [x] is false)
  });

  it('ipBlock with except covers addresses outside the cluster, split at the ipBlock boundaries, and not pods', () => {
    const e = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: y}}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}], ports: [{port: 443}]}]}'));
    const lines = connlist(e).filter((l) => l.endsWith('=> a/y[Pod] : TCP 443') || l.includes('=> a/y[Pod]'));
    expect(lines).toEqual(['10.0.0.0-10.0.255.255[External] => a/y[Pod] : TCP 443', '10.2.0.0-10.255.255.255[External] => a/y[Pod] : TCP 443']);
    expect(between(e, A, B)).toBe('No Connections'); // 0.0.0.0/0 style blocks do not match pods here
  });

  it('an egress ipBlock rule allows only the external range', () => {
    const e = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: x}}, policyTypes: [Egress], egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]}'));
    expect(between(e, A, B)).toBe('No Connections');
    expect(connlist(e).filter((l) => l.startsWith('a/x[Pod] =>'))).toEqual(['a/x[Pod] => 0.0.0.0-169.254.169.253[External] : All Connections', 'a/x[Pod] => 169.254.169.255-255.255.255.255[External] : All Connections']);
  });
});

describe('ports', () => {
  it('a port without protocol is TCP; a protocol without port is every port of it; empty ports are all', () => {
    const e = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: y}}, ingress: [{ports: [{port: 80}, {protocol: SCTP}]}]}'));
    expect(between(e, A, B)).toBe('SCTP 1-65535,TCP 80');
  });

  it('endPort makes a range', () => {
    const e = engineOf(base + policy('a', 'p', '{podSelector: {matchLabels: {app: y}}, ingress: [{ports: [{port: 32000, endPort: 32768, protocol: UDP}]}]}'));
    expect(between(e, A, B)).toBe('UDP 32000-32768');
  });

  it('named ports are resolved on the destination pod, per protocol', () => {
    const e = engineOf(base + policy('a', 'p', '{podSelector: {}, ingress: [{ports: [{port: http}, {port: dns, protocol: UDP}, {port: dns}]}]}'));
    expect(between(e, A, B)).toBe('TCP 8080,UDP 53'); // "dns" over TCP does not exist on y
    expect(between(e, B, A)).toBe('No Connections'); // x has no named ports
  });

  it('egress named ports are resolved on each destination pod', () => {
    const yaml = base + pod('b', 'w', '{app: w}', '[{name: http, containerPort: 9000}]');
    const e = engineOf(yaml + policy('a', 'p', '{podSelector: {matchLabels: {app: x}}, policyTypes: [Egress], egress: [{ports: [{port: http}]}]}'));
    expect(between(e, A, B)).toBe('TCP 8080');
    expect(between(e, A, 'b/w[Pod]')).toBe('TCP 9000');
    expect(between(e, A, OTHER)).toBe('No Connections');
    expect(connlist(e).some((l) => l.startsWith('a/x[Pod] => 0.0.0.0'))).toBe(false); // named ports never match an address
  });
});

describe('workloads and pods', () => {
  it('collapses pods to their top owner through ReplicaSet to Deployment, and keeps bare pods as [Pod]', () => {
    const yaml = `
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web-5d9f, namespace: a, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: nginx:1.27}]}}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-5d9f-abcde, namespace: a, labels: {app: web}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d9f, controller: true}]}
spec: {containers: [{name: c, image: nginx:1.27}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-5d9f-fghij, namespace: a, labels: {app: web}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d9f, controller: true}]}
spec: {containers: [{name: c, image: nginx:1.27}]}
---
apiVersion: v1
kind: Pod
metadata: {name: solo, namespace: a, labels: {app: solo}}
spec: {containers: [{name: c, image: nginx:1.27}]}
`;
    const e = engineOf(yaml);
    expect(e.model.workloads.map((w) => w.id).sort()).toEqual(['a/solo[Pod]', 'a/web[Deployment]']);
    expect(e.model.pods.map((p) => p.id).sort()).toEqual(['a/solo', 'a/web-5d9f-abcde', 'a/web-5d9f-fghij']);
    expect(connlist(e, 'pod')).toContain('a/web-5d9f-abcde => a/web-5d9f-fghij : All Connections');
    expect(connlist(e)).not.toContain('a/web[Deployment] => a/web[Deployment] : All Connections');
  });

  it('pods with the same labels share one class; templates of workloads are pods of their own', () => {
    const e = new NetpolEngine(buildNetworkModel(fixtureInventory(FIXTURE)));
    expect(e.model.workloads.map((w) => w.id).sort()).toEqual(['monitoring/grafana[Deployment]', 'monitoring/prometheus[Deployment]', 'shop/backend[Deployment]', 'shop/db[StatefulSet]', 'shop/frontend[Deployment]', 'tools/debug[Pod]']);
    expect(e.classes).toHaveLength(6);
  });
});

describe('the AND / OR / named-port fixture', () => {
  const e = new NetpolEngine(buildNetworkModel(fixtureInventory(FIXTURE)));
  it('computes the expected matrix', () => {
    const shop = connlist(e).filter((l) => l.includes('shop/'));
    expect(shop).toEqual([
      'monitoring/grafana[Deployment] => shop/db[StatefulSet] : TCP 9187',
      'monitoring/prometheus[Deployment] => shop/backend[Deployment] : TCP 9090',
      'monitoring/prometheus[Deployment] => shop/db[StatefulSet] : TCP 9187',
      'shop/backend[Deployment] => shop/db[StatefulSet] : TCP 5432',
      'shop/frontend[Deployment] => shop/backend[Deployment] : TCP 8443',
    ]);
  });
});
