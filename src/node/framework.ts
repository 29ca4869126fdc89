/**
 * `kubefort checks --framework cis-1.12`: every control of a benchmark, automated
 * and manual, with what implements it: the node control (kubefort node reads it on
 * the node) and any kubefort check that references the control.
 */
import { BENCHMARKS, loadBenchmark } from '../components/cis/index.js';
import type { Check } from '../core/check.js';
import { KubefortError } from '../core/errors.js';

export interface FrameworkControl {
  readonly id: string;
  readonly title: string;
  readonly target: string;
  readonly automated: boolean;
  /** `kubefort node` evaluates it from the node (a row with tests), or reports it for manual verification. */
  readonly node: 'evaluated' | 'manual' | 'cluster-level';
  /** kubefort checks that map to it (ids). */
  readonly checks: readonly string[];
  readonly verify?: string;
}

export function frameworkControls(id: string, checks: readonly Check[]): FrameworkControl[] {
  if (BENCHMARKS[id] === undefined) throw new KubefortError('KF_ERR_USAGE', `unknown framework "${id}"; available: ${Object.keys(BENCHMARKS).join(', ')}`);
  const benchmark = loadBenchmark(id);
  return benchmark.controls.map((c) => ({
    id: c.id,
    title: c.title,
    target: c.target,
    automated: c.automated,
    node: c.target === 'policies' ? 'cluster-level' : c.tests.length > 0 ? 'evaluated' : 'manual',
    checks: checks.filter((k) => k.meta.frameworks.some((f) => f.framework === id && f.control === c.id)).map((k) => k.meta.id),
    ...(c.verify === undefined ? {} : { verify: c.verify }),
  }));
}

export function formatFrameworkTable(id: string, controls: readonly FrameworkControl[]): string {
  const lines = [`${'ID'.padEnd(8)} ${'TYPE'.padEnd(9)} ${'TARGET'.padEnd(12)} ${'IMPLEMENTED BY'.padEnd(34)} TITLE`];
  for (const c of controls) {
    const by = [c.node === 'evaluated' ? 'kubefort node' : c.node === 'manual' ? 'kubefort node (manual)' : '', ...c.checks].filter((x) => x !== '').join(', ') || '— (manual, cluster-level)';
    lines.push(`${c.id.padEnd(8)} ${(c.automated ? 'Automated' : 'Manual').padEnd(9)} ${c.target.padEnd(12)} ${by.padEnd(34)} ${c.title}`);
  }
  const automated = controls.filter((c) => c.automated);
  lines.push('', `${id}: ${controls.length} controls, ${automated.length} automated (${automated.filter((c) => c.node === 'evaluated' || c.checks.length > 0).length} implemented), ${controls.length - automated.length} manual`);
  return `${lines.join('\n')}\n`;
}
