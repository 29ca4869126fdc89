import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/network/namespace-without-networkpolicy.js';
import { Inventory, type InventoryGap } from '../../../src/core/inventory.js';
import { runChecks } from '../../../src/engine/run-checks.js';
import { parseManifests } from '../../../src/sources/manifests.js';
import { testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'empty-pod-selector-policy-covers-the-namespace',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: ["Ingress", "Egress"]
`,
    },
    {
      name: 'cilium-policy-counts',
      yaml: `
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: billing}
spec:
  containers: [{name: app, image: "api:1.0"}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api, namespace: billing}
spec:
  endpointSelector: {}
  ingress: [{}]
`,
    },
    {
      name: 'no-namespace-host-network-and-no-workloads',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: chart-release}
spec:
  template:
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-agent, namespace: monitoring}
spec:
  template:
    spec:
      hostNetwork: true
      containers: [{name: agent, image: "agent:1.0"}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: empty}
spec: {ports: [{port: 80}]}
`,
    },
  ],
  invalid: [
    {
      name: 'two-namespaces-without-policies',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: other}
spec: {podSelector: {}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: ops}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers: [{name: job, image: "report:1.0"}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: db, image: "postgres:16.4"}]
`,
      errors: [
        { messageId: 'noPolicy', line: 6, path: '', message: 'namespace "shop" has 2 workloads and no NetworkPolicy' },
        { messageId: 'noPolicy', line: 14, path: '', message: 'namespace "ops" has 1 workload and no NetworkPolicy' },
      ],
    },
  ],
});

describe('live scans that could not list policies', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: shop}
spec:
  containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: ops}
spec:
  containers: [{name: app, image: "nginx:1.27"}]
`;
  const gap = (kind: string, status: number, namespace?: string): InventoryGap => ({
    apiVersion: 'networking.k8s.io/v1',
    kind,
    resource: 'networkpolicies',
    status,
    reason: status === 404 ? 'not found' : 'forbidden',
    ...(namespace === undefined ? {} : { namespace }),
  });
  const namespacesReported = (gaps: InventoryGap[]) =>
    runChecks(new Inventory(parseManifests('live.yaml', yaml).resources, gaps), [check]).findings.map((f) => f.resource.namespace);

  it('reports nothing when NetworkPolicies could not be listed cluster-wide', () => {
    expect(namespacesReported([gap('NetworkPolicy', 403)])).toEqual([]);
  });
  it('skips only the namespace that could not be listed', () => {
    expect(namespacesReported([gap('NetworkPolicy', 403, 'shop')])).toEqual(['ops']);
  });
  it('treats a kind the API server does not serve as absent', () => {
    expect(namespacesReported([gap('CiliumNetworkPolicy', 404)])).toEqual(['shop', 'ops']);
  });
});
