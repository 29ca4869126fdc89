/**
 * Baselines and frameworks over a ScanResult: which findings are new since a previous
 * result (by fingerprint), and compliance per control of a framework. Pure.
 */
import { AREAS, type Area } from '../core/area.js';
import type { Check } from '../core/check.js';
import { KubefortError } from '../core/errors.js';
import type { Finding, ScanResult } from '../core/finding.js';
import { FRAMEWORK_TITLES, type FrameworkId } from '../core/framework.js';
import { formatRef } from '../core/resource.js';

// ---------------------------------------------------------------- baseline

export interface BaselineSplit {
  /** Findings whose fingerprint the baseline does not have: these fail CI. */
  readonly fresh: readonly Finding[];
  /** Findings already in the baseline. */
  readonly known: readonly Finding[];
}

/** Fingerprints of a previous `-o json` result (findings and suppressed). */
export function baselineFingerprints(json: unknown, source: string): Set<string> {
  const result = json as Partial<ScanResult> | null;
  if (result === null || typeof result !== 'object' || result.kind !== 'ScanResult' || !Array.isArray(result.findings))
    throw new KubefortError('KF_ERR_USAGE', `${source} is not a kubefort ScanResult (kubefort scan -o json)`);
  const out = new Set<string>();
  for (const f of [...result.findings, ...(Array.isArray(result.suppressed) ? result.suppressed : [])]) if (typeof f?.fingerprint === 'string') out.add(f.fingerprint);
  return out;
}

export function splitByBaseline(findings: readonly Finding[], baseline: ReadonlySet<string>): BaselineSplit {
  return { fresh: findings.filter((f) => !baseline.has(f.fingerprint)), known: findings.filter((f) => baseline.has(f.fingerprint)) };
}

