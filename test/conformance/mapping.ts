/**
 * The conformance table: every peer check of the Polaris and Checkov corpora
 * (`../shared/conformance/<corpus>/checks/<folder>`) mapped to the kubefort
 * check(s) with the same meaning, or to `null` with the reason it is not compared.
 *
 * Where kubefort deliberately disagrees with a peer on one fixture file (a peer
 * false positive or negative documented in `../shared/reference/` or in the
 * Kubernetes specification), the file is listed in `deliberateDisagreements`
 * with the reason, instead of bending a check to match.
 *
 * Meaning first: a peer check is mapped only when its failure and success files
 * ask the same question as the kubefort check. A file's verdict is decided on the
 * mapped checks only: a Checkov PASSED file may well fail other kubefort checks.
 */

export const CORPORA = ['polaris', 'checkov'] as const;
export type Corpus = (typeof CORPORA)[number];

/** The kubefort checks the table may name: a typo fails to compile. */
export const KUBEFORT_CHECK_IDS = [
  'KF-W-001', // privileged-container
  'KF-W-002', // host-pid
  'KF-W-003', // host-ipc
  'KF-W-004', // host-network
  'KF-W-005', // host-path-volume
  'KF-W-006', // host-port
  'KF-W-007', // capabilities-baseline
  'KF-W-008', // apparmor-unconfined
  'KF-W-009', // selinux-options
  'KF-W-010', // proc-mount-unmasked
  'KF-W-011', // seccomp-unconfined
  'KF-W-012', // unsafe-sysctls
  'KF-W-013', // windows-host-process
  'KF-W-014', // restricted-volume-types
  'KF-W-015', // privilege-escalation-allowed
  'KF-W-016', // run-as-non-root
  'KF-W-017', // run-as-root-user
  'KF-W-018', // seccomp-profile-missing
  'KF-W-019', // capabilities-not-dropped
  'KF-W-020', // read-only-root-filesystem
  'KF-W-022', // default-namespace
  'KF-W-023', // secret-in-env
  'KF-W-024', // cpu-limit-missing
  'KF-W-025', // memory-limit-missing
  'KF-W-026', // cpu-request-missing
  'KF-W-027', // memory-request-missing
  'KF-W-028', // sensitive-workload-isolation
  'KF-W-029', // namespace-pod-security-labels
  'KF-R-001', // rbac-wildcard
  'KF-R-002', // cluster-admin-binding
  'KF-R-003', // binding-to-public-group
  'KF-R-004', // secrets-read
  'KF-R-005', // pod-exec
  'KF-R-006', // rbac-escalation-verbs
  'KF-R-007', // default-service-account
  'KF-R-008', // automount-service-account-token
  'KF-N-001', // service-exposed
  'KF-N-002', // namespace-without-networkpolicy
  'KF-S-001', // image-tag-mutable
  'KF-S-002', // image-not-pinned-by-digest
  'KF-S-003', // image-pull-policy
] as const;
export type KubefortCheckId = (typeof KUBEFORT_CHECK_IDS)[number];

/** Why a peer check is not compared. */
export const UNMAPPED_CATEGORIES = {
  'no-equivalent': 'no kubefort check has this meaning',
  reliability: 'reliability or hygiene, not security',
  'planned-control-plane': 'planned: control plane (API server, etcd, kubelet, controller manager, scheduler flags of static pods)',
  'removed-api': 'evaluates an API or component removed from Kubernetes',
  'peer-internal': "tests the peer tool's own machinery, not a check",
} as const;
export type UnmappedCategory = keyof typeof UNMAPPED_CATEGORIES;

interface PeerCheckBase {
  /** Polaris check folder name, or Checkov folder `example_<X>`. */
  readonly peer: string;
  /** The peer's own ids for the check(s) its folder feeds (Checkov `CKV_K8S_n`; Polaris: the folder name). */
  readonly peerIds: readonly string[];
}

export interface MappedPeerCheck extends PeerCheckBase {
  /** A failure file must give ≥1 finding of these checks; a success file none. */
  readonly kubefort: readonly KubefortCheckId[];
  /**
   * Only these messages of the checks count, when a kubefort check answers several questions
   * and only some of them are the peer's (KF-W-023: literal credentials versus Secrets read into env).
   */
  readonly messageIds?: readonly string[];
  /** What is worth knowing about the match. */
  readonly note?: string;
}

export interface UnmappedPeerCheck extends PeerCheckBase {
  readonly kubefort: null;
  readonly category: UnmappedCategory;
  readonly reason: string;
}

export type PeerCheckMapping = MappedPeerCheck | UnmappedPeerCheck;

export function isMapped(entry: PeerCheckMapping): entry is MappedPeerCheck {
  return entry.kubefort !== null;
}

const map = (peer: string, kubefort: readonly KubefortCheckId[], peerIds: readonly string[], note?: string, messageIds?: readonly string[]): MappedPeerCheck => ({
  peer,
  peerIds,
  kubefort,
  ...(note === undefined ? {} : { note }),
  ...(messageIds === undefined ? {} : { messageIds }),
});

