/**
 * Text for people: the per-check table the CLI prints, the disagreement list the
 * test fails with, and docs/conformance.md. Pure functions of the results.
 */
import {
  CORPORA,
  UNMAPPED_CATEGORIES,
  conformanceMapping,
  deliberateDisagreements,
  isMapped,
  type Corpus,
  type PeerCheckMapping,
  type UnmappedCategory,
} from './mapping.js';
import { REPO_ROOT, displayDir, figure, ratio, type CaseResult, type ConformanceResult } from './run.js';

const CORPUS_TITLES: Record<Corpus, string> = {
  polaris: 'Polaris (FairwindsOps/polaris `test/checks`)',
  checkov: 'Checkov (bridgecrewio/checkov `tests/kubernetes/checks`)',
};

function pad(value: string | number, width: number, right = false): string {
  const s = String(value);
  return right ? s.padStart(width) : s.padEnd(width);
}

function kubefortCell(mapping: PeerCheckMapping): string {
  if (!isMapped(mapping)) return '—';
  const ids = mapping.kubefort.join(', ');
  return mapping.messageIds === undefined ? ids : `${ids} (${mapping.messageIds.join(', ')})`;
}

function checksText(c: CaseResult): string {
  const ids = c.checks.join(', ');
  return c.messageIds === undefined ? ids : `${ids} (${c.messageIds.join(', ')})`;
}

function expectedText(c: CaseResult): string {
  if (c.expected === 'silent') return 'no finding';
  return c.mixed ? 'a finding (mixed file)' : 'a finding';
}

