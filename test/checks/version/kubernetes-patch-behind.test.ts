import check from '../../../src/checks/version/kubernetes-patch-behind.js';
import { testCheck } from '../../support/check-tester.js';
import { apiserverPod, node, today } from './fixtures.js';

testCheck(check, {
  valid: [{ name: 'latest-patch', yaml: `${apiserverPod('v1.36.4')}---\n${node('w1', 'v1.36.4+k3s1')}`, options: { today } }],
  invalid: [
    { name: 'one-behind', yaml: apiserverPod('v1.36.3'), options: { today }, errors: [{ messageId: 'behind', severity: 'medium', message: 'is 1 patch release(s) behind 1.36.4' }] },
    { name: 'far-behind-kubelet', yaml: node('w1', 'v1.35.1'), options: { today }, errors: [{ messageId: 'behind', severity: 'high', message: 'kubelet v1.35.1 (node w1) is 7' }] },
  ],
});
