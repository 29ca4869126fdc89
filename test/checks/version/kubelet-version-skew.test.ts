import check from '../../../src/checks/version/kubelet-version-skew.js';
import { testCheck } from '../../support/check-tester.js';
import { apiserverPod, node } from './fixtures.js';

testCheck(check, {
  valid: [
    { name: 'three-minors-behind-is-allowed', yaml: `${apiserverPod('v1.36.4')}---\n${node('w1', 'v1.33.1')}` },
    { name: 'no-apiserver-known', yaml: node('w1', 'v1.20.1') },
  ],
  invalid: [
    { name: 'kubelet-newer', yaml: `${apiserverPod('v1.35.2')}---\n${node('w1', 'v1.36.0')}`, errors: [{ messageId: 'newer', line: 19, path: 'status.nodeInfo.kubeletVersion' }] },
    { name: 'kubelet-four-behind', yaml: `${apiserverPod('v1.36.4')}---\n${node('w1', 'v1.32.0')}`, errors: [{ messageId: 'tooOld', message: '4 minor versions behind' }] },
  ],
});