function findingText(c: CaseResult): string {
  if (c.findings.length === 0) return 'no finding';
  const shown = c.findings.slice(0, 3).map((f) => `${f.checkId} ${f.messageId} on ${f.object} at ${f.path}`);
  const more = c.findings.length > 3 ? ` (+${c.findings.length - 3} more)` : '';
  return `${c.findings.length} finding${c.findings.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
}

function errorText(c: CaseResult): string {
  return c.errors.length === 0 ? '' : ` [input ${c.errors.map((e) => `${e.level} ${e.code}: ${e.message}`).join('; ')}]`;
}

/** One line per disagreement: the file, what the peer expects, what kubefort did. */
export function describeDisagreement(c: CaseResult): string {
  if (c.crash !== undefined) {
    const first = c.crash.split('\n').slice(0, 2).map((l) => l.trim()).join(' ').replaceAll(`${REPO_ROOT}/`, '');
    return `${c.corpus}/${c.id}: expected ${expectedText(c)} from ${checksText(c)}; the scan threw: ${first}`;
  }
  const unverified = c.unverified === undefined ? '' : ` (a deliberate disagreement is listed, but ${c.unverified})`;
  return `${c.corpus}/${c.id}: expected ${expectedText(c)} from ${checksText(c)}; kubefort gave ${findingText(c)}${errorText(c)}${unverified}`;
}

/** The per-check table the CLI prints; its last line is `agreed/total`. */
export function renderTable(result: ConformanceResult): string {
  const lines: string[] = [];
  const { totals } = result;
  lines.push(`${result.corpus} conformance — ${displayDir(result.dir)}`);
  lines.push('');
  const mapped = result.peers.filter((p) => isMapped(p.mapping));
  const w = Math.max(10, ...mapped.map((p) => p.mapping.peer.length));
  const k = Math.max(8, ...mapped.map((p) => kubefortCell(p.mapping).length));
  lines.push(`${pad('peer check', w)}  ${pad('kubefort', k)}  ${pad('cases', 5, true)}  ${pad('agreed', 6, true)}  ${pad('disagreed', 9, true)}  ${pad('deliberate', 10, true)}  ${pad('pending', 7, true)}`);
  for (const p of mapped) {
    const n = (s: CaseResult['status']): number => p.cases.filter((c) => c.status === s).length;
    const flag = n('disagreed') > 0 ? '  ✘' : n('not-implemented') > 0 ? '  (check not implemented yet)' : '';
    lines.push(
      `${pad(p.mapping.peer, w)}  ${pad(kubefortCell(p.mapping), k)}  ${pad(p.cases.length, 5, true)}  ${pad(n('agreed'), 6, true)}  ${pad(n('disagreed'), 9, true)}  ${pad(n('deliberate'), 10, true)}  ${pad(n('not-implemented'), 7, true)}${flag}`,
    );
  }
  lines.push('');
  const unmapped = result.peers.filter((p) => !isMapped(p.mapping));
  if (unmapped.length > 0) {
    const byCategory = new Map<UnmappedCategory, number>();
    for (const p of unmapped) if (!isMapped(p.mapping)) byCategory.set(p.mapping.category, (byCategory.get(p.mapping.category) ?? 0) + 1);
    const parts = [...byCategory].map(([cat, n]) => `${n} ${cat}`);
    lines.push(`not compared: ${unmapped.length} peer checks (${parts.join(', ')}); see test/conformance/mapping.ts`);
  }
  if (result.notImplemented.length > 0) {
    lines.push(`check not implemented yet: ${result.notImplemented.join(', ')} — ${totals.notImplemented} case(s) skipped, not in the ratio`);
  }
  for (const folder of result.unknownFolders) lines.push(`warning: folder ${folder} is not in the mapping table`);
  for (const folder of result.missingFolders) lines.push(`warning: mapping entry ${folder} has no folder in ${displayDir(result.dir)}`);
  for (const d of result.orphanDeliberate) lines.push(`warning: deliberate disagreement ${d.peer}/${d.file} is not a case of this corpus`);

  const disagreed = result.cases.filter((c) => c.status === 'disagreed');
  if (disagreed.length > 0) {
    lines.push('');
    lines.push(`disagreements (${disagreed.length}):`);
    for (const c of disagreed) lines.push(`  ✘ ${describeDisagreement(c)}`);
  }
  const deliberate = result.cases.filter((c) => c.status === 'deliberate');
  if (deliberate.length > 0) {
    lines.push('');
    lines.push(`deliberate disagreements (${deliberate.length}, not counted):`);
    for (const c of deliberate) lines.push(`  ≠ ${c.id}: kubefort ${c.kubefort === 'fires' ? 'fires' : 'stays silent'} — ${c.deliberate?.reason ?? ''}`);
  }
  const stale = result.cases.filter((c) => c.staleDeliberate);
  if (stale.length > 0) {
    lines.push('');
    lines.push(`stale deliberate disagreements (kubefort now agrees; remove them from mapping.ts):`);
    for (const c of stale) lines.push(`  ! ${c.id}`);
  }
  lines.push('');
  lines.push(
    `${result.corpus}: ${totals.agreed} agreed, ${totals.disagreed} disagreed of ${totals.total} compared (${(ratio(totals) * 100).toFixed(1)}%); ${totals.deliberate} deliberate, ${totals.notImplemented} pending`,
  );
  lines.push(figure(totals));
  return `${lines.join('\n')}\n`;
}

function mdEscape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The mapping table in Markdown: generated from mapping.ts only, so a test can keep the doc in step. */
export function renderMappingMarkdown(): string {
  const out: string[] = [];
  for (const corpus of CORPORA) {
    out.push(`### ${CORPUS_TITLES[corpus]}`);
    out.push('');
    // Polaris ids are the folder names; Checkov folders feed CKV_K8S_n checks.
    const withIds = corpus !== 'polaris';
    out.push(withIds ? '| peer check | peer ids | kubefort | note, or reason not compared |' : '| peer check | kubefort | note, or reason not compared |');
    out.push(withIds ? '|---|---|---|---|' : '|---|---|---|');
    for (const m of conformanceMapping[corpus]) {
      const note = isMapped(m) ? (m.note ?? '') : `**${m.category}**: ${m.reason}`;
      const ids = withIds ? ` ${m.peerIds.join(', ')} |` : '';
      out.push(`| \`${m.peer}\` |${ids} ${kubefortCell(m)} | ${mdEscape(note)} |`);
    }
    out.push('');
  }
  out.push('Categories of peer checks not compared:');
  out.push('');
  for (const [cat, text] of Object.entries(UNMAPPED_CATEGORIES)) out.push(`- **${cat}**: ${text}.`);
  return out.join('\n');
}

export function renderDeliberateMarkdown(): string {
  const out: string[] = ['| corpus | file | kubefort | reason | documented in |', '|---|---|---|---|---|'];
  for (const d of deliberateDisagreements) {
    out.push(`| ${d.corpus} | \`${d.peer}/${d.file}\` | ${d.kubefort === 'fires' ? 'fires' : 'silent'} | ${mdEscape(d.reason)} | ${mdEscape(d.source)} |`);
  }
  return out.join('\n');
}

