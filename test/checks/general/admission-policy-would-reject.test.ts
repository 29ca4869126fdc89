import check from '../../../src/checks/general/admission-policy-would-reject.js';
import { testCheck } from '../../support/check-tester.js';

function policy(resources: string, extra = ''): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: no-privileged
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: ["", "apps"]
        apiVersions: ["v1"]
        operations: ["CREATE", "UPDATE"]
        resources: [${resources}]
${extra}  validations:
    - expression: >-
        (has(object.spec.template) ? object.spec.template.spec.containers : object.spec.containers).all(c,
        !has(c.securityContext) || !has(c.securityContext.privileged) || !c.securityContext.privileged)
      message: privileged containers are not allowed
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: no-privileged-binding
spec:
  policyName: no-privileged
  validationActions: [Deny]
`;
}

const PRIVILEGED_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: app
          image: shop/web:1.0
          securityContext:
            privileged: true
`;

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: shop
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: true
`;

const PLAIN_POD = `apiVersion: v1
kind: Pod
metadata:
  name: plain
  namespace: shop
spec:
  containers:
    - name: app
      image: shop/app:1.0
`;

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: { enforce: "yes" }
`;

testCheck(check, {
  valid: [
    { name: 'an unprivileged pod passes the policy', yaml: `${policy('"pods", "deployments"')}---\n${PLAIN_POD}` },
    { name: 'a policy without a binding does nothing', yaml: `${policy('"pods"').split('---')[0]}---\n${PRIVILEGED_POD}` },
    { name: 'a policy on pods only does not judge a Deployment', yaml: `${policy('"pods"')}---\n${PRIVILEGED_DEPLOYMENT}` },
    {
      name: 'a namespaceSelector that does not select the namespace',
      yaml: `${policy('"pods"', '    namespaceSelector: { matchLabels: { enforce: "no" } }\n')}---\n${NAMESPACE}---\n${PRIVILEGED_POD}`,
    },
    {
      name: 'a matchCondition that excludes the object',
      yaml: `${policy('"pods"', '  matchConditions:\n    - name: not-debug\n      expression: object.metadata.name != "debug"\n')}---\n${PRIVILEGED_POD}`,
    },
  ],
  invalid: [
    {
      name: 'a privileged Deployment and a privileged Pod are rejected offline',
      yaml: `${policy('"pods", "deployments"')}---\n${PRIVILEGED_DEPLOYMENT}---\n${PRIVILEGED_POD}---\n${PLAIN_POD}`,
      errors: [
        { messageId: 'rejects', line: 27, path: '', message: 'would reject this object: privileged containers are not allowed', severity: 'medium' },
        { messageId: 'rejects', line: 43, path: '', message: 'no-privileged (binding no-privileged-binding' },
      ],
    },
    {
      name: 'variables are inlined and messageExpression gives the message',
      yaml: `${policy('"pods"').replace(/  validations:[\s\S]*?message: privileged containers are not allowed/, `  variables:
    - name: containers
      expression: object.spec.containers
    - name: privileged
      expression: variables.containers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged)
  validations:
    - expression: size(variables.privileged) == 0
      message: privileged containers are not allowed
      messageExpression: "'privileged: ' + variables.privileged.map(c, c.name).join(', ')"`)}---\n${PRIVILEGED_POD}---\n${PLAIN_POD}`,
      errors: [{ messageId: 'rejects', message: 'would reject this object: privileged: shell' }],
    },
    {
      name: 'a Warn-only binding flags at low severity',
      yaml: `${policy('"pods"').replace('[Deny]', '[Warn, Audit]')}---\n${PRIVILEGED_POD}`,
      errors: [{ messageId: 'rejects', line: 27, message: 'would flag this object', severity: 'low' }],
    },
    {
      name: 'a namespaceSelector that selects the namespace',
      yaml: `${policy('"pods"', '    namespaceSelector: { matchLabels: { enforce: "yes" } }\n')}---\n${NAMESPACE}---\n${PRIVILEGED_POD}`,
      errors: [{ messageId: 'rejects', line: 34 }],
    },
    {
      name: 'an expression that errors (missing field without has) is reported, not passed',
      yaml: `${policy('"pods"').replace(/validations:[\s\S]*?message: privileged containers are not allowed/, 'validations:\n    - expression: object.metadata.labels.team != ""\n      message: needs a team')}---\n${PLAIN_POD}`,
      errors: [{ messageId: 'error', line: 25, path: '', message: 'validation 0 could not be evaluated' }],
    },
    {
      name: 'params and an unknown namespace are reported as not evaluated',
      yaml: `${policy('"pods"').replace('  failurePolicy: Fail\n', '  failurePolicy: Fail\n  paramKind: { apiVersion: v1, kind: ConfigMap }\n')}---\n${policy('"pods"', '    namespaceSelector: { matchLabels: { enforce: "yes" } }\n').replace(/no-privileged/g, 'ns-policy')}---\n${PRIVILEGED_POD}`,
      errors: [
        { messageId: 'unsupported', line: 7, path: 'spec.paramKind', message: 'paramKind' },
        { messageId: 'unsupported', line: 55, path: '', message: 'namespace shop is not in the inputs' },
      ],
    },
  ],
});
