/**
 * A Markdown report for pull-request comments and CI job summaries (GitHub-flavoured
 * tables): a summary by area and severity, then a table of findings per area and,
 * once per check, how to fix it. Every cell is escaped: manifest data (names,
 * messages, paths) must not break the table or inject markup.
 */
import { AREA_TITLES, AREAS, type Area } from '../core/area.js';
import type { ScanError } from '../core/errors.js';
import type { Finding, ScanResult } from '../core/finding.js';
import { formatRef } from '../core/resource.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import type { Formatter } from './formatter.js';
import { briefMessage } from '../engine/risk.js';

export const formatMarkdown: Formatter = (result, options) => {
  const shown = options.showSuppressed ? [...result.findings, ...result.suppressed] : result.findings;
  const out: string[] = ['# kubefort scan report', '', overview(result), ''];

  out.push('## Summary', '');
  const areas = AREAS.filter((a) => result.findings.some((f) => f.area === a));
  if (areas.length === 0) {
    out.push('No findings.', '');
  } else {
    out.push(row(['Area', ...SEVERITIES.map(title), 'Total']), row(['---', ...SEVERITIES.map(() => '---:'), '---:']));
    for (const area of areas) {
      const inArea = result.findings.filter((f) => f.area === area);
      out.push(row([cell(AREA_TITLES[area]), ...SEVERITIES.map((s) => String(inArea.filter((f) => f.severity === s).length)), String(inArea.length)]));
    }
    out.push(row(['**Total**', ...SEVERITIES.map((s) => `**${result.summary.bySeverity[s]}**`), `**${result.summary.findings}**`]), '');
  }

  if ((result.fixFirst ?? []).length > 0) out.push(...fixFirstSection(result));

  for (const area of AREAS) {
    const inArea = shown.filter((f) => f.area === area);
    if (inArea.length > 0) out.push(...areaSection(area, inArea));
  }

  if (result.errors.length > 0) out.push(...errorSection(result.errors));
  return `${out.join('\n').trimEnd()}\n`;
};

function overview(result: ScanResult): string {
  const { summary } = result;
  const target = result.target.context === undefined ? result.target.type : `${result.target.type} ${code(result.target.context)}`;
  return [
    `${plural(summary.findings, 'finding')} in ${plural(summary.resources, 'object')} (${target})`,
    `${summary.suppressed} suppressed`,
    plural(summary.errors, 'input error'),
    plural(summary.warnings, 'warning'),
    plural(result.checks.length, 'check'),
    `kubefort ${cell(result.tool.version)}, ${cell(result.startedAt)}, ${result.durationMs} ms`,
  ].join(' · ');
}

function areaSection(area: Area, findings: readonly Finding[]): string[] {
  const out = [`## ${cell(AREA_TITLES[area])}`, '', row(['Severity', 'Check', 'Object', 'Location', 'Message']), row(['---', '---', '---', '---', '---'])];
  for (const f of findings) {
    const message = f.suppression === undefined ? cell(f.message) : `${cell(f.message)} _(suppressed: ${cell(f.suppression.reason)})_`;
    out.push(row([title(f.severity), `${cell(f.checkId)} ${cell(f.checkName)}`, code(formatRef(f.resource)), location(f), message]));
  }
  out.push('');
  const checks = [...new Map(findings.map((f) => [f.checkId, f])).values()];
  for (const f of checks) out.push(`### How to fix ${cell(f.checkId)}: ${cell(f.title)}`, '', f.remediation.trim(), '');
  return out;
}

function fixFirstSection(result: ScanResult): string[] {
  const out = ['## Fix first', '', 'Highest risk first: severity weighed by exposure, service-account rights, host access and namespace (docs/risk.md).', '', row(['#', 'Risk', 'Check', 'Object', 'What', 'Why']), row(['---:', '---:', '---', '---', '---', '---'])];
  (result.fixFirst ?? []).forEach((e, i) => out.push(row([String(i + 1), e.score.toFixed(1), `${cell(e.checkId)} ${cell(e.title)}`, code(formatRef(e.resource)), e.message === undefined ? '' : cell(briefMessage(e.message)), cell(e.reason)])));
  out.push('');
  return out;
}

function errorSection(errors: readonly ScanError[]): string[] {
  const out = ['## Input problems', '', row(['Level', 'Code', 'Location', 'Object', 'Message']), row(['---', '---', '---', '---', '---'])];
  for (const e of errors) {
    const place = e.file === undefined ? '' : code(e.line === undefined ? e.file : e.column === undefined ? `${e.file}:${e.line}` : `${e.file}:${e.line}:${e.column}`);
    const doc = e.documentIndex === undefined ? '' : ` (document ${e.documentIndex})`;
    out.push(row([e.level, code(e.code), `${place}${doc}`, e.object === undefined ? '' : code(e.object), cell(e.message)]));
  }
  out.push('');
  return out;
}

function location(f: Finding): string {
  const { file, line, column, path, cluster, template } = f.location;
  const at =
    file === undefined
      ? cluster === undefined
        ? 'cluster'
        : `cluster ${code(cluster)}`
      : code(line === undefined ? file : column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`);
  const parts = [at];
  if (path !== '') parts.push(code(path));
  if (template !== undefined) parts.push(`from ${code(template)}`);
  return parts.join('<br>');
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/**
 * Escapes text for a table cell, where only inline syntax applies: backslash-escapes
 * the characters that start emphasis, code, links, strikethrough, math, mentions
 * and cell breaks (backslash, backtick, `*`, `_`, `[`, `]`, `~`, `$`, `@`, `|`),
 * writes `&`, `<`, `>` as entities (no raw HTML), and turns line breaks into `<br>`
 * (a table row is one line).
 */
export function cell(s: string): string {
  return visible(s)
    .replace(/[\\`*_[\]~$@|]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * A code span that survives a table: the fence is longer than any backtick run
 * inside, `|` is escaped (GFM splits cells before it parses code spans), and line
 * breaks become spaces.
 */
export function code(s: string): string {
  const flat = visible(s.replace(/\r\n|\r|\n/g, ' ')).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Control characters (other than tab and line breaks) and lone surrogates, shown as `\uXXXX` rather than written raw. */
function visible(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) =>
    `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

function title(severity: Severity): string {
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
