/**
 * NetworkPolicy analysis: the network model, the connectivity engine, explanations,
 * exposure, connection lists and generated policies. Pure: no I/O.
 */
import type { Inventory } from '../../core/inventory.js';
import { NetpolEngine } from './engine.js';
import { buildNetworkModel } from './model.js';

export * from './conns.js';
export * from './ipv4.js';
export * from './model.js';
export * from './engine.js';
export * from './explain.js';
export * from './exposure.js';
export * from './connlist.js';
export * from './cni.js';
export * from './generate.js';

const cache = new WeakMap<Inventory, NetpolEngine>();

/** The engine for an inventory, built once and shared by every check and command that asks. */
export function netpolEngine(inventory: Inventory): NetpolEngine {
  let engine = cache.get(inventory);
  if (engine === undefined) {
    engine = new NetpolEngine(buildNetworkModel(inventory));
    cache.set(inventory, engine);
  }
  return engine;
}
