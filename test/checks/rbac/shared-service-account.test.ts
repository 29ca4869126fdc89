import check from '../../../src/checks/rbac/shared-service-account.js';
import { testCheck } from '../../support/check-tester.js';

const deployment = (name: string, account: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      serviceAccountName: ${account}${extra}
      containers: [{name: c, image: "registry.example/${name}:1"}]
`;

testCheck(check, {
  valid: [
    { name: 'one-account-per-workload', yaml: `${deployment('web', 'web')}---\n${deployment('worker', 'worker')}` },
    { name: 'shared-but-no-token-mounted', yaml: `${deployment('web', 'shared', '\n      automountServiceAccountToken: false')}---\n${deployment('worker', 'shared')}` },
    { name: 'same-name-in-two-namespaces', yaml: `${deployment('web', 'app')}---\n${deployment('worker', 'app').replace('namespace: shop', 'namespace: other')}` },
  ],
  invalid: [
    {
      name: 'two-deployments-one-account',
      yaml: `${deployment('web', 'shared')}---\n${deployment('worker', 'shared')}`,
      errors: [
        { messageId: 'shared', line: 9, path: 'spec.template.spec.serviceAccountName', message: 'ServiceAccount "shop/shared" is also used by Deployment "worker"' },
        { messageId: 'shared', line: 20, path: 'spec.template.spec.serviceAccountName', message: 'ServiceAccount "shop/shared" is also used by Deployment "web"' },
      ],
    },
  ],
});
