import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NetpolEngine } from '../../src/analysis/netpol/engine.js';
import { buildNetworkModel } from '../../src/analysis/netpol/model.js';
import { Inventory } from '../../src/core/inventory.js';
import type { Resource } from '../../src/core/resource.js';
import { parseManifests } from '../../src/sources/manifests.js';

export function inventoryOf(yaml: string): Inventory {
  const load = parseManifests('case.yaml', yaml);
  if (load.errors.length > 0) throw new Error(load.errors.map((e) => e.message).join('; '));
  return new Inventory(load.resources);
}

export function engineOf(yaml: string): NetpolEngine {
  return new NetpolEngine(buildNetworkModel(inventoryOf(yaml)));
}

export function fixtureInventory(dir: string): Inventory {
  const resources: Resource[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(file)) continue;
    const load = parseManifests(join(dir, file), readFileSync(join(dir, file), 'utf8'));
    if (load.errors.length > 0) throw new Error(load.errors.map((e) => e.message).join('; '));
    resources.push(...load.resources);
  }
  return new Inventory(resources);
}

/** The workload-level connection list as `src => dst : conns` lines. */
export function connlist(engine: NetpolEngine, level: 'workload' | 'pod' = 'workload'): string[] {
  return engine.connections(level).map((e) => `${e.src} => ${e.dst} : ${e.conns.toString()}`);
}

/** Connections between two workloads (`No Connections` when none). */
export function between(engine: NetpolEngine, src: string, dst: string): string {
  const edge = engine.connections('workload').find((e) => e.src === src && e.dst === dst);
  return edge === undefined ? 'No Connections' : edge.conns.toString();
}

export const FIXTURE = 'test/fixtures/netpol/and-or-named-port';
