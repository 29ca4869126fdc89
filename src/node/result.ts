/** The node report: every control's verdict with its evidence. Schema: docs/node-benchmark.md. */
import type { Area } from '../core/area.js';
import type { Severity } from '../core/severity.js';

export const CONTROL_STATES = ['PASS', 'FAIL', 'WARN', 'INFO', 'NOT-APPLICABLE'] as const;
export type ControlState = (typeof CONTROL_STATES)[number];

export interface Evidence {
  /** What was read and found: `--profiling=false (/proc/812/cmdline)`, `0644 root:root /var/lib/kubelet/config.yaml`. */
  readonly text: string;
  /** The host file it was read from. */
  readonly file?: string;
}

export interface ControlResult {
  /** CIS number (`4.2.1`) or kubefort OS control id (`KF-O-010`). */
  readonly id: string;
  readonly title: string;
  /** `cis-1.12`, or `kubefort-os` for the OS hardening controls. */
  readonly benchmark: string;
  /** Section and group ids: `4` / `4.2`; `KF-O` / `KF-O.ssh`. */
  readonly section: string;
  readonly group: string;
  readonly automated: boolean;
  readonly state: ControlState;
  /** One line: why this state. */
  readonly reason: string;
  /** What passes, e.g. `= false`, `mode at most 0600`. */
  readonly expected?: string;
  readonly evidence: readonly Evidence[];
  readonly remediation: string;
  readonly area: Area;
  readonly severity: Severity;
  /** The main host file a FAIL points at. */
  readonly file?: string;
  /** The flag or configuration key concerned. */
  readonly key?: string;
  /** How kubefort's semantics differ from kube-bench's for this control. */
  readonly note?: string;
}

export interface ResultGroup {
  readonly id: string;
  readonly title: string;
}

export interface ResultSection {
  readonly id: string;
  readonly title: string;
  /** `master`, `etcd`, `controlplane`, `node`, `policies`, or `os`. */
  readonly target: string;
  readonly groups: readonly ResultGroup[];
}

export type Totals = Record<'pass' | 'fail' | 'warn' | 'info' | 'notApplicable', number>;

export interface ComponentSummary {
  readonly name: string;
  readonly present: boolean;
  /** `process /proc/812/cmdline`, `static pod /etc/kubernetes/manifests/etcd.yaml`, `embedded in k3s (pid 90)`. */
  readonly source?: string;
  readonly manifest?: string;
  /** For the kubelet: the config file and drop-ins, or `flags only`. */
  readonly config?: string;
}

export interface NodeReport {
  readonly apiVersion: 'kubefort.io/v1alpha1';
  readonly kind: 'NodeReport';
  readonly tool: { readonly name: 'kubefort'; readonly version: string };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly node: {
    readonly name: string;
    readonly root: string;
    readonly os?: { readonly prettyName: string; readonly id?: string; readonly minimal: boolean };
    readonly distribution: string;
    readonly kubernetesVersion?: string;
    readonly components: readonly ComponentSummary[];
  };
  readonly benchmark: { readonly id: string; readonly title: string; readonly selectedBy: 'flag' | 'version' | 'default'; readonly notice?: string };
  readonly sections: readonly ResultSection[];
  readonly results: readonly ControlResult[];
  readonly totals: Totals;
}

export function totalsOf(results: readonly ControlResult[]): Totals {
  const totals: Totals = { pass: 0, fail: 0, warn: 0, info: 0, notApplicable: 0 };
  for (const r of results) {
    if (r.state === 'PASS') totals.pass++;
    else if (r.state === 'FAIL') totals.fail++;
    else if (r.state === 'WARN') totals.warn++;
    else if (r.state === 'INFO') totals.info++;
    else totals.notApplicable++;
  }
  return totals;
}
