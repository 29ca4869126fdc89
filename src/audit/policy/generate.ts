/**
 * Generated audit policies (reference §9.1, §9.4, §15): the kube-up rule order, extended with the
 * exec/attach/port-forward/proxy subresources at Metadata, a Metadata catch-all that keeps failed
 * logins, RequestReceived omitted and managed fields stripped.
 */
export const PROFILES = ['minimal', 'recommended', 'forensic'] as const;
export type Profile = (typeof PROFILES)[number];

export const PROFILE_DESCRIPTIONS: Record<Profile, string> = {
  minimal: 'every request at Metadata: who did what, no bodies; smallest log that still shows failed logins, exec and secret access',
  recommended: 'noise dropped, credentials at Metadata, reads at Metadata, writes at RequestResponse (bodies for privileged-pod and RBAC detections)',
  forensic: 'everything kept except credential bodies: reads at Request, writes at RequestResponse, no noise filters but health probes',
};

/** What each profile promises to log; the harness tests check these events are really written. */
export const PROFILE_PROMISES: Record<Profile, { readonly secretWrite: string; readonly podCreate: string; readonly failedLogin: string; readonly exec: string; readonly read: string }> = {
  minimal: { secretWrite: 'Metadata', podCreate: 'Metadata', failedLogin: 'Metadata', exec: 'Metadata', read: 'Metadata' },
  recommended: { secretWrite: 'Metadata', podCreate: 'RequestResponse', failedLogin: 'Metadata', exec: 'Metadata', read: 'Metadata' },
  forensic: { secretWrite: 'Metadata', podCreate: 'RequestResponse', failedLogin: 'Request', exec: 'Metadata', read: 'Request' },
};

const HEADER = `apiVersion: audit.k8s.io/v1
kind: Policy
# RequestReceived carries no response code and doubles the volume. Never omit ResponseStarted:
# a failed login (401) is logged only at that stage, and exec/attach get their code there.
omitStages:
  - RequestReceived
omitManagedFields: true
rules:`;

const CREDENTIALS = `  # Credentials: never log bodies of secrets, configmaps, token reviews and token requests.
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps", "serviceaccounts/token"]
      - group: authentication.k8s.io
        resources: ["tokenreviews"]`;

const INTERACTIVE = `  # exec, attach, port-forward and the proxies: \`pods\` does not match \`pods/exec\`, so they are
  # named. Metadata is enough (no bodies); the exec command is in requestURI.
  - level: Metadata
    resources:
      - group: ""
        resources: ["pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "pods/log", "services/proxy", "nodes/proxy"]`;

const NOISE = `  # High-volume, low-value traffic (kube-up policy).
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
    resources:
      - group: ""
        resources: ["endpoints", "services", "services/status"]
      - group: discovery.k8s.io
        resources: ["endpointslices"]
  - level: None
    userGroups: ["system:nodes"]
    verbs: ["get"]
    resources:
      - group: ""
        resources: ["nodes", "nodes/status"]
  - level: None
    users: ["system:kube-controller-manager", "system:kube-scheduler", "system:serviceaccount:kube-system:endpoint-controller"]
    verbs: ["get", "update"]
    namespaces: ["kube-system"]
    resources:
      - group: ""
        resources: ["endpoints"]
      - group: coordination.k8s.io
        resources: ["leases"]
  - level: None
    users: ["system:apiserver"]
    verbs: ["get"]
    resources:
      - group: ""
        resources: ["namespaces", "namespaces/status", "namespaces/finalize"]
  - level: None
    resources:
      - group: ""
        resources: ["events"]
      - group: events.k8s.io
        resources: ["events"]`;

const HEALTH = `  # Health and version probes.
  - level: None
    nonResourceURLs: ["/healthz*", "/livez*", "/readyz*", "/version"]`;

const NODE_STATUS = `  # Kubelet status updates: bodies, but not the responses.
  - level: Request
    userGroups: ["system:nodes"]
    verbs: ["update", "patch"]
    resources:
      - group: ""
        resources: ["nodes/status", "pods/status"]`;

