import check from '../../../src/checks/version/kubernetes-end-of-life.js';
import { testCheck } from '../../support/check-tester.js';
import { apiserverPod, node, today } from './fixtures.js';

const options = { today };

testCheck(check, {
  valid: [
    { name: 'supported-apiserver-and-kubelet', yaml: `${apiserverPod('v1.36.4')}---\n${node('w1', 'v1.36.4')}`, options },
    { name: 'no-version-information', yaml: node('w1', 'not-a-version'), options },
  ],
  invalid: [
    { name: 'apiserver-end-of-life', yaml: apiserverPod('v1.33.2'), options, errors: [{ messageId: 'endOfLife', line: 10, path: 'spec.containers[0].image', severity: 'critical', message: 'reached end of life on 2026-06-28, 147 days ago; supported minors are 1.35, 1.36, 1.37' }] },
    { name: 'kubelet-on-eks-near-end-of-life', yaml: node('w2', 'v1.35.3-eks-a737599'), options: { today: '2027-01-15' }, errors: [{ messageId: 'nearEndOfLife', line: 7, severity: 'high', message: 'in 44 days' }] },
    { name: 'ancient', yaml: node('old', 'v1.18.20'), options, errors: [{ messageId: 'ancient', severity: 'critical' }] },
    { name: 'newer-than-data', yaml: node('new', 'v1.39.0'), options, errors: [{ messageId: 'unknown', severity: 'info' }] },
  ],
});
