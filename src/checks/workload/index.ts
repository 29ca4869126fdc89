/** Workload hardening checks, alphabetical by name. */
import type { Check } from '../../core/check.js';
import apparmorUnconfined from './apparmor-unconfined.js';
import capabilitiesBaseline from './capabilities-baseline.js';
import capabilitiesNotDropped from './capabilities-not-dropped.js';
import cpuLimitMissing from './cpu-limit-missing.js';
import cpuRequestMissing from './cpu-request-missing.js';
import defaultNamespace from './default-namespace.js';
import hostIpc from './host-ipc.js';
import hostNetwork from './host-network.js';
import hostPathVolume from './host-path-volume.js';
import hostPid from './host-pid.js';
import hostPort from './host-port.js';
import memoryLimitMissing from './memory-limit-missing.js';
import memoryRequestMissing from './memory-request-missing.js';
import namespacePodSecurityLabels from './namespace-pod-security-labels.js';
import privilegeEscalationAllowed from './privilege-escalation-allowed.js';
import privilegedContainer from './privileged-container.js';
import probeHost from './probe-host.js';
import procMountUnmasked from './proc-mount-unmasked.js';
import readOnlyRootFilesystem from './read-only-root-filesystem.js';
import restrictedVolumeTypes from './restricted-volume-types.js';
import runAsNonRoot from './run-as-non-root.js';
import runAsRootUser from './run-as-root-user.js';
import seccompProfileMissing from './seccomp-profile-missing.js';
import seccompUnconfined from './seccomp-unconfined.js';
import secretInEnv from './secret-in-env.js';
import selinuxOptions from './selinux-options.js';
import sensitiveWorkloadIsolation from './sensitive-workload-isolation.js';
import unsafeSysctls from './unsafe-sysctls.js';
import windowsHostProcess from './windows-host-process.js';

export const workloadChecks = {
  'apparmor-unconfined': apparmorUnconfined,
  'capabilities-baseline': capabilitiesBaseline,
  'capabilities-not-dropped': capabilitiesNotDropped,
  'cpu-limit-missing': cpuLimitMissing,
  'cpu-request-missing': cpuRequestMissing,
  'default-namespace': defaultNamespace,
  'host-ipc': hostIpc,
  'host-network': hostNetwork,
  'host-path-volume': hostPathVolume,
  'host-pid': hostPid,
  'host-port': hostPort,
  'memory-limit-missing': memoryLimitMissing,
  'memory-request-missing': memoryRequestMissing,
  'namespace-pod-security-labels': namespacePodSecurityLabels,
  'privilege-escalation-allowed': privilegeEscalationAllowed,
  'privileged-container': privilegedContainer,
  'probe-host': probeHost,
  'proc-mount-unmasked': procMountUnmasked,
  'read-only-root-filesystem': readOnlyRootFilesystem,
  'restricted-volume-types': restrictedVolumeTypes,
  'run-as-non-root': runAsNonRoot,
  'run-as-root-user': runAsRootUser,
  'seccomp-profile-missing': seccompProfileMissing,
  'seccomp-unconfined': seccompUnconfined,
  'secret-in-env': secretInEnv,
  'selinux-options': selinuxOptions,
  'sensitive-workload-isolation': sensitiveWorkloadIsolation,
  'unsafe-sysctls': unsafeSysctls,
  'windows-host-process': windowsHostProcess,
} satisfies Record<string, Check>;