const WRITES = `  # Every other write: request and response (privileged pods, RBAC, webhooks, CSRs …).
  - level: RequestResponse
    verbs: ["create", "update", "patch", "delete", "deletecollection"]`;

const CATCH_ALL = `  # Catch-all: no user constraint, so requests that failed authentication are kept.
  - level: Metadata`;

export function generatePolicy(profile: Profile): string {
  switch (profile) {
    case 'minimal':
      return `${HEADER}\n${CATCH_ALL}\n`;
    case 'recommended':
      return [HEADER, CREDENTIALS, INTERACTIVE, NOISE, HEALTH, NODE_STATUS, `  # Reads: who looked at what; responses are large and frequent.\n  - level: Metadata\n    verbs: ["get", "list", "watch"]`, WRITES, CATCH_ALL].join('\n') + '\n';
    case 'forensic':
      return [HEADER, CREDENTIALS, INTERACTIVE, HEALTH, `  # Reads with their request (selectors, options).\n  - level: Request\n    verbs: ["get", "list", "watch"]`, WRITES, CATCH_ALL].join('\n') + '\n';
  }
}

export interface ApplySteps {
  readonly policyPath: string;
  readonly logDir: string;
}

export const DEFAULT_STEPS: ApplySteps = { policyPath: '/etc/kubernetes/audit/policy.yaml', logDir: '/var/log/kubernetes/audit' };

/** The kubeadm steps to apply a policy, as text (printed as YAML comments above the policy). */
export function applySteps(steps: ApplySteps = DEFAULT_STEPS): string {
  const policyDir = steps.policyPath.slice(0, steps.policyPath.lastIndexOf('/')) || '/';
  return `How to apply it on a kubeadm control-plane node (repeat on every control-plane node):

1. Save this file as ${steps.policyPath} (mode 0600, owner root):
     sudo mkdir -p ${policyDir} ${steps.logDir}
     kubefort audit policy generate ... > policy.yaml && sudo install -m 0600 policy.yaml ${steps.policyPath}
2. Check it: kubefort audit policy lint ${steps.policyPath}
3. Edit /etc/kubernetes/manifests/kube-apiserver.yaml (the kubelet restarts the API server on save):
     spec.containers[0].command, add:
       - --audit-policy-file=${steps.policyPath}
       - --audit-log-path=${steps.logDir}/audit.log
       - --audit-log-maxage=30
       - --audit-log-maxbackup=10
       - --audit-log-maxsize=100
     spec.containers[0].volumeMounts, add:
       - name: audit-policy
         mountPath: ${policyDir}
         readOnly: true
       - name: audit-log
         mountPath: ${steps.logDir}
     spec.volumes, add:
       - name: audit-policy
         hostPath: {path: ${policyDir}, type: DirectoryOrCreate}
       - name: audit-log
         hostPath: {path: ${steps.logDir}, type: DirectoryOrCreate}
   Without the two mounts the API server does not come back.
   With kubeadm's ClusterConfiguration instead (kubeadm init/upgrade):
     apiServer:
       extraArgs:            # kubeadm v1beta4: a list of {name, value}
         - {name: audit-policy-file, value: ${steps.policyPath}}
         - {name: audit-log-path, value: ${steps.logDir}/audit.log}
         - {name: audit-log-maxage, value: "30"}
         - {name: audit-log-maxbackup, value: "10"}
         - {name: audit-log-maxsize, value: "100"}
       extraVolumes:
         - {name: audit-policy, hostPath: ${policyDir}, mountPath: ${policyDir}, readOnly: true, pathType: DirectoryOrCreate}
         - {name: audit-log, hostPath: ${steps.logDir}, mountPath: ${steps.logDir}, pathType: DirectoryOrCreate}
4. Wait for the API server (kubectl get --raw /readyz), then: sudo tail -f ${steps.logDir}/audit.log
5. For detection in near real time, also point --audit-webhook-config-file at \`kubefort audit listen\`
   (docs/audit.md) with --audit-webhook-batch-max-wait=5s.`;
}

export function commentBlock(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? '#' : `# ${l}`))
    .join('\n');
}
