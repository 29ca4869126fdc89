/** Kubernetes' own RBAC objects (bootstrap policy), which checks and recorded paths report at info. */
import type { Inventory } from '../../core/inventory.js';
import type { Resource } from '../../core/resource.js';
import { obj, record, str } from '../../core/shape.js';

const metadataShape = obj({ metadata: obj({ labels: record(str) }) });
const BOOTSTRAP_ROLE_NAMES = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/**
 * Kubernetes' own RBAC objects, created and reconciled by the API server: labelled
 * `kubernetes.io/bootstrapping: rbac-defaults` and named `system:…` or one of the user-facing
 * roles. Both conditions, so a label alone does not downgrade a custom role.
 */
export function isKubernetesDefault(inventory: Inventory, resource: Resource): boolean {
  const labels = inventory.read(resource, metadataShape)?.metadata?.labels;
  if (labels?.['kubernetes.io/bootstrapping'] !== 'rbac-defaults') return false;
  const name = resource.ref.name;
  return name.startsWith('system:') || BOOTSTRAP_ROLE_NAMES.has(name);
}

