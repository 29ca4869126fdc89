import { defineCheck } from '../../core/check.js';
import { cis, nsa } from '../../core/framework.js';
import { obj, record, str } from '../../core/shape.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const labelsShape = obj({ metadata: obj({ labels: record(str) }) });

export default defineCheck({
  meta: {
    id: 'KF-W-029',
    name: 'namespace-pod-security-labels',
    title: 'Namespace does not enforce Pod Security Standards',
    area: 'workload',
    severity: 'medium',
    description:
      'Pod Security Admission rejects pods that break a Pod Security Standard only in namespaces labelled `pod-security.kubernetes.io/enforce` (unless the cluster sets a default in its AdmissionConfiguration, which a manifest scan cannot see). Without the label, or with `privileged`, anyone who can create a pod there can create a privileged one and own the node. `warn` and `audit` labels only report. Namespace objects in the input are checked; kube-system is reported at low severity, since its node agents often need `privileged` and it is usually guarded by RBAC instead. This checks the admission guard; the pod-level checks (such as KF-W-001 privileged-container) check the pods themselves.',
    remediation:
      'Label every namespace with the strictest level its workloads meet:\n\n```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n    pod-security.kubernetes.io/enforce-version: latest\n```\n\nTry it first without enforcing: `kubectl label --dry-run=server --overwrite ns shop pod-security.kubernetes.io/enforce=restricted` lists the pods that would be rejected.',
    frameworks: [cis('5.2.1'), nsa('Pod security: Pod security enforcement')],
    messages: {
      missing: 'Namespace "{{namespace}}" has no {{label}} label{{others}}: Pod Security Admission enforces nothing there',
      privileged: 'Namespace "{{namespace}}" enforces the privileged level: Pod Security Admission allows any pod there',
    },
    kinds: ['Namespace'],
  },
  run(inventory, { report }) {
    for (const resource of inventory.ofKind('Namespace')) {
      const namespace = resource.ref.name;
      const labels = inventory.read(resource, labelsShape)?.metadata?.labels;
      const severity = namespace === 'kube-system' ? ('low' as const) : undefined;
      const enforce = labels?.[ENFORCE];
      if (enforce === undefined) {
        const modes = ['warn', 'audit'].filter((m) => labels?.[`pod-security.kubernetes.io/${m}`] !== undefined);
        const others = modes.length === 0 ? '' : ` (only ${modes.join(' and ')}, which do not block)`;
        report({ messageId: 'missing', data: { namespace, label: ENFORCE, others }, resource, path: labels === undefined ? ['metadata'] : ['metadata', 'labels'], severity });
      } else if (enforce === 'privileged') {
        report({ messageId: 'privileged', data: { namespace }, resource, path: ['metadata', 'labels', ENFORCE], severity });
      }
    }
  },
});
