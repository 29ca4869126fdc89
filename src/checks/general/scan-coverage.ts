import { defineCheck } from '../../core/check.js';
import { syntheticResource, type Resource } from '../../core/resource.js';
import type { InventoryGap } from '../../core/inventory.js';

export default defineCheck({
  meta: {
    id: 'KF-G-001',
    name: 'scan-coverage',
    title: 'Objects kubefort could not read',
    area: 'general',
    severity: 'high',
    description:
      'When the API server refuses to list a kind, every check that reads it has nothing to look at. A scanner that treats a 403 as "no objects" reports confident passes; kubefort reports the gap instead.',
    remediation:
      'Bind kubefort to the ClusterRole in deploy/rbac.yaml (read-only, no Secret access):\n\n```sh\nkubectl apply -f deploy/rbac.yaml\n```\n\nIf the API is not served by this cluster (HTTP 404), nothing needs fixing.',
    frameworks: [],
    messages: {
      denied: 'could not verify {{kind}} objects{{scope}}: kubefort lacks permission to list {{resource}} (HTTP {{status}}: {{reason}})',
      notServed: 'the API server does not serve {{resource}} ({{apiVersion}}){{scope}}; checks of {{kind}} objects did not run',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const gap of inventory.gaps) {
      const data = {
        kind: gap.kind,
        resource: gap.resource,
        apiVersion: gap.apiVersion,
        status: gap.status,
        reason: gap.reason,
        scope: gap.namespace === undefined ? '' : ` in namespace ${gap.namespace}`,
      };
      if (gap.status === 404) report({ messageId: 'notServed', data, resource: gapResource(gap), severity: 'info' });
      else report({ messageId: 'denied', data, resource: gapResource(gap) });
    }
  },
});

/** The finding's subject: "every object of this kind" (`name: *`). */
function gapResource(gap: InventoryGap): Resource {
  const ref = gap.namespace === undefined ? { apiVersion: gap.apiVersion, kind: gap.kind, name: '*' } : { apiVersion: gap.apiVersion, kind: gap.kind, namespace: gap.namespace, name: '*' };
  return syntheticResource(ref);
}
