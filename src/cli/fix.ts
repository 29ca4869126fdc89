import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { KubefortError, type ScanError } from '../core/errors.js';
import { formatRef } from '../core/resource.js';
import { scanResources } from '../engine/scan.js';
import { fixTexts, type FixOutcome } from '../fix/apply.js';
import { unifiedDiff } from '../fix/diff.js';
import { kubeconfigFiles, kubectlPatch } from '../fix/patch.js';
import { loadManifests } from '../sources/manifests.js';
import { EXIT } from './output.js';

interface FixFlags {
  dryRun: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export function fixCommand(): Command {
  return new Command('fix')
    .description('fix manifests in place where a safe mechanical fix exists, verified by a re-scan; with no path, print kubectl patch commands for the live cluster (docs/fix.md)')
    .argument('[paths...]', 'manifest files or directories; none: the live cluster (nothing is changed there)')
    .option('--dry-run', 'print a unified diff instead of writing files', false)
    .option('--kubeconfig <file>', 'kubeconfig file (live cluster)')
    .option('--context <name>', 'kubeconfig context (live cluster)')
    .option('-n, --namespace <ns>', 'only this namespace (live cluster)')
    .action(async (paths: string[], flags: FixFlags) => {
      process.exitCode = paths.length === 0 ? await fixLive(flags) : await fixFiles(paths, flags);
    });
}

function describe(o: FixOutcome): string {
  const f = o.finding;
  const where = f.location.file === undefined ? formatRef(f.resource) : f.location.line === undefined ? f.location.file : `${f.location.file}:${f.location.line}`;
  return `  ${f.checkId} ${where} ${formatRef(f.resource)}: ${f.message}\n      ${o.detail}`;
}

/** Errors that refuse a whole file: it was not read or not decoded, so it is neither fixed nor written. */
const FILE_ERRORS = new Set(['KF_ERR_READ', 'KF_ERR_FILE_TOO_LARGE', 'KF_ERR_BINARY_FILE', 'KF_ERR_INVALID_UTF8', 'KF_ERR_NO_INPUT']);

/** Input problems as `kubefort scan` lists them (its table format), de-duplicated. */
function inputProblems(errors: readonly ScanError[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const e of errors) {
    const where = [e.file, e.documentIndex === undefined ? undefined : `document ${e.documentIndex}`, e.line === undefined ? undefined : `line ${e.line}`].filter((x) => x !== undefined).join(', ');
    const line = `  ${e.code} ${where === '' ? '' : `${where}: `}${e.object === undefined ? '' : `${e.object}: `}${e.message}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
  }
  return lines.length === 0 ? [] : [`Input problems (${lines.length})`, ...lines];
}

async function fixFiles(paths: string[], flags: FixFlags): Promise<number> {
  if (paths.includes('-')) throw new KubefortError('KF_ERR_USAGE', 'fix rewrites files: stdin (-) is not supported');
  const load = await loadManifests(paths);
  // A file that could not be read or decoded (binary, not UTF-8, too large) is reported and
  // left alone: reading it as text and writing it back would change bytes nobody asked to change.
  const refused = load.errors.filter((e) => FILE_ERRORS.has(e.code));
  const refusedFiles = new Set(refused.map((e) => e.file));
  const texts = new Map<string, string>();
  for (const file of load.files) if (!refusedFiles.has(file)) texts.set(file, await readFile(file, 'utf8'));
  const result = fixTexts(texts);
  const errors = [...refused, ...result.before.errors];
  const errorCount = errors.filter((e) => e.level === 'error').length;
  const out = process.stdout;
  if (flags.dryRun) for (const [file, text] of result.changed) out.write(unifiedDiff(file, texts.get(file) ?? '', text));
  else for (const [file, text] of result.changed) await writeFile(file, text);
  const fixed = result.outcomes.filter((o) => o.status === 'fixed');
  const reverted = result.outcomes.filter((o) => o.status === 'reverted');
  const manual = result.outcomes.filter((o) => o.status === 'needs-person');
  const lines: string[] = [];
  if (fixed.length > 0) lines.push(`${flags.dryRun ? 'Would fix' : 'Fixed'} (gone in the re-scan): ${fixed.length}`, ...fixed.map(describe), '');
  if (reverted.length > 0) lines.push(`Not applied, the re-scan could not verify the change: ${reverted.length}`, ...reverted.map(describe), '');
  if (manual.length > 0) lines.push(`Needs a person: ${manual.length}`, ...manual.map(describe), '');
  lines.push(
    `${result.before.summary.findings} findings before, ${result.after.summary.findings} after; ${fixed.length} fixed, ${reverted.length} reverted, ${manual.length} need a person; ${result.changed.size} file${result.changed.size === 1 ? '' : 's'} ${flags.dryRun ? 'would change' : 'changed'}; ${errorCount} input error${errorCount === 1 ? '' : 's'}`,
  );
  // Input problems go to stderr in both modes (the --dry-run diff on stdout stays a clean patch), before the report.
  const problems = inputProblems(errors);
  if (problems.length > 0) process.stderr.write(`${problems.join('\n')}\n`);
  (flags.dryRun ? process.stderr : out).write(`${lines.join('\n')}\n`);
  return errorCount > 0 ? EXIT.error : EXIT.ok;
}

async function fixLive(flags: FixFlags): Promise<number> {
  const { loadCluster } = await import('../sources/cluster.js');
  const load = await loadCluster({
    ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
  });
  // The commands name the kubeconfig the scan read, however it was chosen (docs/fix.md, Live clusters).
  const target = { kubeconfig: kubeconfigFiles(flags.kubeconfig, process.env) };
  const result = scanResources(load.resources, [], { type: 'cluster', context: load.context }, {}, new Date(), performance.now(), load.gaps, load.facts);
  const objects = new Map(load.resources.map((r) => [`${r.ref.kind}\u0000${r.ref.namespace ?? ''}\u0000${r.ref.name}`, r.object]));
  const commands = new Set<string>();
  let manual = 0;
  for (const f of result.findings) {
    const object = objects.get(`${f.resource.kind}\u0000${f.resource.namespace ?? ''}\u0000${f.resource.name}`);
    const command = object === undefined ? undefined : kubectlPatch(f, object, target);
    if (command === undefined) manual++;
    else commands.add(`# ${f.checkId} ${formatRef(f.resource)}: ${f.message}\n${command}`);
  }
  process.stdout.write(`${[...commands].join('\n')}${commands.size > 0 ? '\n' : ''}`);
  process.stderr.write(`${commands.size} kubectl patch command${commands.size === 1 ? '' : 's'} printed, nothing applied; ${manual} finding${manual === 1 ? '' : 's'} need a person (kubefort scan lists them)\n`);
  return EXIT.ok;
}
