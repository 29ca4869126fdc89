/**
 * A CIS benchmark as data. A control is a row: id, title, target, automated or
 * manual, what it reads (a component flag, a kubelet configuration key, or the mode
 * or owner of a file), an operator from a closed list with its expected value, and
 * the remediation. The evaluator (src/node/cis.ts) applies rows to a node; nothing
 * here runs code.
 */
import type { Area } from '../../core/area.js';
import type { Severity } from '../../core/severity.js';
import type { ComponentName } from '../component.js';

export const CIS_TARGETS = ['master', 'etcd', 'controlplane', 'node', 'policies'] as const;
export type CisTarget = (typeof CIS_TARGETS)[number];

/** What value a test reads. */
export type SettingRef =
  /** A component flag (with its environment variable for etcd, its config file for kube-proxy), or one feature gate of it. */
  | { readonly from: 'flag'; readonly component: Exclude<ComponentName, 'kubelet'>; readonly flag: string; readonly gate?: string }
  /** A key of the kubelet's effective configuration (flags > drop-ins > config file > defaults). */
  | { readonly from: 'kubelet'; readonly key: string }
  /** A kubelet command-line flag that has no configuration key (`--config`, `--kubeconfig`). */
  | { readonly from: 'kubelet-flag'; readonly flag: string }
  /** A value derived from a file a flag names. */
  | { readonly from: 'derived'; readonly name: 'apiserver-secrets-encryption-provider' };

/** Which files a file test looks at; every existing one must pass, none existing is not applicable. */
export type FileRef =
  /** The component's static pod manifest. */
  | { readonly of: 'manifest'; readonly component: ComponentName }
  /** Fixed host paths. */
  | { readonly of: 'paths'; readonly paths: readonly string[] }
  /** The path a setting names (etcd --data-dir, kubelet --kubeconfig …), else the fallbacks. */
  | { readonly of: 'setting'; readonly setting: SettingRef; readonly fallback?: readonly string[] }
  /** Everything below a directory; `pki` is the API server's PKI directory (from --client-ca-file, default /etc/kubernetes/pki). */
  | { readonly of: 'tree'; readonly dir: string; readonly suffix?: string };

export type ValueOperator =
  /** Effective value equals (booleans case-insensitively). */
  | { readonly op: 'eq'; readonly value: string }
  /** Effective value is not this (an unset value without default passes). */
  | { readonly op: 'neq'; readonly value: string }
  /** Set explicitly (flag, environment or config file), any value. */
  | { readonly op: 'set' }
  /** Not set explicitly. */
  | { readonly op: 'unset' }
  /** The comma-separated list contains this item exactly. */
  | { readonly op: 'has'; readonly item: string }
  /** The comma-separated list does not contain this item (unset passes). */
  | { readonly op: 'lacks'; readonly item: string }
  /** A number at least this. */
  | { readonly op: 'gte'; readonly value: number }
  /** Every comma-separated item is one of these (unset fails). */
  | { readonly op: 'within'; readonly allowed: readonly string[] }
  /** A Go duration that is not zero. */
  | { readonly op: 'nonzero-duration' }
  /** A `host:port` or host bound to loopback only. */
  | { readonly op: 'loopback' };

export type FileOperator =
  /** No permission bit outside this mask: `(mode & ~mask) == 0` (kube-bench's bitmask). */
  | { readonly op: 'mode-at-most'; readonly mode: number }
  /** Owner and group names, resolved through the host's /etc/passwd and /etc/group. */
  | { readonly op: 'owner'; readonly user: string; readonly group: string };

export interface SettingTest {
  readonly setting: SettingRef;
  readonly check: ValueOperator;
}
export interface FileTest {
  readonly file: FileRef;
  readonly check: FileOperator;
}
export type CisTest = SettingTest | FileTest;

export interface CisControl {
  /** CIS number: `1.2.16`. */
  readonly id: string;
  /** CIS wording without the (Automated)/(Manual) suffix. */
  readonly title: string;
  readonly target: CisTarget;
  /** CIS designation: Automated (scored: FAIL on failure) or Manual (WARN on failure). */
  readonly automated: boolean;
  readonly level?: 1 | 2;
  /** The component that must run on this node for the control to apply. */
  readonly requires?: ComponentName;
  /** All must pass. Empty for a manual control nothing can verify. */
  readonly tests: readonly CisTest[];
  readonly remediation: string;
  /** For manual controls: what a person verifies. */
  readonly verify?: string;
  /** Overrides the group's area (findings). */
  readonly area?: Area;
  /** Severity of a failure; default high for settings, medium for files. */
  readonly severity?: Severity;
  /** Where kubefort's semantics differ from kube-bench's, and why. */
  readonly note?: string;
}

export interface CisGroup {
  readonly id: string;
  readonly title: string;
  readonly area: Area;
}

export interface CisSection {
  readonly id: string;
  readonly title: string;
  readonly target: CisTarget;
}

export interface CisBenchmark {
  readonly id: string;
  readonly title: string;
  /** Kubernetes minors (`1.32`) this benchmark is selected for. */
  readonly kubernetes: readonly string[];
  readonly sections: readonly CisSection[];
  readonly groups: readonly CisGroup[];
  readonly controls: readonly CisControl[];
}