const none = (peer: string, category: UnmappedCategory, reason: string, peerIds: readonly string[] = []): UnmappedPeerCheck => ({
  peer,
  peerIds,
  kubefort: null,
  category,
  reason,
});

const polaris = (peer: string, kubefort: readonly KubefortCheckId[], note?: string, messageIds?: readonly string[]): MappedPeerCheck =>
  map(peer, kubefort, [peer], note, messageIds);
const polarisNone = (peer: string, category: UnmappedCategory, reason: string): UnmappedPeerCheck => none(peer, category, reason, [peer]);

const POLARIS: readonly PeerCheckMapping[] = [
  polaris('automountServiceAccountToken', ['KF-R-008'], 'Effective value: the pod field wins over the ServiceAccount field; unset on both means mounted.'),
  polaris('clusterrolePodExecAttach', ['KF-R-005']),
  polaris('clusterrolebindingClusterAdmin', ['KF-R-002'], 'Polaris treats a ClusterRole with `*` groups and resources and every verb as cluster-admin.'),
  polaris('clusterrolebindingPodExecAttach', ['KF-R-005']),
  polaris('cpuLimitsMissing', ['KF-W-024']),
  polaris('cpuRequestsMissing', ['KF-W-026']),
  polaris('dangerousCapabilities', ['KF-W-007'], 'ALL, SYS_ADMIN and NET_ADMIN are all outside the PSS baseline set.'),
  polarisNone('deploymentMissingReplicas', 'reliability', 'replica count is availability, not security'),
  polaris('hostIPCSet', ['KF-W-003']),
  polaris('hostNetworkSet', ['KF-W-004']),
  polaris('hostPIDSet', ['KF-W-002']),
  polaris('hostPathSet', ['KF-W-005']),
  polaris('hostPortSet', ['KF-W-006']),
  polaris('hostProcess', ['KF-W-013'], 'Pod-level windowsOptions is inherited by containers.'),
  polarisNone('hpaMaxAvailability', 'reliability', 'HorizontalPodAutoscaler sizing'),
  polarisNone('hpaMinAvailability', 'reliability', 'HorizontalPodAutoscaler sizing'),
  polaris(
    'insecureCapabilities',
    ['KF-W-019'],
    'Polaris passes `drop: ALL` or an enumerated list of the default capabilities; kubefort follows PSS restricted, which requires `ALL` (see deliberate disagreements).',
  ),
  polarisNone(
    'linuxHardening',
    'no-equivalent',
    'an any-of: passes when ANY of seccomp, AppArmor, SELinux options or a capability drop is set. kubefort checks each control on its own (KF-W-018 seccomp, KF-W-019 drop ALL, KF-W-008/009 only flag unsafe AppArmor/SELinux values), so no single check or union has this meaning: an AppArmor-only or SELinux-only pod passes Polaris and rightly fails KF-W-018 and KF-W-019',
  ),
  polarisNone('livenessProbeMissing', 'reliability', 'probes are availability, not security'),
  polaris('memoryLimitsMissing', ['KF-W-025']),
  polaris('memoryRequestsMissing', ['KF-W-027']),
  polarisNone('metadataAndInstanceMismatched', 'reliability', 'label hygiene (app.kubernetes.io/instance must equal metadata.name)'),
  polarisNone(
    'missingNetworkPolicy',
    'no-equivalent',
    'Polaris requires, per pod, a NetworkPolicy that selects it AND lists both Ingress and Egress with rules (a policy that denies all egress fails it); kubefort KF-N-002 asks whether a namespace has any NetworkPolicy at all, and every failure file here has one',
  ),
  polarisNone('missingPodDisruptionBudget', 'reliability', 'PodDisruptionBudget presence is availability'),
  polarisNone('nakedPod', 'reliability', 'unmanaged Pods are an availability concern'),
  polaris('notReadOnlyRootFilesystem', ['KF-W-020']),
  polarisNone('oneController', 'reliability', 'ownership hygiene'),
  polarisNone('pdbDisruptionsIsZero', 'reliability', 'PodDisruptionBudget settings'),
  polarisNone('pdbMinAvailableGreaterThanHPAMinReplicas', 'reliability', 'PodDisruptionBudget versus HPA sizing'),
  polarisNone('priorityClassNotSet', 'reliability', 'scheduling priority'),
  polaris('privilegeEscalationAllowed', ['KF-W-015'], 'PSS restricted: unset is not enough, `allowPrivilegeEscalation: false` must be explicit; the pod-level field does not exist and is ignored.'),
  polaris('procMount', ['KF-W-010'], 'PSS baseline allows only `Default` (or unset): any other value fails.'),
  polaris(
    'pullPolicyNotAlways',
    ['KF-S-003'],
    'Overlaps only in part: kubefort reports a pull policy only for mutable references (no tag, `latest`) explicitly set to IfNotPresent/Never; see deliberate disagreements.',
  ),
  polarisNone('readinessProbeMissing', 'reliability', 'probes are availability, not security'),
  polarisNone('resourceRange', 'reliability', 'a user-configured custom check of resource ranges (`check.yaml`), not a built-in control'),
  polaris('rolePodExecAttach', ['KF-R-005']),
  polaris('rolebindingClusterAdminClusterRole', ['KF-R-002']),
  polaris('rolebindingClusterAdminRole', ['KF-R-002']),
  polaris('rolebindingClusterRolePodExecAttach', ['KF-R-005']),
  polaris('rolebindingRolePodExecAttach', ['KF-R-005']),
  polaris('runAsPrivileged', ['KF-W-001'], '`privileged` exists only on containers; the pod-level field in some fixtures is ignored.'),
  polaris('runAsRootAllowed', ['KF-W-016']),
  polarisNone('sensitiveConfigmapContent', 'no-equivalent', 'kubefort has no check for credentials in ConfigMap data'),
  polaris(
    'sensitiveContainerEnvVar',
    ['KF-W-023'],
    'Credentials written as literal env values (by name or by content). A Secret read into the environment is a different question (Checkov CKV_K8S_35), so KF-W-023\'s secretAsEnv message does not count here.',
    ['credentialName', 'credentialValue'],
  ),
  polaris('tagNotSpecified', ['KF-S-001']),
  polarisNone('tlsSettingsMissing', 'no-equivalent', 'kubefort has no Ingress TLS check'),
  polarisNone('topologySpreadConstraint', 'reliability', 'pod spreading is availability'),
];

