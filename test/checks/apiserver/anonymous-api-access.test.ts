import { expect, it } from 'vitest';
import check from '../../../src/checks/apiserver/anonymous-api-access.js';
import { Inventory, type AnonymousProbe } from '../../../src/core/inventory.js';
import { runChecks } from '../../../src/engine/run-checks.js';

const probe = (statuses: Record<string, number>): AnonymousProbe[] => Object.entries(statuses).map(([path, status]) => ({ path, status }));
const findings = (probes: AnonymousProbe[]) => runChecks(new Inventory([], [], { server: 'https://127.0.0.1:6443', anonymousProbe: probes }), [check]).findings;

it('reports nothing when every anonymous request is refused', () => {
  expect(findings(probe({ '/version': 401, '/api': 401, '/api/v1/namespaces': 401 }))).toEqual([]);
  expect(findings([])).toEqual([]);
});

it('reports anonymous auth enabled (medium) when only public info answers', () => {
  const f = findings(probe({ '/version': 200, '/healthz': 200, '/api': 403, '/api/v1/namespaces': 403 }));
  expect(f.map((x) => [x.messageId, x.severity])).toEqual([['enabled', 'medium']]);
});

it('reports each readable path as critical when anonymous users are authorized', () => {
  const f = findings(probe({ '/version': 200, '/api': 200, '/api/v1/namespaces': 200 }));
  expect(f.map((x) => [x.messageId, x.severity, x.message])).toEqual([
    ['readable', 'critical', 'an anonymous request to /api got HTTP 200: unauthenticated clients can read the cluster'],
    ['readable', 'critical', 'an anonymous request to /api/v1/namespaces got HTTP 200: unauthenticated clients can read the cluster'],
  ]);
  expect(f[0]?.resource).toMatchObject({ kind: 'Cluster', name: 'https://127.0.0.1:6443' });
});
