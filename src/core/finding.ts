import type { Area } from './area.js';
import type { ScanError } from './errors.js';
import type { FrameworkRef } from './framework.js';
import type { ResourceRef } from './resource.js';
import type { Severity } from './severity.js';

/** Where a finding is: file position for manifests, object and JSON path always. */
export interface FindingLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** JSON path of the offending field within the object, e.g. `spec.containers[0].securityContext.privileged`. */
  readonly path: string;
  /** The Helm template the rendered document came from. */
  readonly template?: string;
  readonly documentIndex?: number;
  /** Context of a live cluster. */
  readonly cluster?: string;
}

export interface Suppression {
  readonly kind: 'annotation' | 'exception';
  readonly reason: string;
  readonly owner?: string;
  /** ISO date (YYYY-MM-DD) after which the suppression no longer applies. */
  readonly expires?: string;
  /** Where the suppression is written (annotation path or exceptions file). */
  readonly source: string;
}

export interface Finding {
  readonly checkId: string;
  readonly checkName: string;
  /** Which of the check's messages this is: stable, for machines. */
  readonly messageId: string;
  readonly title: string;
  readonly area: Area;
  readonly severity: Severity;
  readonly resource: ResourceRef;
  readonly location: FindingLocation;
  readonly message: string;
  readonly remediation: string;
  readonly frameworks: readonly FrameworkRef[];
  /** Stable across runs for the same check, object and field: used for baselines and history. */
  readonly fingerprint: string;
  /** Present on suppressed findings only. */
  readonly suppression?: Suppression;
  /** Present when an expired suppression stopped applying. */
  readonly expiredSuppression?: Suppression;
  /** Severity weighed by the object's context (docs/risk.md); set by every scan. */
  readonly risk?: FindingRisk;
}

/** A finding's rank: severity points times context factors, and the context that raised it. */
export interface FindingRisk {
  readonly score: number;
  /** One short sentence per context factor (exposure, identity, host access, sensitive namespace); empty when none applies. */
  readonly reasons: readonly string[];
  /** When the context is borrowed (a Service, a Role, a binding): what it exposes or grants rights to, e.g. `exposes shop/Deployment/web`. */
  readonly via?: string;
}

/** One entry of the fix-first list: a finding of high risk and the one-line reason for its rank. */
export interface FixFirstEntry {
  readonly fingerprint: string;
  readonly checkId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly resource: ResourceRef;
  readonly file?: string;
  readonly line?: number;
  readonly score: number;
  readonly reason: string;
  /**
   * The finding's message: what is specific to this finding, so that two entries of one check
   * on one object (two escalation paths of one binding) can be told apart. Absent from results
   * written before the field existed.
   */
  readonly message?: string;
}

export interface ScanSummary {
  readonly resources: number;
  readonly findings: number;
  readonly suppressed: number;
  readonly errors: number;
  readonly warnings: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byArea: Readonly<Record<Area, number>>;
}

/** The result of one scan: the documented JSON schema `kubefort.io/v1alpha1 ScanResult`. */
export interface ScanResult {
  readonly apiVersion: 'kubefort.io/v1alpha1';
  readonly kind: 'ScanResult';
  readonly tool: { readonly name: 'kubefort'; readonly version: string };
  readonly startedAt: string;
  readonly durationMs: number;
  /** What was scanned; `namespace` is set when a cluster scan was restricted to one (`-n`). */
  readonly target: { readonly type: 'manifests' | 'cluster' | 'node'; readonly paths?: readonly string[]; readonly context?: string; readonly namespace?: string };
  readonly summary: ScanSummary;
  readonly findings: readonly Finding[];
  readonly suppressed: readonly Finding[];
  readonly errors: readonly ScanError[];
  /** Ids of the checks that ran. */
  readonly checks: readonly string[];
  /** The findings to fix first, highest risk first (at most 10; docs/risk.md). */
  readonly fixFirst?: readonly FixFirstEntry[];
}