const controlPlane = (peer: string, component: string): UnmappedPeerCheck =>
  none(peer, 'planned-control-plane', `${component} flag of a static pod; control-plane checks come with the CIS component issue`);

const CHECKOV: readonly PeerCheckMapping[] = [
  map('example_AllowPrivilegeEscalation', ['KF-W-015'], ['CKV_K8S_20'], 'Unset fails in both (PSS restricted wants an explicit false).'),
  map('example_AllowedCapabilities', ['KF-W-007'], ['CKV_K8S_25'], 'The fixtures add IPC_LOCK, outside the PSS baseline set.'),
  map('example_AllowedCapabilitiesSysAdmin', ['KF-W-007'], ['CKV_K8S_39']),
  controlPlane('example_ApiServerAdmissionControlAlwaysAdmit', 'kube-apiserver'),
  controlPlane('example_ApiServerAdmissionControlEventRateLimit', 'kube-apiserver'),
  controlPlane('example_ApiServerAlwaysPullImagesPlugin', 'kube-apiserver'),
  controlPlane('example_ApiServerAnonymousAuth', 'kube-apiserver'),
  controlPlane('example_ApiServerAuditLog', 'kube-apiserver'),
  controlPlane('example_ApiServerAuditLogMaxAge', 'kube-apiserver'),
  controlPlane('example_ApiServerAuditLogMaxBackup', 'kube-apiserver'),
  controlPlane('example_ApiServerAuditLogMaxSize', 'kube-apiserver'),
  controlPlane('example_ApiServerAuthorizationModeNode', 'kube-apiserver'),
  controlPlane('example_ApiServerAuthorizationModeNotAlwaysAllow', 'kube-apiserver'),
  controlPlane('example_ApiServerAuthorizationModeRBAC', 'kube-apiserver'),
  controlPlane('example_ApiServerBasicAuthFile', 'kube-apiserver'),
  controlPlane('example_ApiServerEncryptionProviders', 'kube-apiserver'),
  controlPlane('example_ApiServerEtcdCaFile', 'kube-apiserver'),
  controlPlane('example_ApiServerEtcdCertAndKey', 'kube-apiserver'),
  controlPlane('example_ApiServerInsecureBindAddress', 'kube-apiserver'),
  controlPlane('example_ApiServerInsecurePort', 'kube-apiserver'),
  controlPlane('example_ApiServerKubeletClientCertAndKey', 'kube-apiserver'),
  controlPlane('example_ApiServerKubeletHttps', 'kube-apiserver'),
  controlPlane('example_ApiServerNamespaceLifecyclePlugin', 'kube-apiserver'),
  controlPlane('example_ApiServerNodeRestrictionPlugin', 'kube-apiserver'),
  controlPlane('example_ApiServerPodSecurityPolicyPlugin', 'kube-apiserver (PodSecurityPolicy admission plugin, removed in 1.25)'),
  controlPlane('example_ApiServerProfiling', 'kube-apiserver'),
  controlPlane('example_ApiServerRequestTimeout', 'kube-apiserver'),
  controlPlane('example_ApiServerSecurePort', 'kube-apiserver'),
  controlPlane('example_ApiServerSecurityContextDenyPlugin', 'kube-apiserver'),
  controlPlane('example_ApiServerServiceAccountKeyFile', 'kube-apiserver'),
  controlPlane('example_ApiServerServiceAccountLookup', 'kube-apiserver'),
  controlPlane('example_ApiServerServiceAccountPlugin', 'kube-apiserver'),
  controlPlane('example_ApiServerStrongCryptographicCiphers', 'kube-apiserver'),
  controlPlane('example_ApiServerTlsCertAndKey', 'kube-apiserver'),
  controlPlane('example_ApiServerTokenAuthFile', 'kube-apiserver'),
  controlPlane('example_ApiServerkubeletCertificateAuthority', 'kube-apiserver'),
  controlPlane('example_ControllerManagerBindAddress', 'kube-controller-manager'),
  none('example_DangerousGitSync', 'no-equivalent', 'git-sync GITSYNC_GIT code-injection heuristic; kubefort has no image-specific checks', ['CKV_K8S_159']),
  map(
    'example_DefaultNamespace',
    ['KF-W-022'],
    ['CKV_K8S_21'],
    'kubefort flags only an explicit `namespace: default`; a manifest without a namespace is placed at apply time (see deliberate disagreements).',
  ),
  map('example_DefaultServiceAccount', ['KF-R-007'], ['CKV_K8S_41'], 'CIS 5.1.5: the default ServiceAccount must set automountServiceAccountToken: false.'),
  map('example_DefaultServiceAccountBinding', ['KF-R-007'], ['CKV_K8S_42'], 'CIS 5.1.5: the default ServiceAccount must not be bound to roles.'),
  map(
    'example_DockerSocketVolume',
    ['KF-W-005'],
    ['CKV_K8S_27'],
    'Checkov flags only the runtime socket; kubefort flags every hostPath, the socket with a raised severity. Only FAILED and mixed files are conclusive here.',
  ),
  map(
    'example_DropCapabilities',
    ['KF-W-019'],
    ['CKV_K8S_28', 'CKV_K8S_37'],
    'The folder feeds both CKV_K8S_28 (drop NET_RAW; the file names) and CKV_K8S_37 (minimise capabilities). kubefort follows PSS restricted: drop ALL.',
  ),
  controlPlane('example_EtcdAutoTls', 'etcd'),
  controlPlane('example_EtcdCertAndKey', 'etcd'),
  controlPlane('example_EtcdClientCertAuth', 'etcd'),
  controlPlane('example_EtcdPeerFiles', 'etcd'),
  map('example_HostPort', ['KF-W-006'], ['CKV_K8S_26']),
  map('example_ImageDigest', ['KF-S-002'], ['CKV_K8S_43']),
  map(
    'example_ImagePullPolicy',
    ['KF-S-003'],
    ['CKV_K8S_15'],
    'Both apply the Kubernetes default (Always for `latest` or no tag); Checkov also wants Always for fixed tags, kubefort leaves those to KF-S-002 (see deliberate disagreements).',
  ),
  map('example_ImageTagFixed', ['KF-S-001'], ['CKV_K8S_14']),
  controlPlane('example_KubeControllerManagerBlockProfiles', 'kube-controller-manager'),
  controlPlane('example_KubeControllerManagerRootCAFile', 'kube-controller-manager'),
  controlPlane('example_KubeControllerManagerServiceAccountCredentials', 'kube-controller-manager'),
  controlPlane('example_KubeControllerManagerServiceAccountPrivateKeyFile', 'kube-controller-manager'),
  controlPlane('example_KubeControllerManagerTerminatedPods', 'kube-controller-manager'),
  controlPlane('example_KubeletAnonymousAuth', 'kubelet'),
  controlPlane('example_KubeletAuthorizationModeNotAlwaysAllow', 'kubelet'),
  controlPlane('example_KubeletClientCa', 'kubelet'),
  controlPlane('example_KubeletCryptographicCiphers', 'kubelet'),
  controlPlane('example_KubeletHostnameOverride', 'kubelet'),
  controlPlane('example_KubeletKeyFilesSetAppropriate', 'kubelet'),
  controlPlane('example_KubeletMakeIptablesUtilChains', 'kubelet'),
  controlPlane('example_KubeletProtectKernelDefaults', 'kubelet'),
  controlPlane('example_KubeletReadOnlyPort', 'kubelet'),
  controlPlane('example_KubeletStreamingConnectionIdleTimeout', 'kubelet'),
  none('example_KubernetesDashboard', 'no-equivalent', 'detects the Kubernetes Dashboard by image and labels; kubefort has no product-specific checks', ['CKV_K8S_33']),
  controlPlane('example_KubletEventCapture', 'kubelet'),
  controlPlane('example_KubletRotateCertificates', 'kubelet'),
  none('example_LivenessReadiness', 'reliability', 'liveness and readiness probes are availability', ['CKV_K8S_8', 'CKV_K8S_9']),
  none('example_NginxIngressCVE202125742', 'no-equivalent', 'ingress-nginx snippet annotations (CVE-2021-25742); kubefort has no Ingress-controller-specific checks', [
    'CKV_K8S_152',
    'CKV_K8S_153',
    'CKV_K8S_154',
  ]),
  map('example_NoDefaultNamespace', ['KF-W-022'], ['CKV_K8S_21']),
  none('example_PSP', 'removed-api', 'PodSecurityPolicy was removed in Kubernetes 1.25 (reference §5.5: Checkov CKV_K8S_1–7, 24, 32, 36 evaluate a removed API)', [
    'CKV_K8S_1',
    'CKV_K8S_2',
    'CKV_K8S_3',
    'CKV_K8S_4',
    'CKV_K8S_5',
    'CKV_K8S_6',
    'CKV_K8S_7',
    'CKV_K8S_24',
    'CKV_K8S_32',
    'CKV_K8S_36',
  ]),
  controlPlane('example_PeerClientCertAuthTrue', 'etcd'),
  map('example_PrivilegedContainers', ['KF-W-001'], ['CKV_K8S_16']),
  none('example_RbacApproveCertificateSigningRequests', 'no-equivalent', 'CSR approval rights (update certificatesigningrequests/approval + approve signers) have no kubefort check yet', ['CKV_K8S_156']),
  map('example_RbacBindRoleBindings', ['KF-R-006'], ['CKV_K8S_157'], 'The API server checks `bind` against roles/clusterroles, not against the binding resources (see deliberate disagreements).'),
  none('example_RbacControlWebhooks', 'no-equivalent', 'rights to edit admission webhook configurations have no kubefort check yet', ['CKV_K8S_155']),
  map('example_RbacEscalateRoles', ['KF-R-006'], ['CKV_K8S_158']),
  map('example_ReadOnlyFilesystem', ['KF-W-020'], ['CKV_K8S_22']),
  map('example_Requests_Limits', ['KF-W-024', 'KF-W-025', 'KF-W-026', 'KF-W-027'], ['CKV_K8S_10', 'CKV_K8S_11', 'CKV_K8S_12', 'CKV_K8S_13']),
  map(
    'example_RootContainers',
    ['KF-W-016', 'KF-W-017'],
    ['CKV_K8S_23'],
    'Checkov passes `runAsNonRoot: true` or a non-zero runAsUser; PSS restricted (KF-W-016) needs runAsNonRoot: true (see deliberate disagreements).',
  ),
  none('example_RootContainersHighUID', 'no-equivalent', 'UID ≥ 10000 (kube-score/KSV020 hygiene) is not a PSS control; kubefort has no such check', ['CKV_K8S_40']),
  none('example_RootContainersPSP', 'removed-api', 'PodSecurityPolicy was removed in Kubernetes 1.25', ['CKV_K8S_6']),
  controlPlane('example_RotateKubeletServerCertificate', 'kubelet and kube-controller-manager'),
  controlPlane('example_SchedulerBindAddress', 'kube-scheduler'),
  controlPlane('example_SchedulerProfiling', 'kube-scheduler'),
  map('example_Seccomp', ['KF-W-018'], ['CKV_K8S_31']),
  map(
    'example_Secrets',
    ['KF-W-023'],
    ['CKV_K8S_35'],
    'Secrets read into environment variables (secretKeyRef, envFrom secretRef), CIS 5.4.1: only KF-W-023\'s secretAsEnv message counts; literal credentials are Polaris sensitiveContainerEnvVar\'s question.',
    ['secretAsEnv'],
  ),
  none(
    'example_SecurityContexts',
    'no-equivalent',
    'the mere presence of a pod/container securityContext block is not a security property; kubefort checks the fields themselves',
    ['CKV_K8S_29', 'CKV_K8S_30'],
  ),
  map('example_ServiceAccountTokens', ['KF-R-008'], ['CKV_K8S_38']),
  map('example_ShareHost', ['KF-W-002', 'KF-W-003', 'KF-W-004'], ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'], 'One folder for the three host namespaces; FAILED files set all three.'),
  none('example_Suppressed', 'peer-internal', "Checkov's own `checkov.io/skip` annotations"),
  none('example_Tiller', 'removed-api', 'Tiller belongs to Helm v2, unsupported since November 2020', ['CKV_K8S_34']),
  none('example_TillerDeploymentListener', 'removed-api', 'Tiller belongs to Helm v2, unsupported since November 2020', ['CKV_K8S_45']),
  none('example_TillerService', 'removed-api', 'Tiller belongs to Helm v2, unsupported since November 2020', ['CKV_K8S_44']),
  none('example_WildcardEntities', 'peer-internal', "a parsing fixture for Checkov's entity handling: no PASSED/FAILED file"),
  map('example_WildcardRoles', ['KF-R-001'], ['CKV_K8S_49']),
];

export const conformanceMapping: Readonly<Record<Corpus, readonly PeerCheckMapping[]>> = {
  polaris: POLARIS,
  checkov: CHECKOV,
};

export function findMapping(corpus: Corpus, peer: string): PeerCheckMapping | undefined {
  return conformanceMapping[corpus].find((m) => m.peer === peer);
}

/** What kubefort does on a file where it deliberately disagrees with the peer. */
export type KubefortVerdict = 'fires' | 'silent';

export interface DeliberateDisagreement {
  readonly corpus: Corpus;
  readonly peer: string;
  /** File name within the peer folder. */
  readonly file: string;
  /** kubefort's verdict on the file (the opposite of the peer's). */
  readonly kubefort: KubefortVerdict;
  readonly reason: string;
  /** Where the difference is documented. */
  readonly source: string;
  /**
   * The file is a manifest the API server would reject: kubefort must report it as an
   * input error (`KF_ERR_*`) for the disagreement to count as deliberate.
   */
  readonly malformed?: true;
  /**
   * kubefort reports the problem the peer sees under these other checks: they must fire
   * on the file for the disagreement to count as deliberate.
   */
  readonly coveredBy?: readonly KubefortCheckId[];
  /**
   * For a file with several objects where kubefort fires: exactly these objects
   * (`Kind/name`, or `namespace/Kind/name`) get findings, so the entry hides no other one.
   */
  readonly objects?: readonly string[];
}

const PSS = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';
const REF_POSTURE = '../shared/reference/posture-checks.md';
const REF_RBAC = '../shared/reference/rbac-netpol-versions.md';
const IMAGES = 'https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting';
const PSA_CAPS = 'kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/check_capabilities_restricted.go (`c == capabilityAll`)';
const ARCH = 'docs/architecture.md (Pod specs and inheritance: a field of the wrong type becomes KF_ERR_INVALID_FIELD)';

export const deliberateDisagreements: readonly DeliberateDisagreement[] = [
  // Capabilities: PSS restricted requires drop ALL.
  ...['success.yaml', 'success.case.yaml', 'success.pod.yaml'].map(
    (file): DeliberateDisagreement => ({
      corpus: 'polaris',
      peer: 'insecureCapabilities',
      file,
      kubefort: 'fires',
      reason:
        'Polaris accepts dropping an enumerated list of today\'s default capabilities; PSS restricted ("Capabilities") requires `drop: ["ALL"]`, which also covers capabilities a runtime adds by default later. kubefort follows PSS (KF-W-019).',
      source: `${PSS}#restricted; ${REF_POSTURE} §4a (insecureCapabilities: drop ALL or a list)`,
    }),
  ),
  {
    corpus: 'polaris',
    peer: 'insecureCapabilities',
    file: 'success.all.yaml',
    kubefort: 'fires',
    reason:
      'The container drops "All". Runtimes read capability names case-insensitively, but Pod Security Admission (restricted) compares with exactly "ALL" and rejects the pod; kubefort follows admission and reports it at low severity with a message naming the spelling (KF-W-019).',
    source: PSA_CAPS,
  },
  {
    corpus: 'checkov',
    peer: 'example_DropCapabilities',
    file: 'pod-drop-all-capabilities-PASSED2.yaml',
    kubefort: 'fires',
    reason:
      'The container drops "all". Runtimes read capability names case-insensitively, but Pod Security Admission (restricted) compares with exactly "ALL" and rejects the pod; kubefort follows admission and reports it at low severity with a message naming the spelling (KF-W-019).',
    source: PSA_CAPS,
  },
  {
    corpus: 'checkov',
    peer: 'example_AllowedCapabilitiesSysAdmin',
    file: 'pod-FAILED2.yaml',
    kubefort: 'silent',
    reason:
      'The Pod has `containers:` empty (null): no container adds a capability. The name misleads: Checkov\'s own test expects 1 failure in this folder (pod-FAILED.yaml), so Checkov gives this file no verdict either.',
    source: 'bridgecrewio/checkov tests/kubernetes/checks/test_AllowedCapabilitiesSysAdmin.py (passed 1, failed 1)',
  },
  {
    corpus: 'checkov',
    peer: 'example_DropCapabilities',
    file: 'pod-drop-NET_RAW-capabilities-PASSED.yaml',
    kubefort: 'fires',
    reason:
      'The file name is the verdict of CKV_K8S_28 (NET_RAW dropped); Checkov\'s CKV_K8S_37, fed by the same folder, fails it too. PSS restricted requires `drop: ["ALL"]` (KF-W-019).',
    source: `${PSS}#restricted; ${REF_POSTURE} §4a (Drop ALL capabilities, NET_RAW not dropped)`,
  },
  // Namespaces: only an explicit `namespace: default` is reported.
  {
    corpus: 'checkov',
    peer: 'example_DefaultNamespace',
    file: 'nginx-statefulset-FAILED.yaml',
    kubefort: 'silent',
    reason:
      'The objects have no namespace: where they land is decided at apply time (`kubectl -n`, Helm `.Release.Namespace`, Kustomize). Reporting them is the Helm default-namespace artefact users complain about; kubefort reports only an explicit `namespace: default` (KF-W-022).',
    source: `${REF_POSTURE} §5.7 and §6 #19 (CKV_K8S_21 on charts, semantica-agi/semantica#801)`,
  },
  // Image pull policy: Kubernetes defaulting, and fixed tags left to digest pinning.
  ...['failure.yaml', 'failure.cron-job.yaml'].map(
    (file): DeliberateDisagreement => ({
      corpus: 'polaris',
      peer: 'pullPolicyNotAlways',
      file,
      kubefort: 'silent',
      reason:
        'The image has no tag and no imagePullPolicy, so Kubernetes defaults the policy to Always: Polaris reports a policy that is already in effect. Checkov agrees (CKV_K8S_15 passes `storm-nimbus-ImageUntagged-PASSED.json`). The mutable tag itself is KF-S-001\'s finding.',
      source: IMAGES,
      coveredBy: ['KF-S-001'],
    }),
  ),
  {
    corpus: 'polaris',
    peer: 'pullPolicyNotAlways',
    file: 'failure.deployment.yaml',
    kubefort: 'silent',
    reason:
      'A fixed tag (nginx:1.14.2) with the default IfNotPresent: KF-S-003 reports pull policy only for mutable references. Pulling Always does not make a re-pushed tag safe, it only makes nodes disagree less; the fix kubefort asks for is a digest, reported by KF-S-002 on this file.',
    source: IMAGES,
    coveredBy: ['KF-S-002'],
  },
  ...['replctrl-PullIfNotPresent-FAILED.yaml', 'wordpress-ImageTagged-DefaultPullPolicy-FAILED.yaml'].map(
    (file): DeliberateDisagreement => ({
      corpus: 'checkov',
      peer: 'example_ImagePullPolicy',
      file,
      kubefort: 'silent',
      reason:
        'Fixed tags with IfNotPresent (explicit or default): KF-S-003 reports pull policy only for mutable references (no tag, `latest`). The immutable fix is a digest, reported by KF-S-002 on this file.',
      source: IMAGES,
      coveredBy: ['KF-S-002'],
    }),
  ),
  // Run as non-root: PSS restricted needs runAsNonRoot: true.
  {
    corpus: 'checkov',
    peer: 'example_RootContainers',
    file: 'rootContainersPASSED.yaml',
    kubefort: 'fires',
    reason:
      'pod4 and pod5 set only a non-zero runAsUser, and pod3 sets `runAsNonRoot: false` on the pod (overridden by its container). Pod Security Admission (restricted, "Running as Non-root") requires `runAsNonRoot: true` on the pod or every container, ignores runAsUser, and rejects an explicit false at pod level even when containers override it; true makes the kubelet refuse UID 0 whatever later changes to the image. kubefort follows admission (KF-W-016).',
    source: `${PSS}#restricted; kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/policy/check_runAsNonRoot.go; ${REF_POSTURE} §5.1`,
    objects: ['Pod/pod3', 'Pod/pod4', 'Pod/pod5'],
  },
  // Seccomp: the alpha annotations no longer do anything.
  ...['cronjob-seccomp-PASSED.yaml', 'pod-seccomp-PASSED.yaml', 'pod-seccomp-PASSED2.yaml', 'pod-seccomp-PASSED6.yaml'].map(
    (file): DeliberateDisagreement => ({
      corpus: 'checkov',
      peer: 'example_Seccomp',
      file,
      kubefort: 'fires',
      reason:
        'The profile is set only by the `seccomp.security.alpha.kubernetes.io/pod` annotation (runtime/default or docker/default). The annotations were deprecated in 1.19 and are no longer honoured: the API server stopped copying them to the field and the kubelet reads only `securityContext.seccompProfile`, so the pod runs Unconfined unless the kubelet enables seccompDefault. kubefort reads the field (KF-W-018).',
      source: `KEP-135 (keps/sig-node/135-seccomp); kubernetes/kubernetes pkg/registry/core/pod/strategy.go (PrepareForCreate keeps only the AppArmor annotation skew); ${REF_POSTURE} §4a (kubeaudit SeccompDeprecatedAnnotations)`,
    }),
  ),
  // Malformed manifests: an input error, not a verdict.
  {
    corpus: 'checkov',
    peer: 'example_RootContainers',
    file: 'rootContainersFAILED-malformed-spec.yaml',
    kubefort: 'silent',
    reason: 'The Pod\'s `spec` is a YAML list, not a pod spec: the API server rejects it. kubefort reports the input error (KF_ERR_MISSING_FIELD) instead of judging a pod that cannot exist.',
    source: ARCH,
    malformed: true,
  },
  // RBAC, Polaris: cluster-admin equivalents are reported on the role (KF-R-001), KF-R-002 is about the cluster-admin role.
  ...(['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole'] as const).flatMap((peer) =>
    ['failure.all_verbs.yaml', 'failure.all_verbs_different_order.yaml', 'failure.binding_to_system_prefix.yaml', 'failure.wildcards.yaml'].map(
      (file): DeliberateDisagreement => ({
        corpus: 'polaris',
        peer,
        file,
        kubefort: 'silent',
        reason:
          'The binding references a custom role with `*` API groups and resources (and every verb): Polaris calls that cluster-admin. kubefort reports such a role where it is written, as KF-R-001 rbac-wildcard (which fires on this file); KF-R-002 reports bindings of the `cluster-admin` role itself (CIS 5.1.1).',
        source: `KF-R-001/KF-R-002 descriptions; ${REF_RBAC} §2 row 1 and §3 (wildcards)`,
        coveredBy: ['KF-R-001'],
      }),
    ),
  ),
  // RBAC, Polaris: exemptions by name.
  ...(
    [
      ['clusterrolePodExecAttach', 'success.defaultclusterrole_admin.yaml'],
      ['clusterrolePodExecAttach', 'success.defaultclusterrole_clusteradmin.yaml'],
      ['clusterrolePodExecAttach', 'success.gce_calico_clusterrole.yaml'],
      ['clusterrolePodExecAttach', 'success.system_prefix.yaml'],
      ['clusterrolebindingPodExecAttach', 'success.defaultclusterrolebinding_clusteradmin.yaml'],
      ['clusterrolebindingPodExecAttach', 'success.defaultclusterrolebinding_system-controller-generic-garbage-collector.yaml'],
      ['clusterrolebindingPodExecAttach', 'success.gce_calico_binding.yaml'],
      ['clusterrolebindingPodExecAttach', 'success.system_prefix_binding.yaml'],
      ['rolePodExecAttach', 'success.gce_calico_binding.yaml'],
      ['rolePodExecAttach', 'success.system_prefix_binding.yaml'],
      ['rolebindingClusterRolePodExecAttach', 'success.gce_calico_binding.yaml'],
      ['rolebindingClusterRolePodExecAttach', 'success.system_prefix_binding.yaml'],
      ['rolebindingRolePodExecAttach', 'success.gce_calico_binding.yaml'],
      ['rolebindingRolePodExecAttach', 'success.system_prefix_binding.yaml'],
    ] as const
  ).map(
    ([peer, file]): DeliberateDisagreement => ({
      corpus: 'polaris',
      peer,
      file,
      kubefort: 'fires',
      reason:
        'Polaris exempts roles and bindings by name (`admin`, `cluster-admin`, `system:*`, `gce:podsecuritypolicy:calico-sa`). Anyone can give a role such a name, and this one grants pods/exec or pods/attach. kubefort recognises Kubernetes\' own roles by name AND the `kubernetes.io/bootstrapping: rbac-defaults` label (then reports them at info); KF-R-005 reports the role that grants exec.',
      source: `src/checks/rbac/_util.ts isKubernetesDefault; ${REF_RBAC} §1.3 (name-based default exclusions)`,
    }),
  ),
  // RBAC, Polaris: a binding to a role that is not in the files.
  ...(['clusterrolebindingPodExecAttach', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach'] as const).map(
    (peer): DeliberateDisagreement => ({
      corpus: 'polaris',
      peer,
      file: 'failure.binding_points_to_missing_ref.yaml',
      kubefort: 'silent',
      reason:
        'The binding references a role that is not in the input. Polaris fails it as if the role allowed exec; the role may well exist in the cluster or another file, with any rules. kubefort reports what a role it can read grants, and does not guess across files.',
      source: `${REF_POSTURE} §5.4 (cross-file references)`,
    }),
  ),
  {
    corpus: 'polaris',
    peer: 'rolebindingRolePodExecAttach',
    file: 'success.role_binding_cluster_role_binding.yaml',
    kubefort: 'fires',
    reason:
      'The RoleBinding references a ClusterRole granting `*` on `*`, which includes pods/exec: out of scope for this Polaris variant (RoleBinding → Role), but its sibling rolebindingClusterRolePodExecAttach fails the same binding. KF-R-005 reports the role, whichever binding uses it.',
    source: 'Polaris check variants rolebindingRolePodExecAttach / rolebindingClusterRolePodExecAttach',
  },
  // RBAC, Checkov: `*` verbs include impersonate.
  ...(['example_RbacBindRoleBindings', 'example_RbacEscalateRoles'] as const).map(
    (peer): DeliberateDisagreement => ({
      corpus: 'checkov',
      peer,
      file: 'role-passed-2.yaml',
      kubefort: 'fires',
      reason:
        'The Role grants `*` verbs on serviceaccounts in the core group, which includes `impersonate`: it can act as any service account of the namespace. KF-R-006 covers bind, escalate and impersonate; Checkov\'s CKV_K8S_157/158 look only for bind or escalate.',
      source: `${REF_RBAC} §3 (\`*\` in verbs includes escalate, bind and impersonate)`,
    }),
  ),
  // RBAC: bind is authorised against roles, not bindings.
  {
    corpus: 'checkov',
    peer: 'example_RbacBindRoleBindings',
    file: 'clusterrole-failed-1.yaml',
    kubefort: 'silent',
    reason:
      'The rule grants `bind` on rolebindings. The API server checks `bind` against the referenced role (resources roles/clusterroles), so a `bind` on binding resources grants nothing; kubefort reports bind on roles/clusterroles (KF-R-006).',
    source: `${REF_RBAC} §1.1 (rbac-police bind_roles note) and §3 (bind and escalate)`,
  },
];

export function findDeliberate(corpus: Corpus, peer: string, file: string): DeliberateDisagreement | undefined {
  return deliberateDisagreements.find((d) => d.corpus === corpus && d.peer === peer && d.file === file);
}
