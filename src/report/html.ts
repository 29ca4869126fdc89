/**
 * One self-contained HTML file: no script, no font, no image, no link to anything. A
 * summary per hardening area with inline SVG bar charts, the fix-first list, then every
 * finding with its evidence (object, file:line, JSON path, message) and remediation.
 * Every piece of manifest or user text goes through `escapeHtml`.
 */
import { AREA_TITLES, AREAS } from '../core/area.js';
import type { Finding, ScanResult } from '../core/finding.js';
import { formatRef } from '../core/resource.js';
import { SEVERITIES, type Severity } from '../core/severity.js';
import type { Formatter } from './formatter.js';
import { briefMessage } from '../engine/risk.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const COLORS: Record<Severity, string> = { critical: '#8b0000', high: '#d32f2f', medium: '#f57c00', low: '#1976d2', info: '#757575' };

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.sev{color:#fff;border-radius:3px;padding:1px 6px;font-size:12px;white-space:nowrap}
code{background:#f4f4f4;padding:0 3px;border-radius:3px;word-break:break-all}
details{margin:6px 0 12px}pre{background:#f7f7f7;padding:8px;white-space:pre-wrap;word-break:break-word}
.muted{color:#666}.charts{display:flex;gap:24px;flex-wrap:wrap}`;

function sev(s: Severity): string {
  return `<span class="sev" style="background:${COLORS[s]}">${s}</span>`;
}

/** Horizontal stacked bars, one per row, segments by severity. */
function barChart(title: string, rows: readonly { label: string; counts: Readonly<Record<Severity, number>> }[]): string {
  const max = Math.max(1, ...rows.map((r) => SEVERITIES.reduce((n, s) => n + r.counts[s], 0)));
  const width = 300;
  const rowH = 22;
  const labelW = 230;
  const h = rows.length * rowH + 30;
  const bars = rows
    .map((r, i) => {
      let x = labelW;
      const y = 24 + i * rowH;
      const segs = SEVERITIES.map((s) => {
        const w = (r.counts[s] / max) * width;
        const rect = w > 0 ? `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="16" fill="${COLORS[s]}"><title>${escapeHtml(`${r.label}: ${r.counts[s]} ${s}`)}</title></rect>` : '';
        x += w;
        return rect;
      }).join('');
      const total = SEVERITIES.reduce((n, s) => n + r.counts[s], 0);
      return `<text x="0" y="${y + 12}" font-size="12">${escapeHtml(r.label)}</text>${segs}<text x="${(x + 4).toFixed(1)}" y="${y + 12}" font-size="12">${total}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${labelW + width + 40}" height="${h}"><text x="0" y="14" font-size="13" font-weight="bold">${escapeHtml(title)}</text>${bars}</svg>`;
}

function counts(findings: readonly Finding[]): Record<Severity, number> {
  const out = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

function where(f: Finding): string {
  const { file, line, column } = f.location;
  if (file === undefined) return f.location.cluster === undefined ? 'cluster' : `cluster ${escapeHtml(f.location.cluster)}`;
  return `<code>${escapeHtml(line === undefined ? file : `${file}:${line}${column === undefined ? '' : `:${column}`}`)}</code>`;
}

/** A fix-first entry's message, shortened as in the other reports; the whole of it on hover. */
function what(message: string | undefined): string {
  if (message === undefined) return '<td></td>';
  const brief = briefMessage(message);
  return brief === message ? `<td>${escapeHtml(message)}</td>` : `<td title="${escapeHtml(message)}">${escapeHtml(brief)}</td>`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function findingBlock(f: Finding): string {
  const risk = f.risk === undefined ? '' : `<div class="muted">risk ${f.risk.score.toFixed(1)}${f.risk.reasons.length === 0 ? '' : `: ${escapeHtml(f.risk.reasons.join('; '))}`}</div>`;
  const suppressed = f.suppression === undefined ? '' : `<div class="muted">suppressed: ${escapeHtml(f.suppression.reason)}</div>`;
  return `<tr><td>${sev(f.severity)}</td><td><code>${escapeHtml(f.checkId)}</code><br>${escapeHtml(f.title)}</td><td><code>${escapeHtml(formatRef(f.resource))}</code><br>${where(f)}${f.location.path === '' ? '' : `<br><code>${escapeHtml(f.location.path)}</code>`}</td><td>${escapeHtml(f.message)}${risk}${suppressed}<details><summary>remediation</summary><pre>${escapeHtml(f.remediation)}</pre></details></td></tr>`;
}

export const formatHtml: Formatter = (result: ScanResult, options) => {
  const shown = options.showSuppressed ? [...result.findings, ...result.suppressed] : result.findings;
  const areas = AREAS.filter((a) => result.findings.some((f) => f.area === a));
  const { summary } = result;
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>kubefort scan report</title><style>${CSS}</style></head><body>`,
    '<h1>kubefort scan report</h1>',
    `<p class="muted">${plural(summary.findings, 'finding')} in ${plural(summary.resources, 'object')} · ${summary.suppressed} suppressed · ${plural(summary.errors, 'input error')} · ${plural(summary.warnings, 'warning')} · kubefort ${escapeHtml(result.tool.version)} · ${escapeHtml(result.startedAt)}</p>`,
    '<h2>Summary by hardening area</h2>',
  ];
  if (areas.length === 0) out.push('<p>No findings.</p>');
  else {
    out.push(
      '<div class="charts">',
      barChart('Findings by area', areas.map((a) => ({ label: AREA_TITLES[a], counts: counts(result.findings.filter((f) => f.area === a)) }))),
      barChart('Findings by severity', SEVERITIES.filter((s) => summary.bySeverity[s] > 0).map((s) => ({ label: s, counts: { ...counts([]), [s]: summary.bySeverity[s] } }))),
      '</div>',
      `<table><tr><th>Area</th>${SEVERITIES.map((s) => `<th>${s}</th>`).join('')}<th>Total</th></tr>`,
      ...areas.map((a) => {
        const c = counts(result.findings.filter((f) => f.area === a));
        return `<tr><td>${escapeHtml(AREA_TITLES[a])}</td>${SEVERITIES.map((s) => `<td>${c[s]}</td>`).join('')}<td>${summary.byArea[a]}</td></tr>`;
      }),
      '</table>',
    );
  }
  const first = result.fixFirst ?? [];
  if (first.length > 0) {
    out.push('<h2>Fix first</h2><p class="muted">Highest risk first: severity weighed by exposure, service-account rights, host access and namespace.</p><table><tr><th>#</th><th>Risk</th><th>Check</th><th>Object</th><th>What</th><th>Why</th></tr>');
    first.forEach((e, i) => out.push(`<tr><td>${i + 1}</td><td>${e.score.toFixed(1)}</td><td><code>${escapeHtml(e.checkId)}</code> ${escapeHtml(e.title)}</td><td><code>${escapeHtml(formatRef(e.resource))}</code></td>${what(e.message)}<td>${escapeHtml(e.reason)}</td></tr>`));
    out.push('</table>');
  }
  for (const area of AREAS) {
    const inArea = shown.filter((f) => f.area === area);
    if (inArea.length === 0) continue;
    out.push(`<h2>${escapeHtml(AREA_TITLES[area])} (${inArea.length})</h2><table><tr><th>Severity</th><th>Check</th><th>Evidence</th><th>Finding and remediation</th></tr>`, ...inArea.map(findingBlock), '</table>');
  }
  if (result.errors.length > 0) {
    out.push(`<h2>Input problems (${result.errors.length})</h2><table><tr><th>Level</th><th>Code</th><th>Where</th><th>Message</th></tr>`);
    for (const e of result.errors) out.push(`<tr><td>${escapeHtml(e.level)}</td><td><code>${escapeHtml(e.code)}</code></td><td>${escapeHtml([e.file, e.line === undefined ? undefined : `line ${e.line}`, e.object].filter((x) => x !== undefined).join(' '))}</td><td>${escapeHtml(e.message)}</td></tr>`);
    out.push('</table>');
  }
  out.push('</body></html>');
  return `${out.join('\n')}\n`;
};
