/** The audit.k8s.io/v1 Policy, as the API server reads it (k8s.io/apiserver pkg/apis/audit/v1). */
export const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
export type Level = (typeof LEVELS)[number];

export const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] as const;
export type Stage = (typeof STAGES)[number];

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

export function isLevel(v: unknown): v is Level {
  return typeof v === 'string' && (LEVELS as readonly string[]).includes(v);
}

export function isStage(v: unknown): v is Stage {
  return typeof v === 'string' && (STAGES as readonly string[]).includes(v);
}

export interface GroupResources {
  /** "" = core; "*" = every group (1.36+). */
  readonly group: string;
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
}

export interface PolicyRule {
  readonly level: Level;
  readonly users: readonly string[];
  readonly userGroups: readonly string[];
  readonly verbs: readonly string[];
  readonly resources: readonly GroupResources[];
  readonly namespaces: readonly string[];
  readonly nonResourceURLs: readonly string[];
  readonly omitStages: readonly Stage[];
  readonly omitManagedFields?: boolean;
}

export interface Policy {
  readonly rules: readonly PolicyRule[];
  readonly omitStages: readonly Stage[];
  readonly omitManagedFields: boolean;
}

/** The attributes of one request, as the policy checker sees them (before impersonation). */
export interface RequestAttributes {
  /** Absent for failed authentication (401): rules with users/userGroups never match. */
  readonly user?: { readonly name: string; readonly groups: readonly string[] };
  readonly verb: string;
  /** Resource requests. */
  readonly resource?: {
    readonly group: string;
    readonly resource: string;
    readonly subresource?: string;
    /** "" for cluster-scoped. */
    readonly namespace: string;
    readonly name?: string;
  };
  /** Non-resource requests (`/healthz`). */
  readonly path?: string;
}

export interface Decision {
  readonly level: Level;
  readonly omitStages: ReadonlySet<Stage>;
  readonly omitManagedFields: boolean;
  /** Index of the rule that decided, or -1 when no rule matched. */
  readonly rule: number;
}
