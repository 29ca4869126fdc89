import check from '../../../src/checks/version/kubernetes-known-cve.js';
import { testCheck } from '../../support/check-tester.js';
import { apiserverPod, node, today } from './fixtures.js';

testCheck(check, {
  valid: [{ name: 'patched-kubelet', yaml: node('w1', 'v1.32.2'), options: { today } }],
  invalid: [
    {
      name: 'kubelet-in-affected-range',
      yaml: node('w1', 'v1.30.2'),
      options: { today },
      errors: [
        { messageId: 'affected', message: 'CVE-2024-10220', severity: 'high' },
        { messageId: 'affected', message: 'CVE-2025-0426', severity: 'medium' },
      ],
    },
    {
      name: 'unfixed-apiserver-cve-names-the-mitigation',
      yaml: apiserverPod('v1.36.4'),
      options: { today },
      errors: [{ messageId: 'affected', message: 'CVE-2020-8554: Man in the middle using LoadBalancer or ExternalIPs; fixed in no release yet; mitigation: Enable the DenyServiceExternalIPs' }],
    },
  ],
});
