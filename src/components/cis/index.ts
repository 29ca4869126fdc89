/**
 * The benchmark registry. Another CIS version or a managed-cluster profile
 * (EKS/GKE/AKS) is one more data file and one line here.
 */
import { KubefortError } from '../../core/errors.js';
import { isComponentName } from '../component.js';
import { isKubeletKey } from '../kubelet.js';
import { cis112 } from './cis-1.12.js';
import { CIS_TARGETS, type CisBenchmark, type CisControl, type CisGroup, type FileRef, type SettingRef } from './types.js';

export const BENCHMARKS: Readonly<Record<string, CisBenchmark>> = {
  'cis-1.12': cis112,
};

/** The newest benchmark, used when the version is unknown or newer than any mapping (as kube-bench does). */
export const DEFAULT_BENCHMARK = 'cis-1.12';

const KUBELET_FLAGS = new Set(['config', 'kubeconfig']);

function settingProblems(s: SettingRef): string[] {
  switch (s.from) {
    case 'flag':
      return isComponentName(s.component) && /^[a-z0-9-]+$/.test(s.flag) ? [] : [`bad flag reference ${s.component} --${s.flag}`];
    case 'kubelet':
      return isKubeletKey(s.key) ? [] : [`unknown kubelet key ${s.key} (add it to KUBELET_KEYS with its defaults)`];
    case 'kubelet-flag':
      return KUBELET_FLAGS.has(s.flag) ? [] : [`unknown kubelet flag --${s.flag}`];
    case 'derived':
      return [];
  }
}

function fileProblems(f: FileRef): string[] {
  switch (f.of) {
    case 'manifest':
      return isComponentName(f.component) ? [] : [`unknown component ${f.component}`];
    case 'paths':
      return f.paths.length > 0 && f.paths.every((p) => p.startsWith('/')) ? [] : ['paths must be absolute and non-empty'];
    case 'setting':
      return [...settingProblems(f.setting), ...(f.fallback ?? []).filter((p) => !p.startsWith('/')).map((p) => `fallback ${p} is not absolute`)];
    case 'tree':
      return f.dir === 'pki' || f.dir.startsWith('/') ? [] : [`tree dir ${f.dir} must be absolute or "pki"`];
  }
}

export function groupOf(benchmark: CisBenchmark, id: string): CisGroup | undefined {
  return [...benchmark.groups].sort((a, b) => b.id.length - a.id.length).find((g) => id === g.id || id.startsWith(`${g.id}.`));
}

/** Every problem of every row, each naming the row. Empty when the benchmark is sound. */
export function validateBenchmark(benchmark: CisBenchmark): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const row = (c: CisControl, message: string) => problems.push(`${benchmark.id} control ${c.id}: ${message}`);
  for (const c of benchmark.controls) {
    if (!/^\d+(\.\d+)*$/.test(c.id)) row(c, 'id must be dotted numbers');
    if (seen.has(c.id)) row(c, 'duplicate id');
    seen.add(c.id);
    if (c.title.trim() === '' || /\((Automated|Manual)\)$/.test(c.title)) row(c, 'title must be the CIS wording without the (Automated)/(Manual) suffix');
    if (!(CIS_TARGETS as readonly string[]).includes(c.target)) row(c, `unknown target ${c.target}`);
    const section = benchmark.sections.find((s) => c.id.split('.')[0] === s.id);
    if (section === undefined) row(c, 'no section for this id');
    else if (section.target !== c.target) row(c, `target ${c.target} differs from its section's ${section.target}`);
    if (groupOf(benchmark, c.id) === undefined) row(c, 'no group for this id');
    if (c.requires !== undefined && !isComponentName(c.requires)) row(c, `unknown component ${c.requires}`);
    if (c.automated && c.tests.length === 0) row(c, 'an automated control needs at least one test');
    if (!c.automated && c.tests.length === 0 && (c.verify ?? '').trim() === '') row(c, 'a manual control without tests needs `verify`');
    if (c.target !== 'policies' && c.tests.length > 0 && c.requires === undefined) row(c, 'a node control with tests must name the component it requires');
    if (c.remediation.trim() === '') row(c, 'remediation is empty');
    for (const t of c.tests) {
      const list = 'setting' in t ? settingProblems(t.setting) : fileProblems(t.file);
      for (const p of list) row(c, p);
      if ('file' in t && t.check.op === 'mode-at-most' && (t.check.mode < 0 || t.check.mode > 0o7777)) row(c, 'mode out of range');
      if ('setting' in t && t.check.op === 'within' && t.check.allowed.length === 0) row(c, '`within` needs allowed values');
    }
  }
  for (let i = 1; i < benchmark.controls.length; i++) {
    const a = benchmark.controls[i - 1];
    const b = benchmark.controls[i];
    if (a !== undefined && b !== undefined && compareIds(a.id, b.id) >= 0) problems.push(`${benchmark.id} control ${b.id}: out of order after ${a.id}`);
  }
  return problems;
}

export function compareIds(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Loads a benchmark, refusing one whose rows are invalid (the error names each row). */
export function loadBenchmark(id: string): CisBenchmark {
  const benchmark = BENCHMARKS[id];
  if (benchmark === undefined) throw new KubefortError('KF_ERR_USAGE', `unknown benchmark "${id}"; available: ${Object.keys(BENCHMARKS).join(', ')}`);
  const problems = validateBenchmark(benchmark);
  if (problems.length > 0) throw new Error(`invalid benchmark data:\n${problems.join('\n')}`);
  return benchmark;
}

export interface BenchmarkChoice {
  readonly benchmark: CisBenchmark;
  readonly selectedBy: 'flag' | 'version' | 'default';
  readonly notice?: string;
}

/** `--benchmark` wins; else the one mapped to the detected minor; else the newest (with a notice). */
export function selectBenchmark(kubernetesVersion: string | undefined, override: string | undefined): BenchmarkChoice {
  if (override !== undefined) return { benchmark: loadBenchmark(override), selectedBy: 'flag' };
  const minor = /^v?(\d+\.\d+)/.exec(kubernetesVersion ?? '')?.[1];
  if (minor !== undefined) {
    const hit = Object.values(BENCHMARKS).find((b) => b.kubernetes.includes(minor));
    if (hit !== undefined) return { benchmark: loadBenchmark(hit.id), selectedBy: 'version' };
    return { benchmark: loadBenchmark(DEFAULT_BENCHMARK), selectedBy: 'default', notice: `no benchmark maps Kubernetes ${minor}; using ${DEFAULT_BENCHMARK}, the newest` };
  }
  return { benchmark: loadBenchmark(DEFAULT_BENCHMARK), selectedBy: 'default', notice: `Kubernetes version not detected; using ${DEFAULT_BENCHMARK}, the newest` };
}

export type { CisBenchmark, CisControl, CisTarget, CisTest, FileRef, SettingRef, ValueOperator, FileOperator } from './types.js';
