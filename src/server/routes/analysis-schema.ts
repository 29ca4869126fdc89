/**
 * JSON Schemas of the analysis routes' responses. Fastify serialises the responses with them
 * (so nothing outside them is ever sent) and /openapi.json documents them.
 */
const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const strings = { type: 'array', items: str } as const;

const objectRef = {
  type: 'object',
  required: ['kind', 'name'],
  properties: { kind: str, namespace: str, name: str },
} as const;

export const rbacAnalysisSchema = {
  type: 'object',
  description: 'RBAC escalation paths (`kubefort rbac paths -o json`, compacted): the shortest chain from each identity to cluster-admin equivalence or to reading kube-system Secrets',
  required: ['kind', 'version', 'identities', 'total', 'limit', 'capped', 'counts', 'gaps', 'paths'],
  properties: {
    kind: { const: 'RbacAnalysis' },
    version: { const: 1 },
    identities: { ...int, description: 'identities in the graph: binding subjects, service accounts, anonymous, all authenticated, nodes' },
    total: { ...int, description: 'chains found; `paths` holds at most `limit` of them (critical first) and `capped` says when some were left out' },
    limit: int,
    capped: bool,
    counts: {
      type: 'object',
      required: ['bySink', 'bySeverity', 'subjects', 'exposed'],
      properties: {
        bySink: { type: 'object', required: ['cluster-admin', 'kube-system-secrets'], properties: { 'cluster-admin': int, 'kube-system-secrets': int } },
        bySeverity: { type: 'object', required: ['critical', 'info'], properties: { critical: int, info: int } },
        subjects: int,
        exposed: { ...int, description: 'paths whose subject has exposed pods' },
        exposedSubjects: { ...int, description: 'distinct subjects with exposed pods and a path (absent in analyses recorded before it was counted)' },
      },
    },
    gaps: { ...strings, description: 'RBAC kinds the scan could not list: chains through them are not found' },
    paths: {
      type: 'array',
      items: {
        type: 'object',
        required: ['subject', 'label', 'sink', 'severity', 'bootstrap', 'exposed', 'workloads', 'workloadCount', 'hops'],
        properties: {
          subject: objectRef,
          label: { ...str, description: '`ServiceAccount ci/builder`, `User jane`, `Group ops`' },
          sink: { enum: ['cluster-admin', 'kube-system-secrets'] },
          severity: { enum: ['critical', 'info'], description: 'as KF-R-020: info when the first hop is a Kubernetes bootstrap binding or group membership' },
          bootstrap: bool,
          exposed: { ...bool, description: "the identity's pods are behind a LoadBalancer, NodePort or external IP" },
          workloads: { ...strings, description: 'up to 5 workloads running as this identity (`Deployment ci/build-api`)' },
          workloadCount: int,
          hops: {
            type: 'array',
            items: {
              type: 'object',
              required: ['from', 'to', 'primitive', 'text', 'grants'],
              properties: {
                from: str,
                to: { ...str, description: 'the next identity, or the sink' },
                primitive: { ...str, description: 'wildcard-admin, masters, impersonate, bind, escalate, create-pods, create-workloads, token-request, read-secrets, mint-token-secret, nodes-proxy, pods-exec, pods-attach, ephemeral-containers, csr-approve, …' },
                text: str,
                grants: {
                  type: 'array',
                  description: 'binding → role → rule behind the hop; empty for group membership',
                  items: {
                    type: 'object',
                    required: ['binding', 'role', 'ruleIndex', 'rule'],
                    properties: { binding: objectRef, role: objectRef, ruleIndex: int, rule: { ...str, description: '`create,get pods in core (names a, b)`' } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

const conn = { ...str, description: '`All Connections` or `TCP 80,443,UDP 53` (as `kubefort netpol matrix`)' } as const;

export const netpolAnalysisSchema = {
  type: 'object',
  description: 'NetworkPolicy reachability: per namespace and workload, and the allowed workload connections (`kubefort netpol matrix -o json`)',
  required: ['kind', 'version', 'cni', 'totals', 'namespaces', 'workloads', 'matrix', 'connections', 'notes'],
  properties: {
    kind: { const: 'NetpolAnalysis' },
    version: { const: 1 },
    cni: {
      type: 'object',
      required: ['plugins', 'enforces'],
      properties: {
        plugins: { type: 'array', items: { type: 'object', required: ['name', 'enforces', 'evidence'], properties: { name: str, enforces: bool, evidence: str } } },
        enforces: { type: ['boolean', 'null'], description: 'null when no network plugin was recognised' },
      },
    },
    totals: {
      type: 'object',
      required: ['namespaces', 'workloads', 'policies', 'withoutDefaultDenyIngress', 'withoutDefaultDenyEgress', 'openToAll', 'fromOutside'],
      properties: { namespaces: int, workloads: int, policies: int, withoutDefaultDenyIngress: int, withoutDefaultDenyEgress: int, openToAll: int, fromOutside: int },
    },
    namespaces: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'declared', 'policies', 'workloads', 'defaultDeny', 'ingressOpen', 'egressOpen', 'openToAll', 'fromOutside', 'fromOtherNamespaces'],
        properties: {
          name: str,
          declared: bool,
          policies: int,
          workloads: int,
          defaultDeny: { type: 'object', required: ['ingress', 'egress'], properties: { ingress: bool, egress: bool } },
          ingressOpen: { ...int, description: 'workloads no ingress policy isolates' },
          egressOpen: int,
          openToAll: { ...int, description: 'workloads accepting connections from every pod of every namespace' },
          fromOutside: { ...int, description: 'workloads accepting connections from addresses outside the cluster' },
          fromOtherNamespaces: { type: ['integer', 'null'] },
          note: str,
        },
      },
    },
    workloads: {
      type: 'object',
      required: ['total', 'limit', 'capped', 'items'],
      properties: {
        total: int,
        limit: int,
        capped: bool,
        items: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'namespace', 'name', 'kind', 'hostNetwork', 'ingressIsolated', 'egressIsolated', 'fromEntireCluster', 'fromOutside', 'fromOutsideRanges', 'fromAnyAddress', 'fromNamespaces', 'fromNamespaceCount', 'toMetadata'],
            properties: {
              id: { ...str, description: '`ns/name[Kind]`' },
              namespace: str,
              name: str,
              kind: str,
              hostNetwork: bool,
              ingressIsolated: bool,
              egressIsolated: bool,
              fromEntireCluster: strOrNull,
              fromOutside: { type: 'array', description: 'the first 5 ranges outside the cluster that may connect, with what they may open', items: { type: 'object', required: ['range', 'conn'], properties: { range: str, conn } } },
              fromOutsideRanges: int,
              fromAnyAddress: bool,
              fromNamespaces: { type: ['array', 'null'], description: 'the first 10 other namespaces whose workloads may connect (null: not computed)', items: str },
              fromNamespaceCount: { type: ['integer', 'null'] },
              toMetadata: strOrNull,
            },
          },
        },
      },
    },
    matrix: {
      type: ['object', 'null'],
      description: 'workload connections counted per namespace pair: cells are [source index, destination index, count] into `namespaces`; `(outside)` stands for addresses outside the cluster',
      required: ['namespaces', 'cells'],
      properties: { namespaces: strings, cells: { type: 'array', items: { type: 'array', items: int } } },
    },
    connections: {
      type: 'object',
      required: ['total', 'limit', 'capped', 'items'],
      properties: {
        total: int,
        limit: int,
        capped: { ...bool, description: 'more than `limit` connections: those crossing a namespace or the cluster edge are kept first' },
        skipped: { ...str, description: 'why no list was computed (estate over the size limits)' },
        items: { type: 'array', items: { type: 'object', required: ['src', 'dst', 'conn'], properties: { src: str, dst: str, conn } } },
      },
    },
    notes: strings,
  },
} as const;

const summary = { type: 'object', additionalProperties: { type: ['number', 'boolean', 'null'] } } as const;

/** The counts kept beside an RBAC analysis (scan_analyses.summary), as GET /clusters lists them. */
export const rbacSummarySchema = {
  type: 'object',
  required: ['paths', 'critical', 'toClusterAdmin', 'toKubeSystemSecrets', 'subjects', 'exposedSubjects', 'capped'],
  properties: {
    paths: { ...int, description: 'escalation paths found (all of them, also when the stored list is capped)' },
    critical: { ...int, description: 'paths at critical: not through a Kubernetes bootstrap binding or group membership' },
    toClusterAdmin: int,
    toKubeSystemSecrets: int,
    subjects: { ...int, description: 'distinct subjects with at least one path' },
    exposedSubjects: { type: ['integer', 'null'], description: "distinct subjects with a path whose pods are behind a LoadBalancer, NodePort or external IP (null: an analysis recorded by an older version whose path list was capped)" },
    capped: { ...bool, description: 'the stored path list is capped (the counts are not)' },
  },
} as const;

/** The counts kept beside a reachability analysis (scan_analyses.summary), as GET /clusters lists them. */
export const netpolSummarySchema = {
  type: 'object',
  required: ['cniEnforces', 'namespaces', 'namespacesWithWorkloads', 'withoutDefaultDenyIngress', 'withoutDefaultDenyEgress', 'workloads', 'openToAll', 'fromOutside', 'connections', 'capped'],
  properties: {
    cniEnforces: { type: ['boolean', 'null'], description: 'an enforcing network plugin runs (false: only plugins that ignore NetworkPolicy; null: none recognised)' },
    namespaces: int,
    namespacesWithWorkloads: { ...int, description: 'namespaces with at least one workload: what `withoutDefaultDeny*` count among' },
    withoutDefaultDenyIngress: { ...int, description: 'namespaces with workloads and no default-deny ingress policy' },
    withoutDefaultDenyEgress: int,
    workloads: int,
    openToAll: { ...int, description: 'workloads accepting connections from every pod of every namespace' },
    fromOutside: { ...int, description: 'workloads accepting connections from addresses outside the cluster' },
    connections: { type: ['integer', 'null'], description: 'allowed workload connections (null: the estate was over the size limits for the list)' },
    capped: { ...bool, description: 'the stored connection list is capped' },
  },
} as const;

function latestAnalysisSchema(kind: 'rbac' | 'netpol', what: string, counts: object) {
  return {
    anyOf: [
      { type: 'null', description: `no scan of this cluster recorded ${what} yet (scanned before the analyses existed, or never scanned)` },
      {
        type: 'object',
        description: `the newest scan with ${what}: the one GET /clusters/{id}/${kind} serves by default`,
        required: ['scanId', 'at', 'status', 'error', 'summary'],
        properties: {
          scanId: int,
          at: { ...str, description: "the scan's start" },
          status: { enum: ['ok', 'error'], description: 'error: the analysis failed (`error` says why) and there are no counts' },
          error: strOrNull,
          summary: { anyOf: [{ type: 'null' }, counts] },
        },
      },
    ],
  } as const;
}

/** `analysis` of each cluster in GET /clusters and /clusters/{id}: counts only, never the analyses themselves. */
export const clusterAnalysisSchema = {
  type: 'object',
  description: 'counts of the RBAC escalation paths and NetworkPolicy reachability of the newest scan that recorded them; the analyses themselves are at /clusters/{id}/rbac and /netpol',
  required: ['rbac', 'netpol'],
  properties: { rbac: latestAnalysisSchema('rbac', 'RBAC escalation paths', rbacSummarySchema), netpol: latestAnalysisSchema('netpol', 'NetworkPolicy reachability', netpolSummarySchema) },
} as const;

/** The envelope of GET /clusters/{id}/rbac and /netpol. */
export function analysisResponse(body: object) {
  return {
    type: 'object',
    required: ['cluster', 'scan', 'status', 'error', 'durationMs', 'summary', 'history', 'analysis'],
    properties: {
      cluster: { type: 'object', required: ['id', 'name'], properties: { id: int, name: str } },
      scan: { type: 'object', required: ['id', 'startedAt', 'status'], properties: { id: int, startedAt: str, status: str } },
      status: { enum: ['ok', 'error'] },
      error: strOrNull,
      durationMs: int,
      summary,
      history: {
        type: 'array',
        description: "the cluster's recent analyses of this kind, newest first",
        items: { type: 'object', required: ['scanId', 'at', 'status', 'summary'], properties: { scanId: int, at: str, status: str, summary } },
      },
      analysis: { anyOf: [{ type: 'null' }, body] },
    },
  } as const;
}
