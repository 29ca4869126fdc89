import { expect, it } from 'vitest';
import check from '../../../src/checks/rbac/automount-service-account-token.js';
import { runCheckOn, testCheck } from '../../support/check-tester.js';

testCheck(check, {
  valid: [
    {
      name: 'pod-disables-the-token',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team-a}
spec:
  template:
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: team-a}
automountServiceAccountToken: true
`,
    },
    {
      name: 'service-account-in-the-input-disables-it',
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: team-a}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team-a}
spec:
  template:
    spec:
      serviceAccountName: web
      containers: [{name: app, image: "nginx:1.27"}]
`,
    },
    {
      name: 'helm-chart-without-namespaces-pairs-pod-and-account',
      yaml: `
apiVersion: v1
kind: ServiceAccount
metadata: {name: web}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      serviceAccountName: web
      containers: [{name: app, image: "nginx:1.27"}]
`,
    },
  ],
  invalid: [
    {
      name: 'pod-true-wins-over-the-account',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: operator, namespace: ops}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: operator, namespace: ops}
spec:
  template:
    spec:
      serviceAccountName: operator
      automountServiceAccountToken: true
      containers: [{name: app, image: "operator:1.0"}]
`,
      errors: [{ messageId: 'podEnables', line: 13, path: 'spec.template.spec.automountServiceAccountToken', message: 'token of ServiceAccount "operator"' }],
    },
    {
      name: 'account-found-or-not-and-other-namespaces-do-not-count',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: team-a}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: team-a}
spec:
  serviceAccountName: web
  containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: team-a}
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: team-b}
spec:
  serviceAccountName: api
  containers: [{name: app, image: "api:1.0"}]
`,
      errors: [
        { messageId: 'saAllows', line: 8, path: 'spec', message: 'ServiceAccount (found in the input)' },
        { messageId: 'saNotFound', line: 20, path: 'spec', message: 'ServiceAccount "api" is mounted: the pod does not set automountServiceAccountToken: false, and the ServiceAccount is not in the input' },
      ],
    },
  ],
});

it('a pod without serviceAccountName is reported against the default ServiceAccount', () => {
  const findings = runCheckOn(check, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: "a:1"}]\n');
  expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('ServiceAccount "default"')]);
});
