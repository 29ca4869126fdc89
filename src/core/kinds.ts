/** Kinds served by a stock Kubernetes API server: objects of these kinds are never "unknown". */
export const BUILT_IN_KINDS: ReadonlySet<string> = new Set([
  // core/v1
  'Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'Node',
  'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController', 'ResourceQuota',
  'Secret', 'Service', 'ServiceAccount',
  // apps, batch, autoscaling, policy
  'ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet', 'CronJob', 'Job',
  'HorizontalPodAutoscaler', 'PodDisruptionBudget',
  // networking, discovery, node, scheduling, coordination
  'Ingress', 'IngressClass', 'NetworkPolicy', 'IPAddress', 'ServiceCIDR', 'EndpointSlice', 'RuntimeClass',
  'PriorityClass', 'Lease',
  // rbac, certificates, admission, auth
  'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'CertificateSigningRequest', 'ClusterTrustBundle',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'TokenReview', 'TokenRequest', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'LocalSubjectAccessReview',
  'SelfSubjectRulesReview', 'SelfSubjectReview',
  // storage, apiextensions, apiregistration, flowcontrol, resource
  'CSIDriver', 'CSINode', 'CSIStorageCapacity', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass',
  'CustomResourceDefinition', 'APIService', 'FlowSchema', 'PriorityLevelConfiguration', 'DeviceClass',
  'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice', 'StorageVersionMigration',
  // events.k8s.io, Gateway API is not built in
]);
