/**
 * The node report's outputs: the kube-bench-shaped table, the conversion to a
 * ScanResult for the common formatters (FAIL → finding), and merging the reports
 * of many nodes.
 */
import { createHash } from 'node:crypto';
import pc from 'picocolors';
import type { Finding, ScanResult } from '../core/finding.js';
import { cis } from '../core/framework.js';
import { summarise } from '../engine/scan.js';
import { compareFindings } from '../engine/run-checks.js';
import { VERSION } from '../version.js';
import { totalsOf, type ControlResult, type ControlState, type NodeReport, type Totals } from './result.js';

const TAG: Record<ControlState, string> = { PASS: '[PASS]', FAIL: '[FAIL]', WARN: '[WARN]', INFO: '[INFO]', 'NOT-APPLICABLE': '[N/A] ' };

export interface NodeTableOptions {
  readonly color: boolean;
  /** Print the evidence under each FAIL and WARN (kube-bench's --include-test-output). */
  readonly evidence?: boolean;
}

function paintFor(color: boolean): Record<ControlState, (s: string) => string> {
  const c = pc.createColors(color);
  return { PASS: c.green, FAIL: c.red, WARN: c.yellow, INFO: c.blue, 'NOT-APPLICABLE': c.dim };
}

function totalsLines(label: string, t: Totals): string[] {
  return [`== Summary ${label} ==`, `${t.pass} checks PASS`, `${t.fail} checks FAIL`, `${t.warn} checks WARN`, `${t.info} checks INFO`, `${t.notApplicable} checks N/A`, ''];
}

/** kube-bench's text shape: sections and groups as [INFO], one line per control, remediations, summaries. */
export function formatNodeTable(report: NodeReport, options: NodeTableOptions): string {
  const paint = paintFor(options.color);
  const bold = pc.createColors(options.color).bold;
  const dim = pc.createColors(options.color).dim;
  const lines: string[] = [];
  const components = report.node.components.filter((c) => c.present).map((c) => c.name);
  lines.push(bold(`kubefort node — ${report.node.name} (${report.node.os?.prettyName ?? 'unknown OS'}; ${report.node.distribution}${report.node.kubernetesVersion === undefined ? '' : `; Kubernetes ${report.node.kubernetesVersion}`})`));
  lines.push(`benchmark ${report.benchmark.id} (${report.benchmark.title}), selected by ${report.benchmark.selectedBy}${report.benchmark.notice === undefined ? '' : `: ${report.benchmark.notice}`}`);
  lines.push(`components: ${components.length === 0 ? 'none found' : components.join(', ')}`);
  const kubelet = report.node.components.find((c) => c.name === 'kubelet' && c.present);
  if (kubelet?.config !== undefined) lines.push(`kubelet configuration: ${kubelet.config}`);
  lines.push('');
  for (const section of report.sections) {
    const inSection = report.results.filter((r) => r.section === section.id);
    if (inSection.length === 0) continue;
    lines.push(paint.INFO(`[INFO] ${section.id} ${section.title}`));
    for (const group of section.groups) {
      const inGroup = inSection.filter((r) => r.group === group.id);
      if (inGroup.length === 0) continue;
      lines.push(paint.INFO(`[INFO] ${group.id} ${group.title}`));
      for (const r of inGroup) {
        const manual = r.automated ? '' : ' (Manual)';
        lines.push(`${paint[r.state](TAG[r.state])} ${r.id} ${r.title}${manual}`);
        if (options.evidence === true && (r.state === 'FAIL' || r.state === 'WARN')) for (const e of r.evidence) lines.push(dim(`       ${e.text}`));
      }
    }
    lines.push('');
    const attention = inSection.filter((r) => r.state === 'FAIL' || r.state === 'WARN');
    if (attention.length > 0) {
      lines.push(`== Remediations ${section.target} ==`);
      for (const r of attention) {
        lines.push(`${r.id} ${r.reason}`);
        for (const e of r.evidence.slice(0, 4)) lines.push(dim(`  found: ${e.text}`));
        lines.push(`  fix: ${r.remediation}`);
        lines.push('');
      }
    }
    lines.push(...totalsLines(section.target, totalsOf(inSection)));
  }
  lines.push(...totalsLines('total', report.totals));
  return `${lines.join('\n')}`;
}

function resourceName(report: NodeReport): string {
  return report.node.name;
}

