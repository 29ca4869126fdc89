import { defineCheck } from '../../core/check.js';
import { evaluateAdmissionPolicies } from '../../custom/admission.js';

export default defineCheck({
  meta: {
    id: 'KF-G-010',
    name: 'admission-policy-would-reject',
    title: 'Object a ValidatingAdmissionPolicy would reject',
    area: 'general',
    severity: 'medium',
    description:
      'A ValidatingAdmissionPolicy and its binding in the inputs, evaluated offline (CEL) against the other objects: each object listed here would be refused (or warned about) by the API server. A policy or expression kubefort cannot evaluate is reported too, never taken as a pass.',
    remediation:
      'Change the object so that the policy\'s validation holds (the message says which), or, if the policy is wrong, fix the policy. To find out before deploying:\n\n```sh\nkubefort scan --check admission-policy-would-reject manifests/ policies/\n```',
    frameworks: [],
    messages: {
      rejects: 'ValidatingAdmissionPolicy {{policy}} (binding {{binding}}, actions {{actions}}) would {{verb}} this object: {{message}}',
      error: 'ValidatingAdmissionPolicy {{policy}} (binding {{binding}}): {{what}} could not be evaluated ({{error}}); kubefort cannot say the object would be admitted',
      unsupported: 'ValidatingAdmissionPolicy {{policy}} (binding {{binding}}) was not evaluated: {{what}}',
    },
    kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  },
  run(inventory, { report }) {
    for (const o of evaluateAdmissionPolicies(inventory)) {
      const key = `${o.policy}/${o.binding}`;
      switch (o.type) {
        case 'rejects':
          report({
            messageId: 'rejects',
            data: { policy: o.policy, binding: o.binding, actions: o.actions, verb: o.enforced ? 'reject' : 'flag', message: o.message },
            resource: o.resource,
            path: [],
            key: `${key}/${o.index}`,
            ...(o.enforced ? {} : { severity: 'low' as const }),
          });
          break;
        case 'error':
          report({ messageId: 'error', data: { policy: o.policy, binding: o.binding, what: o.what, error: o.error }, resource: o.resource, path: o.path, key: `${key}/${o.what}` });
          break;
        case 'unsupported':
          report({ messageId: 'unsupported', data: { policy: o.policy, binding: o.binding, what: o.what }, resource: o.resource, path: o.path, key });
          break;
      }
    }
  },
});