export function formatBaseline(split: BaselineSplit, source: string): string {
  const lines = [`Baseline ${source}: ${split.fresh.length} new finding${split.fresh.length === 1 ? '' : 's'} (these decide the exit code), ${split.known.length} already in the baseline`];
  for (const f of split.known) lines.push(`  baseline ${f.severity.padEnd(8)} ${f.checkId} ${formatRef(f.resource)}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- frameworks

/** Names accepted by `--framework`, with the framework id of the check metadata. */
export const FRAMEWORK_OPTIONS: Readonly<Record<string, FrameworkId>> = {
  'cis-1.12': 'cis-1.12',
  'pss-baseline': 'pss-baseline',
  'pss-restricted': 'pss-restricted',
  nsa: 'nsa-cisa',
  'nsa-cisa': 'nsa-cisa',
  steps: 'steps',
};

/**
 * The `steps` framework: the hardening practice's steps, in order. Checks map by area;
 * "prioritised remediation" is what the fix-first list does, and is not a check.
 */
export const STEPS: readonly { readonly id: string; readonly title: string; readonly areas: readonly Area[] }[] = [
  { id: '1', title: 'Keep Kubernetes current', areas: ['version'] },
  { id: '2', title: 'Secure API server authentication and configuration', areas: ['apiserver'] },
  { id: '3', title: 'RBAC least privilege', areas: ['rbac'] },
  { id: '4', title: 'Restrict kubelet access', areas: ['kubelet'] },
  { id: '5', title: 'Harden nodes and the workloads that run on them', areas: ['node', 'workload'] },
  { id: '6', title: 'Isolate with namespaces and NetworkPolicies', areas: ['network'] },
  { id: '7', title: 'Enable audit logging', areas: ['audit'] },
  { id: '8', title: 'Protect etcd', areas: ['etcd'] },
  { id: '9', title: 'Continuous compliance (images, supply chain, scan coverage)', areas: ['supply-chain', 'general'] },
  { id: '10', title: 'Prioritise and remediate (the fix-first list)', areas: [] },
];

export type ControlStatus = 'pass' | 'fail' | 'not-assessed';

export interface ControlCompliance {
  readonly control: string;
  readonly title?: string;
  readonly checks: readonly string[];
  readonly findings: number;
  readonly status: ControlStatus;
}

export interface FrameworkCompliance {
  readonly framework: FrameworkId;
  readonly title: string;
  readonly controls: readonly ControlCompliance[];
  /** Passing controls among the assessed ones, 0–100 (one decimal); undefined when none was assessed. */
  readonly percent?: number;
}

export function resolveFramework(name: string): FrameworkId {
  const id = FRAMEWORK_OPTIONS[name];
  if (id === undefined) throw new KubefortError('KF_ERR_USAGE', `unknown framework "${name}"; use one of ${Object.keys(FRAMEWORK_OPTIONS).join(', ')}`);
  return id;
}

/** The controls of a framework each check maps to. */
function controlsOf(check: Check, framework: FrameworkId): string[] {
  if (framework === 'steps') return STEPS.filter((s) => s.areas.includes(check.meta.area)).map((s) => s.id);
  return check.meta.frameworks.filter((f) => f.framework === framework).map((f) => f.control);
}

/** Whether a finding belongs to the framework (its check maps to one of its controls). */
export function inFramework(finding: Finding, framework: FrameworkId): boolean {
  if (framework === 'steps') return true;
  return finding.frameworks.some((f) => f.framework === framework);
}

/** Compliance per control: pass when every check of the control ran and none has a finding. */
export function compliance(result: ScanResult, checks: readonly Check[], framework: FrameworkId): FrameworkCompliance {
  const ran = new Set(result.checks);
  const byControl = new Map<string, Set<string>>();
  if (framework === 'steps') for (const s of STEPS) byControl.set(s.id, new Set());
  for (const check of checks) {
    for (const control of controlsOf(check, framework)) {
      let set = byControl.get(control);
      if (set === undefined) byControl.set(control, (set = new Set()));
      set.add(check.meta.id);
    }
  }
  const findingsByCheck = new Map<string, number>();
  for (const f of result.findings) findingsByCheck.set(f.checkId, (findingsByCheck.get(f.checkId) ?? 0) + 1);
  const controls = [...byControl].map(([control, ids]): ControlCompliance => {
    const assessed = [...ids].filter((id) => ran.has(id));
    const findings = assessed.reduce((n, id) => n + (findingsByCheck.get(id) ?? 0), 0);
    const status: ControlStatus = assessed.length === 0 ? 'not-assessed' : findings > 0 ? 'fail' : 'pass';
    const title = framework === 'steps' ? STEPS.find((s) => s.id === control)?.title : undefined;
    return { control, ...(title === undefined ? {} : { title }), checks: [...ids].sort(), findings, status };
  });
  controls.sort((a, b) => a.control.localeCompare(b.control, 'en', { numeric: true }));
  const assessed = controls.filter((c) => c.status !== 'not-assessed');
  const pass = assessed.filter((c) => c.status === 'pass').length;
  return {
    framework,
    title: FRAMEWORK_TITLES[framework],
    controls,
    ...(assessed.length === 0 ? {} : { percent: Math.round((pass / assessed.length) * 1000) / 10 }),
  };
}

export function formatCompliance(c: FrameworkCompliance): string {
  const lines = [`${c.title}: ${c.percent === undefined ? 'no control assessed' : `${c.percent}% of assessed controls pass`}`];
  for (const k of c.controls) {
    const mark = k.status === 'pass' ? 'PASS' : k.status === 'fail' ? 'FAIL' : '  - ';
    const detail = k.status === 'not-assessed' ? 'not assessed (no check ran)' : `${k.findings} finding${k.findings === 1 ? '' : 's'} from ${k.checks.join(', ')}`;
    lines.push(`  ${mark} ${k.control}${k.title === undefined ? '' : ` ${k.title}`}: ${detail}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Areas in report order, for callers that group by area. */
export const AREA_ORDER: readonly Area[] = AREAS;
