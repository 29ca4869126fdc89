/**
 * Shapes (and so types) of the Kubernetes fields kubefort's checks read.
 * Objects are validated against these once, when the inventory is built; checks
 * then read typed values without defensive code.
 */
import { arr, bool, intOrStr, num, obj, record, str, unknownShape, type Infer } from './shape.js';

const seLinuxOptions = obj({ user: str, role: str, type: str, level: str });
const seccompProfile = obj({ type: str, localhostProfile: str });
const appArmorProfile = obj({ type: str, localhostProfile: str });
const windowsOptions = obj({ hostProcess: bool, runAsUserName: str, gmsaCredentialSpecName: str });

export const securityContextShape = obj({
  privileged: bool,
  allowPrivilegeEscalation: bool,
  capabilities: obj({ add: arr(str), drop: arr(str) }),
  readOnlyRootFilesystem: bool,
  procMount: str,
  runAsUser: num,
  runAsGroup: num,
  runAsNonRoot: bool,
  seLinuxOptions,
  seccompProfile,
  appArmorProfile,
  windowsOptions,
});

export const podSecurityContextShape = obj({
  runAsUser: num,
  runAsGroup: num,
  runAsNonRoot: bool,
  fsGroup: num,
  supplementalGroups: arr(num),
  sysctls: arr(obj({ name: str, value: str })),
  seLinuxOptions,
  seccompProfile,
  appArmorProfile,
  windowsOptions,
});

const envVar = obj({
  name: str,
  value: str,
  valueFrom: obj({
    secretKeyRef: obj({ name: str, key: str }),
    configMapKeyRef: obj({ name: str, key: str }),
    fieldRef: unknownShape,
    resourceFieldRef: unknownShape,
  }),
});

const resourceList = record(intOrStr);

export const containerShape = obj({
  name: str,
  image: str,
  imagePullPolicy: str,
  command: arr(str),
  args: arr(str),
  ports: arr(obj({ name: str, containerPort: num, hostPort: num, hostIP: str, protocol: str })),
  env: arr(envVar),
  envFrom: arr(unknownShape),
  resources: obj({ limits: resourceList, requests: resourceList }),
  volumeMounts: arr(obj({ name: str, mountPath: str, readOnly: bool, subPath: str })),
  securityContext: securityContextShape,
  restartPolicy: str,
  livenessProbe: unknownShape,
  readinessProbe: unknownShape,
});

export const volumeShape = obj({
  name: str,
  hostPath: obj({ path: str, type: str }),
});

export const podSpecShape = obj({
  containers: arr(containerShape),
  initContainers: arr(containerShape),
  ephemeralContainers: arr(containerShape),
  securityContext: podSecurityContextShape,
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  hostUsers: bool,
  volumes: arr(volumeShape),
  serviceAccountName: str,
  serviceAccount: str,
  automountServiceAccountToken: bool,
  nodeName: str,
  nodeSelector: record(str),
  affinity: unknownShape,
  tolerations: arr(unknownShape),
  os: obj({ name: str }),
});

export type SecurityContext = Infer<typeof securityContextShape>;
export type PodSecurityContext = Infer<typeof podSecurityContextShape>;
export type Container = Infer<typeof containerShape>;
export type Volume = Infer<typeof volumeShape>;
export type PodSpec = Infer<typeof podSpecShape>;

/** Metadata of a pod or pod template (labels and annotations matter to checks). */
export const podMetaShape = obj({ labels: record(str), annotations: record(str) });
export type PodMeta = Infer<typeof podMetaShape>;

export const policyRuleShape = obj({
  apiGroups: arr(str),
  resources: arr(str),
  resourceNames: arr(str),
  verbs: arr(str),
  nonResourceURLs: arr(str),
});
export type PolicyRule = Infer<typeof policyRuleShape>;

export const subjectShape = obj({ kind: str, apiGroup: str, name: str, namespace: str });
export type Subject = Infer<typeof subjectShape>;

export const roleShape = obj({
  rules: arr(policyRuleShape),
  aggregationRule: obj({ clusterRoleSelectors: arr(unknownShape) }),
});
export const bindingShape = obj({
  roleRef: obj({ apiGroup: str, kind: str, name: str }),
  subjects: arr(subjectShape),
});
export type RoleBody = Infer<typeof roleShape>;
export type BindingBody = Infer<typeof bindingShape>;

export const serviceShape = obj({
  spec: obj({
    type: str,
    selector: record(str),
    ports: arr(obj({ name: str, port: num, nodePort: num, targetPort: intOrStr, protocol: str })),
    externalIPs: arr(str),
    loadBalancerSourceRanges: arr(str),
  }),
});
export type ServiceBody = Infer<typeof serviceShape>;
