import { expect, it } from 'vitest';
import check from '../../../src/checks/general/scan-coverage.js';
import { Inventory } from '../../../src/core/inventory.js';
import { runChecks } from '../../../src/engine/run-checks.js';

it('reports each kind kubefort could not list, never a silent pass', () => {
  const inventory = new Inventory(
    [],
    [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', resource: 'clusterroles', status: 403, reason: 'forbidden' },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', resource: 'networkpolicies', namespace: 'shop', status: 403, reason: 'forbidden' },
      { apiVersion: 'batch/v1', kind: 'CronJob', resource: 'cronjobs', status: 404, reason: 'not found' },
    ],
  );
  const { findings } = runChecks(inventory, [check]);
  expect(findings.map((f) => [f.messageId, f.severity, f.resource.kind, f.resource.namespace ?? ''])).toEqual([
    ['denied', 'high', 'ClusterRole', ''],
    ['denied', 'high', 'NetworkPolicy', 'shop'],
    ['notServed', 'info', 'CronJob', ''],
  ]);
  expect(findings[1]?.message).toBe('could not verify NetworkPolicy objects in namespace shop: kubefort lacks permission to list networkpolicies (HTTP 403: forbidden)');
});

it('reports nothing when every list succeeded', () => {
  expect(runChecks(new Inventory([]), [check]).findings).toEqual([]);
});
