/**
 * The human view: findings grouped by hardening area, worst first, each with
 * where (file:line or namespace/Kind/name), what, and the first line of the fix.
 */
import pc from 'picocolors';
import { AREA_TITLES, AREAS } from '../core/area.js';
import type { Finding, ScanResult } from '../core/finding.js';
import { formatRef } from '../core/resource.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import type { Formatter } from './formatter.js';
import { formatFixFirst } from '../engine/risk.js';

type Paint = (text: string) => string;

export const formatTable: Formatter = (result, options) => {
  const colors = pc.createColors(options.color);
  const severityColor: Record<Severity, Paint> = {
    critical: (t) => colors.bold(colors.red(t)),
    high: colors.red,
    medium: colors.yellow,
    low: colors.cyan,
    info: colors.dim,
  };
  const lines: string[] = [];
  const shown = options.showSuppressed ? [...result.findings, ...result.suppressed] : result.findings;
  const first = (result.fixFirst ?? []).slice(0, 5);
  if (first.length > 0) lines.push(colors.bold(`Fix first (by risk: docs/risk.md)`), ...formatFixFirst(first).map((l) => `  ${l}`), '');
  for (const area of AREAS) {
    const inArea = shown.filter((f) => f.area === area);
    if (inArea.length === 0) continue;
    lines.push(colors.bold(`${AREA_TITLES[area]} (${inArea.length})`));
    for (const f of inArea) lines.push(...describe(f, severityColor, colors.dim));
    lines.push('');
  }
  if (shown.length === 0) lines.push(colors.green('No findings.'), '');
  if (result.errors.length > 0) {
    lines.push(colors.bold(`Input problems (${result.errors.length})`));
    for (const e of result.errors) {
      const where = [e.file, e.documentIndex === undefined ? undefined : `document ${e.documentIndex}`, e.line === undefined ? undefined : `line ${e.line}`]
        .filter((x) => x !== undefined)
        .join(', ');
      const tag = e.level === 'error' ? colors.red(e.code) : colors.yellow(e.code);
      lines.push(`  ${tag} ${where === '' ? '' : `${where}: `}${e.object === undefined ? '' : `${e.object}: `}${e.message}`);
    }
    lines.push('');
  }
  lines.push(summaryLine(result, severityColor));
  return `${lines.join('\n')}\n`;
};

function describe(f: Finding, paint: Record<Severity, Paint>, dim: Paint): string[] {
  const sev = paint[f.severity](f.severity.toUpperCase().padEnd(8));
  const where = f.location.file === undefined ? formatRef(f.resource) : position(f.location.file, f.location.line, f.location.column);
  const suppressed = f.suppression === undefined ? '' : dim(` [suppressed: ${f.suppression.reason}]`);
  const out = [`  ${sev} ${f.checkId} ${f.checkName}  ${where}${suppressed}`];
  const object = f.location.file === undefined ? '' : `${formatRef(f.resource)}: `;
  out.push(`           ${object}${f.message}${f.location.path === '' ? '' : dim(` (${f.location.path})`)}`);
  if (f.location.template !== undefined) out.push(dim(`           Helm template: ${f.location.template}`));
  out.push(dim(`           fix: ${fixLine(f.remediation)}`));
  return out;
}

/** `file:line:column`, `file:line` or `file`: only what is known (never a made-up or `?` position). */
function position(file: string, line: number | undefined, column: number | undefined): string {
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

/**
 * The remediation's first line, for the one `fix:` line of the table. When that line introduces
 * what follows (it ends with `:`, often `e.g.:`, before a code block or a list), the colon would
 * leave it hanging: it ends without it and says where the rest is.
 */
export function fixLine(remediation: string): string {
  const lines = remediation.split('\n');
  const index = lines.findIndex((l) => l.trim() !== '');
  const first = (lines[index] ?? '').trim();
  if (!first.endsWith(':')) return first;
  const next = lines.slice(index + 1).find((l) => l.trim() !== '')?.trim() ?? '';
  const fence = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(next);
  const what = fence === null ? 'details' : /^(sh|bash|shell|console|zsh)$/i.test(fence[2] ?? '') ? 'commands' : 'example';
  const lead = first.replace(/[\s,;]*(?:\be\.g\.|\bfor example)?:$/i, '');
  return `${lead} (${what} in the remediation)`;
}

function summaryLine(result: ScanResult, paint: Record<Severity, Paint>): string {
  const { summary } = result;
  const counts = SEVERITIES.filter((s) => summary.bySeverity[s] > 0).map((s) => paint[s](`${summary.bySeverity[s]} ${s}`));
  const parts = [
    `${plural(summary.findings, 'finding')}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`,
    `${summary.suppressed} suppressed`,
    plural(summary.errors, 'input error'),
    `${plural(summary.resources, 'object')} scanned in ${result.durationMs} ms`,
  ];
  return parts.join(' · ');
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
