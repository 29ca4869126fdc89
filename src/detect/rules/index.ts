/** The detection catalogue: one line per rule, alphabetical. */
import type { DetectionRule } from '../rule.js';
import admissionWebhookChange from './admission-webhook-change.js';
import anonymousAccessAllowed from './anonymous-access-allowed.js';
import anonymousProbing from './anonymous-probing.js';
import anonymousWorkloadWrite from './anonymous-workload-write.js';
import bruteForceAuthentication from './brute-force-authentication.js';
import clusterAdminBinding from './cluster-admin-binding.js';
import configmapCredentials from './configmap-credentials.js';
import csrCreatedOrApproved from './csr-created-or-approved.js';
import dangerousCapabilities from './dangerous-capabilities.js';
import dangerousRole from './dangerous-role.js';
import destructiveDeletion from './destructive-deletion.js';
import discoverySweep from './discovery-sweep.js';
import dnsTampering from './dns-tampering.js';
import ephemeralContainer from './ephemeral-container.js';
import eventsDeleted from './events-deleted.js';
import exposedService from './exposed-service.js';
import hostNamespacePod from './host-namespace-pod.js';
import impersonationDenied from './impersonation-denied.js';
import kubeSystemChange from './kube-system-change.js';
import kubeletProxy from './kubelet-proxy.js';
import legacyTokenUse from './legacy-token-use.js';
import podAttach from './pod-attach.js';
import podExec from './pod-exec.js';
import podInSystemNamespace from './pod-in-system-namespace.js';
import portForwardOrProxy from './port-forward-or-proxy.js';
import privilegedImpersonation from './privileged-impersonation.js';
import privilegedPod from './privileged-pod.js';
import rbacObjectDeleted from './rbac-object-deleted.js';
import rbacProbing from './rbac-probing.js';
import rbacWrittenByServiceaccount from './rbac-written-by-serviceaccount.js';
import scheduledOrNodeWorkload from './scheduled-or-node-workload.js';
import secretHarvesting from './secret-harvesting.js';
import secretListing from './secret-listing.js';
import secretModified from './secret-modified.js';
import secretReadScriptedClient from './secret-read-scripted-client.js';
import selfPermissionReview from './self-permission-review.js';
import sensitiveHostpathPod from './sensitive-hostpath-pod.js';
import serviceaccountForbidden from './serviceaccount-forbidden.js';
import serviceaccountInSystemNamespace from './serviceaccount-in-system-namespace.js';
import suspiciousExecCommand from './suspicious-exec-command.js';
import systemRbacTampering from './system-rbac-tampering.js';
import tokenRequest from './token-request.js';

export const RULES = {
  'admission-webhook-change': admissionWebhookChange,
  'anonymous-access-allowed': anonymousAccessAllowed,
  'anonymous-probing': anonymousProbing,
  'anonymous-workload-write': anonymousWorkloadWrite,
  'brute-force-authentication': bruteForceAuthentication,
  'cluster-admin-binding': clusterAdminBinding,
  'configmap-credentials': configmapCredentials,
  'csr-created-or-approved': csrCreatedOrApproved,
  'dangerous-capabilities': dangerousCapabilities,
  'dangerous-role': dangerousRole,
  'destructive-deletion': destructiveDeletion,
  'discovery-sweep': discoverySweep,
  'dns-tampering': dnsTampering,
  'ephemeral-container': ephemeralContainer,
  'events-deleted': eventsDeleted,
  'exposed-service': exposedService,
  'host-namespace-pod': hostNamespacePod,
  'impersonation-denied': impersonationDenied,
  'kube-system-change': kubeSystemChange,
  'kubelet-proxy': kubeletProxy,
  'legacy-token-use': legacyTokenUse,
  'pod-attach': podAttach,
  'pod-exec': podExec,
  'pod-in-system-namespace': podInSystemNamespace,
  'port-forward-or-proxy': portForwardOrProxy,
  'privileged-impersonation': privilegedImpersonation,
  'privileged-pod': privilegedPod,
  'rbac-object-deleted': rbacObjectDeleted,
  'rbac-probing': rbacProbing,
  'rbac-written-by-serviceaccount': rbacWrittenByServiceaccount,
  'scheduled-or-node-workload': scheduledOrNodeWorkload,
  'secret-harvesting': secretHarvesting,
  'secret-listing': secretListing,
  'secret-modified': secretModified,
  'secret-read-scripted-client': secretReadScriptedClient,
  'self-permission-review': selfPermissionReview,
  'sensitive-hostpath-pod': sensitiveHostpathPod,
  'serviceaccount-forbidden': serviceaccountForbidden,
  'serviceaccount-in-system-namespace': serviceaccountInSystemNamespace,
  'suspicious-exec-command': suspiciousExecCommand,
  'system-rbac-tampering': systemRbacTampering,
  'token-request': tokenRequest,
} satisfies Record<string, DetectionRule>;

export const ALL_RULES: readonly DetectionRule[] = Object.values(RULES);
