import { defineCheck } from '../../core/check.js';
import { cis, nsa } from '../../core/framework.js';
import { tokenMount } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-R-008',
    name: 'automount-service-account-token',
    title: 'Service-account token mounted into the pod',
    area: 'rbac',
    severity: 'medium',
    description:
      'Unless told otherwise, Kubernetes mounts a token of the pod\'s ServiceAccount into every container. Most applications never call the API server, but anyone who gets code execution in the container can, with the ServiceAccount\'s permissions. The pod\'s `automountServiceAccountToken` wins over the ServiceAccount\'s; when the pod does not set it, the ServiceAccount\'s setting applies, so a ServiceAccount in the input with `false` makes its pods pass. When the ServiceAccount is not in the input (created elsewhere, or the `default` one) the message says so: its setting is unknown, and Kubernetes\' default is to mount.',
    remediation:
      'Disable the token where the workload does not call the API, on the ServiceAccount or the pod:\n\n```yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\nautomountServiceAccountToken: false\n---\n# or in the pod template\nspec:\n  automountServiceAccountToken: false\n```\n\nA workload that needs the API keeps `true` on its own pod spec with a ServiceAccount bound to a narrow role.',
    frameworks: [cis('5.1.6'), nsa('Pod security: protecting Pod service account tokens')],
    messages: {
      podEnables: 'the pod sets automountServiceAccountToken: true, so every container gets a token of ServiceAccount "{{account}}"',
      saAllows: 'the token of ServiceAccount "{{account}}" is mounted: neither the pod nor the ServiceAccount (found in the input) sets automountServiceAccountToken: false',
      saNotFound: 'the token of ServiceAccount "{{account}}" is mounted: the pod does not set automountServiceAccountToken: false, and the ServiceAccount is not in the input to say otherwise',
    },
    kinds: ['ServiceAccount'],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      const token = tokenMount(inventory, pod);
      if (!token.mounted) continue;
      const data = { account: token.serviceAccount };
      if (token.podSetting === true) report({ messageId: 'podEnables', data, resource: pod.resource, path: [...pod.specPath, 'automountServiceAccountToken'] });
      else if (token.account !== undefined) report({ messageId: 'saAllows', data, resource: pod.resource, path: pod.specPath });
      else report({ messageId: 'saNotFound', data, resource: pod.resource, path: pod.specPath });
    }
  },
});
