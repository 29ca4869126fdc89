import { defineCheck } from '../../core/check.js';
import { cis } from '../../core/framework.js';

/** Built-in cluster-scoped kinds: a `namespace` on them is ignored by the API server, not a placement. */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'VolumeAttachment',
  'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'APIService', 'PriorityClass', 'RuntimeClass', 'IngressClass',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'CertificateSigningRequest', 'ClusterTrustBundle', 'FlowSchema', 'PriorityLevelConfiguration', 'ComponentStatus',
  'IPAddress', 'ServiceCIDR', 'DeviceClass', 'ResourceSlice', 'VolumeAttributesClass', 'StorageVersionMigration',
]);

/** Objects every cluster has in `default`, made by Kubernetes itself: a live scan sees them, nobody deployed them. */
const CREATED_BY_KUBERNETES = new Set(['Service/kubernetes', 'Endpoints/kubernetes', 'EndpointSlice/kubernetes', 'ServiceAccount/default', 'ConfigMap/kube-root-ca.crt']);

export default defineCheck({
  meta: {
    id: 'KF-W-022',
    name: 'default-namespace',
    title: 'Object placed in the default namespace',
    area: 'workload',
    severity: 'low',
    description:
      'The `default` namespace is where everything lands by accident: it usually has no Pod Security labels, no NetworkPolicies, no quotas, and RoleBindings granted there for one application reach all of them. Namespaces are the boundary for RBAC, policies and quotas, so each application belongs in its own. Only an explicit `metadata.namespace: default` is reported: an object without a namespace is not, because Helm and `kubectl apply -n` decide its namespace at deploy time (Helm renders `.Release.Namespace`), and that namespace is unknown to a manifest scan. Objects Kubernetes creates in `default` itself (the `kubernetes` Service, the `default` ServiceAccount, `kube-root-ca.crt`), events and objects owned by a controller are not reported.',
    remediation:
      'Create a namespace for the application and move the objects there:\n\n```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n---\nmetadata:\n  name: web\n  namespace: shop\n```\n\n`kubectl get all,cm,secrets,roles,rolebindings -n default` lists what is there today.',
    frameworks: [cis('5.6.4')],
    messages: { defaultNamespace: '{{kind}} "{{name}}" is placed in the default namespace' },
    // Every namespaced kind is read, but only for metadata: listing '*' would silence the unknown-kind notice.
    kinds: [],
  },
  run(inventory, { report }) {
    for (const resource of inventory.resources) {
      const { kind, name, namespace } = resource.ref;
      if (namespace !== 'default' || CLUSTER_SCOPED.has(kind) || kind === 'Event') continue;
      if (CREATED_BY_KUBERNETES.has(`${kind}/${name}`)) continue;
      const owners = resource.object.metadata.ownerReferences;
      if (Array.isArray(owners) && owners.length > 0) continue;
      report({ messageId: 'defaultNamespace', data: { kind, name }, resource, path: ['metadata', 'namespace'] });
    }
  },
});
