/**
 * The lazy paths of the engine (single class cells, per-class external rows, address
 * egress) must agree exactly with the class matrix and with explainReach: checks and
 * exposure use the lazy paths, `netpol matrix` the matrix.
 */
import { describe, expect, it } from 'vitest';
import { addressEgress, exposureToJSON, workloadExposure, METADATA_ADDRESS } from '../../src/analysis/netpol/exposure.js';
import { explainReach } from '../../src/analysis/netpol/explain.js';
import { NetpolEngine } from '../../src/analysis/netpol/engine.js';
import { buildNetworkModel } from '../../src/analysis/netpol/model.js';
import { Inventory } from '../../src/core/inventory.js';
import { liveResource, type KubeObject } from '../../src/core/resource.js';
import { FIXTURE, fixtureInventory } from './helpers.js';
import { mulberry32 } from '../../bench/prng.js';

const APPS = ['web', 'api', 'db', 'dns'];
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '169.254.0.0/16', '169.254.169.254/32', '192.168.1.0/24'];

/** A random estate: every kind of peer, named and numeric ports, both directions, kube-system pods. */
function randomEstate(seed: number): Inventory {
  const rand = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const objects: KubeObject[] = [];
  const namespaces = ['a', 'b', 'c', 'kube-system'];
  for (const ns of namespaces) {
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: pick(['x', 'y']) } } });
    for (let i = 0; i < 4; i++) {
      const app = pick(APPS);
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${app}-${i}`, namespace: ns, labels: rand() < 0.2 ? { app } : { app, tier: pick(['front', 'back']) } },
        spec: { containers: [{ name: 'c', image: 'busybox:1.36', ports: [{ name: 'http', containerPort: pick([8080, 8443]) }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }] },
      });
    }
  }
  const selector = (): Record<string, unknown> => (rand() < 0.3 ? {} : rand() < 0.7 ? { matchLabels: { app: pick(APPS) } } : { matchExpressions: [{ key: 'tier', operator: pick(['In', 'NotIn']), values: ['front'] }] });
  const peer = (): Record<string, unknown> => {
    const r = rand();
    if (r < 0.25) return { podSelector: selector() };
    if (r < 0.45) return { namespaceSelector: rand() < 0.3 ? {} : { matchLabels: { team: pick(['x', 'y']) } } };
    if (r < 0.65) return { namespaceSelector: { matchLabels: { team: pick(['x', 'y']) } }, podSelector: selector() };
    const cidr = pick(CIDRS);
    return cidr === '0.0.0.0/0' && rand() < 0.5 ? { ipBlock: { cidr, except: ['169.254.169.254/32'] } } : { ipBlock: { cidr } };
  };
  const rule = (direction: 'from' | 'to'): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (rand() < 0.8) out[direction] = Array.from({ length: 1 + Math.floor(rand() * 2) }, peer);
    if (rand() < 0.7) out.ports = [pick([{ port: 'http' }, { port: 53, protocol: 'UDP' }, { port: 'dns', protocol: 'UDP' }, { port: 8000, endPort: 8500 }, { protocol: 'TCP' }])];
    return out;
  };
  for (let k = 0; k < 12; k++) {
    const spec: Record<string, unknown> = { podSelector: selector() };
    const types = pick([['Ingress'], ['Egress'], ['Ingress', 'Egress'], undefined]);
    if (types !== undefined) spec.policyTypes = types;
    if (rand() < 0.8) spec.ingress = Array.from({ length: Math.floor(rand() * 3) }, () => rule('from'));
    if (rand() < 0.8) spec.egress = Array.from({ length: Math.floor(rand() * 3) }, () => rule('to'));
    objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `p${k}`, namespace: pick(namespaces) }, spec });
  }
  return new Inventory(objects.map((o) => liveResource(o)));
}

function agree(inventory: Inventory): void {
  const lazy = new NetpolEngine(buildNetworkModel(inventory));
  const full = new NetpolEngine(buildNetworkModel(inventory));
  const { final, extIn, extOut } = full.classMatrix();
  const C = full.classes.length;
  const A = full.atoms.length;
  const text = (e: NetpolEngine, id: number) => e.table.get(id).toString();
  for (let s = 0; s < C; s++) {
    for (let d = 0; d < C; d++) expect(text(lazy, lazy.classConns(s, d)), `class ${s} → ${d}`).toBe(text(full, final[s * C + d] as number));
    for (let a = 0; a < A; a++) {
      expect(text(lazy, lazy.externalRow(s, 'ingress')[a] as number)).toBe(text(full, extIn[s * A + a] as number));
      expect(text(lazy, lazy.externalRow(s, 'egress')[a] as number)).toBe(text(full, extOut[s * A + a] as number));
    }
  }
  for (const w of lazy.model.workloads) {
    for (const options of [{}, { apiServer: 10 * 2 ** 24 + 1 }]) {
      expect(exposureToJSON([workloadExposure(lazy, w, options)])).toEqual(exposureToJSON([workloadExposure(full, w, options)]));
    }
    for (const address of [METADATA_ADDRESS, 10 * 2 ** 24 + 5, 8 * 2 ** 24 + 8]) {
      const reach = explainReach(lazy, { type: 'workload', workload: w }, { type: 'address', address });
      const fast = addressEgress(lazy, w, address);
      expect(fast.allowed.toString()).toBe(reach.allowed.toString());
      expect(fast.isolated).toBe(reach.pairs.every((p) => p.egress.isolated));
      expect(fast.rules).toEqual([...new Set(reach.pairs.flatMap((p) => p.egress.rules.filter((r) => !r.allows.isEmpty).map((r) => `${r.policy} ${r.rule}`)))]);
    }
  }
}

describe('lazy engine paths agree with the class matrix and explainReach', () => {
  it('on the AND / OR / named-port fixture', () => agree(fixtureInventory(FIXTURE)));
  it('on 40 random estates', () => {
    for (let seed = 1; seed <= 40; seed++) agree(randomEstate(seed));
  });
});
