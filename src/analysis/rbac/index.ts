/** RBAC analysis: the exact authorizer, who-can, effective permissions, escalation paths, least privilege from audit logs. */
export * from './match.js';
export * from './model.js';
export * from './identity.js';
export * from './authorizer.js';
export * from './escalation.js';
export * from './audit.js';
export * from './bootstrap.js';

import type { Inventory } from '../../core/inventory.js';
import { RbacAuthorizer } from './authorizer.js';
import { EscalationGraph } from './escalation.js';
import { rbacObjects } from './model.js';

const graphs = new WeakMap<Inventory, EscalationGraph>();

/** The escalation graph of an inventory, built once and shared by every check that asks (as `netpolEngine`). */
export function escalationGraph(inventory: Inventory): EscalationGraph {
  let graph = graphs.get(inventory);
  if (graph === undefined) {
    graph = new EscalationGraph(new RbacAuthorizer(rbacObjects(inventory)), inventory);
    graphs.set(inventory, graph);
  }
  return graph;
}