export const MAPPING_START = '<!-- conformance-mapping:start (generated from test/conformance/mapping.ts) -->';
export const MAPPING_END = '<!-- conformance-mapping:end -->';
export const DELIBERATE_START = '<!-- conformance-deliberate:start (generated from test/conformance/mapping.ts) -->';
export const DELIBERATE_END = '<!-- conformance-deliberate:end -->';

function figuresMarkdown(results: readonly ConformanceResult[], date: string): string {
  const out: string[] = [
    `Figures of ${date} (\`npm run conformance -- <corpus>\`):`,
    '',
    '| corpus | agreed/compared | agreement | deliberate disagreements | pending (check not implemented yet) | not compared (peer checks) |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const unmapped = r.peers.filter((p) => !isMapped(p.mapping)).length;
    out.push(
      `| ${r.corpus} | ${figure(r.totals)} | ${(ratio(r.totals) * 100).toFixed(1)}% | ${r.totals.deliberate} | ${r.totals.notImplemented} | ${unmapped} |`,
    );
  }
  const disagreed = results.flatMap((r) => r.cases.filter((c) => c.status === 'disagreed'));
  out.push('');
  if (disagreed.length === 0) {
    out.push('No open disagreements.');
  } else {
    out.push('Open disagreements (suspected kubefort bugs or gaps, to be fixed in the checks, not here):');
    out.push('');
    for (const c of disagreed) out.push(`- ${mdEscape(describeDisagreement(c))}`);
  }
  const pending = [...new Set(results.flatMap((r) => r.notImplemented))].sort();
  if (pending.length > 0) {
    out.push('');
    out.push(`Checks not implemented yet when the figures were taken: ${pending.join(', ')}.`);
  }
  return out.join('\n');
}

/** docs/conformance.md in full. */
export function renderDoc(results: readonly ConformanceResult[], date: string): string {
  return `# Conformance with Polaris and Checkov

kubefort's verdicts are compared, file by file, with the test fixtures of two peer scanners,
[Polaris](https://github.com/FairwindsOps/polaris) and [Checkov](https://github.com/bridgecrewio/checkov)
(Apache-2.0), kept outside the project in \`../shared/conformance/<corpus>/checks\`.

\`\`\`sh
npm run conformance -- polaris          # or: npm run conformance -- polaris DIR
npm run conformance -- checkov
npx vitest run test/conformance         # fails below 98% agreement, listing each disagreement
npm run conformance -- --write-doc      # regenerates this page
\`\`\`

## How a case is decided

- Each peer check (a Polaris check folder, a Checkov \`example_<X>\` folder) is mapped in
  \`test/conformance/mapping.ts\` to the kubefort check(s) **with the same meaning**, or to nothing,
  with the reason.
- A case is one fixture file of a mapped peer check. It is scanned alone, with only the mapped checks.
  Polaris \`failure*\` and Checkov \`*FAILED*\` files must give at least one finding of those checks;
  \`success*\` and \`*PASSED*\` files none. Findings of other kubefort checks do not count: a Checkov
  PASSED file may well fail other kubefort checks.
- Checkov files that hold both passing and failing objects (\`1FAILED1PASSED\`) are checked for their
  failing part only. \`mutated*\` files (expected autofix output, for the autofix issue), \`UNKNOWN\`
  files and files without a verdict in their name are not cases.
- Where kubefort deliberately disagrees with a peer on a file (a peer false positive or negative
  documented in the reference sheets or the Kubernetes specification), the file is listed below with
  the reason. Such cases are reported separately and are **not** counted as agreement; the figure is
  \`agreed / (agreed + disagreed)\`. A listed file on which kubefort agrees after all is reported as stale.
- Cases whose kubefort check is not in the registry yet are reported as pending and left out of the figure.

## Figures

${figuresMarkdown(results, date)}

## Mapping

${MAPPING_START}
${renderMappingMarkdown()}
${MAPPING_END}

## Deliberate disagreements

${DELIBERATE_START}
${renderDeliberateMarkdown()}
${DELIBERATE_END}
`;
}

/** The part of a doc between two markers, for the up-to-date test. */
export function section(doc: string, start: string, end: string): string | undefined {
  const a = doc.indexOf(start);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) return undefined;
  return doc.slice(a + start.length, b).trim();
}