/** FAIL results as findings on the Node object, located at the host file read; the other formatters take it from here. */
export function nodeReportToScanResult(report: NodeReport): ScanResult {
  const findings: Finding[] = report.results
    .filter((r) => r.state === 'FAIL')
    .map((r) => toFinding(report, r))
    .sort(compareFindings);
  const checks = report.results.map((r) => checkIdOf(r));
  return {
    apiVersion: 'kubefort.io/v1alpha1',
    kind: 'ScanResult',
    tool: { name: 'kubefort', version: VERSION },
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    target: { type: 'node', paths: [report.node.root] },
    summary: summarise(1, findings, 0, []),
    findings,
    suppressed: [],
    errors: [],
    checks,
  };
}

export function checkIdOf(r: Pick<ControlResult, 'benchmark' | 'id'>): string {
  return r.benchmark === 'kubefort-os' ? r.id : `CIS-${r.id}`;
}

function toFinding(report: NodeReport, r: ControlResult): Finding {
  const name = resourceName(report);
  const checkId = checkIdOf(r);
  const path = r.key ?? '';
  return {
    checkId,
    checkName: r.benchmark === 'kubefort-os' ? `node-os-${r.id.toLowerCase()}` : `cis-${r.id}`,
    messageId: 'fail',
    title: r.title,
    area: r.area,
    severity: r.severity,
    resource: { apiVersion: 'v1', kind: 'Node', name },
    location: { path, ...(r.file === undefined ? {} : { file: r.file }) },
    message: `${r.reason}${r.evidence.length > 0 ? ` — found: ${r.evidence.map((e) => e.text).slice(0, 3).join('; ')}` : ''}`,
    remediation: r.remediation,
    frameworks: r.benchmark === 'kubefort-os' ? [] : [cis(r.id)],
    fingerprint: createHash('sha256').update(`${checkId}\u0000Node\u0000\u0000${name}\u0000${path}`).digest('hex').slice(0, 16),
  };
}

export interface MergedReport {
  readonly apiVersion: 'kubefort.io/v1alpha1';
  readonly kind: 'NodeReportList';
  readonly nodes: readonly NodeReport[];
  readonly totals: Totals;
  /** Per control: how many nodes FAIL it, for controls failing anywhere. */
  readonly failing: readonly { readonly id: string; readonly title: string; readonly nodes: readonly string[] }[];
}

export function mergeReports(reports: readonly NodeReport[]): MergedReport {
  const failing = new Map<string, { id: string; title: string; nodes: string[] }>();
  for (const report of reports) {
    for (const r of report.results) {
      if (r.state !== 'FAIL') continue;
      const entry = failing.get(r.id) ?? { id: r.id, title: r.title, nodes: [] };
      entry.nodes.push(report.node.name);
      failing.set(r.id, entry);
    }
  }
  return {
    apiVersion: 'kubefort.io/v1alpha1',
    kind: 'NodeReportList',
    nodes: reports,
    totals: totalsOf(reports.flatMap((r) => r.results)),
    failing: [...failing.values()],
  };
}

export function formatMergedTable(merged: MergedReport, options: NodeTableOptions): string {
  const paint = paintFor(options.color);
  const lines: string[] = [];
  lines.push(`${'NODE'.padEnd(28)} ${'PASS'.padStart(5)} ${'FAIL'.padStart(5)} ${'WARN'.padStart(5)} ${'INFO'.padStart(5)} ${'N/A'.padStart(5)}  BENCHMARK`);
  for (const n of merged.nodes) {
    const t = n.totals;
    lines.push(`${n.node.name.padEnd(28)} ${String(t.pass).padStart(5)} ${paint.FAIL(String(t.fail).padStart(5))} ${paint.WARN(String(t.warn).padStart(5))} ${String(t.info).padStart(5)} ${String(t.notApplicable).padStart(5)}  ${n.benchmark.id}`);
  }
  lines.push('');
  if (merged.failing.length > 0) {
    lines.push('== Failing controls ==');
    for (const f of merged.failing) lines.push(`${paint.FAIL('[FAIL]')} ${f.id} ${f.title} — ${f.nodes.length} node${f.nodes.length === 1 ? '' : 's'}: ${f.nodes.join(', ')}`);
    lines.push('');
  }
  lines.push(...totalsLines('total', merged.totals));
  return lines.join('\n');
}
