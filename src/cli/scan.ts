import { Command, Option } from 'commander';
import { KubefortError } from '../core/errors.js';
import { isSeverity, atLeast, SEVERITIES, type Severity } from '../core/severity.js';
import { scanCluster, scanManifests, type ScanOptions } from '../engine/scan.js';
import { loadExceptions } from '../engine/suppressions.js';
import { loadSavedVersionData } from '../analysis/versions/store.js';
import { formatters, type OutputFormat } from '../report/index.js';
import type { ScanResult } from '../core/finding.js';
import { fixFirst, formatFixFirst, FIX_FIRST_SIZE } from '../engine/risk.js';
import { baselineFingerprints, compliance, formatBaseline, formatCompliance, FRAMEWORK_OPTIONS, inFramework, resolveFramework, splitByBaseline } from '../engine/compliance.js';
import { summarise } from '../engine/scan.js';
import { readFile } from 'node:fs/promises';
import { EXIT, outputFormat, terminalWidth, useColor } from './output.js';
import { selectChecks } from './select-checks.js';
import { allChecks } from '../checks/index.js';
import { CustomCheckError, loadCustomChecks } from '../custom/index.js';
import type { Check } from '../core/check.js';

interface ScanFlags {
  output: string;
  failOn: string;
  exceptions?: string;
  inlineSuppressions: boolean;
  defaultExceptions: boolean;
  showSuppressed: boolean;
  check?: string[];
  skipCheck?: string[];
  maxFileSize: string;
  sensitiveLabel?: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces: boolean;
  top?: string;
  baseline?: string;
  framework?: string;
  customChecks?: string;
}

export function scanCommand(): Command {
  return new Command('scan')
    .description('scan Kubernetes manifests (files, directories, - for stdin), or the current cluster when no path is given')
    .argument('[paths...]', 'files or directories of .yaml/.yml/.json manifests; - reads stdin; none: the live cluster')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context to scan')
    .option('-n, --namespace <ns>', 'scan only this namespace (cluster-scoped objects are still read)')
    .option('-A, --all-namespaces', 'scan every namespace (the default)', false)
    .addOption(new Option('-o, --output <format>', 'output format').choices(Object.keys(formatters)).default('table'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (or "never")').default('high'))
    .option('--exceptions <file>', 'exceptions file (check, resource, reason, expiry)')
    .option('--no-inline-suppressions', `ignore kubefort.io/ignore annotations (a deployer cannot exempt their own workload)`)
    .option('--no-default-exceptions', 'do not exempt kubeadm control-plane static pods from workload checks (see docs/suppressions.md)')
    .option('--show-suppressed', 'list suppressed findings too (they are always counted)', false)
    .option('--check <id...>', 'run only these checks (ids or names)')
    .option('--skip-check <id...>', 'do not run these checks (ids or names)')
    .option('--max-file-size <bytes>', 'refuse manifest files larger than this', String(64 * 1024 * 1024))
    .option('--sensitive-label <key>', 'label marking sensitive namespaces and workloads (value "true")')
    .option('--baseline <file>', 'a previous -o json result: only findings whose fingerprint is new decide the exit code; the others are listed as baseline')
    .option('--framework <id>', `only findings of a framework's controls, with compliance per control: ${Object.keys(FRAMEWORK_OPTIONS).join(', ')}`)
    .option('--custom-checks <dir>', 'also run the CEL checks defined in this directory of CustomCheck YAML files (docs/custom-checks.md)')
    .option('--top <n>', 'print only the n findings to fix first, each with the reason for its rank (docs/risk.md)')
    .action(async (paths: string[], flags: ScanFlags) => {
      process.exitCode = await runScan(paths, flags);
    });
}

async function runScan(paths: string[], flags: ScanFlags): Promise<number> {
  const format = outputFormat(flags.output);
  const failOn = flags.failOn;
  if (failOn !== 'never' && !isSeverity(failOn)) throw new KubefortError('KF_ERR_USAGE', `--fail-on must be one of ${SEVERITIES.join(', ')} or never`);
  const maxFileBytes = Number(flags.maxFileSize);
  if (!Number.isFinite(maxFileBytes) || maxFileBytes <= 0) throw new KubefortError('KF_ERR_USAGE', '--max-file-size must be a positive number of bytes');
  const exceptions = flags.exceptions === undefined ? [] : await loadExceptions(flags.exceptions);
  if (flags.namespace !== undefined && flags.allNamespaces) throw new KubefortError('KF_ERR_USAGE', '-n and -A exclude each other');
  const top = flags.top === undefined ? undefined : Number(flags.top);
  if (top !== undefined && (!Number.isInteger(top) || top <= 0)) throw new KubefortError('KF_ERR_USAGE', '--top must be a positive integer');
  const framework = flags.framework === undefined ? undefined : resolveFramework(flags.framework);
  const baseline = flags.baseline === undefined ? undefined : baselineFingerprints(await readJson(flags.baseline), flags.baseline);
  const savedVersions = await loadSavedVersionData();
  const options = {
    checks: flags.customChecks === undefined ? selectChecks(flags.check, flags.skipCheck) : selectWithCustom(flags.check, flags.skipCheck, await readCustomChecks(flags.customChecks)),
    exceptions,
    allowAnnotationSuppressions: flags.inlineSuppressions,
    defaultExceptions: flags.defaultExceptions,
    maxFileBytes,
    checkOptions: {
      ...(flags.sensitiveLabel === undefined ? {} : { sensitiveLabel: flags.sensitiveLabel }),
      data: savedVersions === undefined ? {} : { versions: savedVersions },
    },
  };
  const scanned = paths.length > 0 ? await scanManifests(paths, options) : await scanLive(flags, options);
  if (process.stderr.isTTY && paths.length === 0) process.stderr.write('\r\x1b[K');
  // A namespace with nothing to scan must not go unnoticed behind a clean result, whatever the format (the table also lists it).
  if (!(format === 'table' && process.stdout.isTTY)) {
    for (const w of scanned.errors) if (w.code === 'KF_WARN_NAMESPACE_NOT_FOUND' || w.code === 'KF_WARN_NAMESPACE_EMPTY') process.stderr.write(`kubefort: ${w.code}: ${w.message}\n`);
  }
  const selected = framework === undefined ? scanned : { ...scanned, findings: scanned.findings.filter((f) => inFramework(f, framework)) };
  const result = framework === undefined ? selected : { ...selected, summary: summarise(selected.summary.resources, selected.findings, selected.summary.suppressed, selected.errors), fixFirst: fixFirst(selected.findings, FIX_FIRST_SIZE) };
  // Text formats get the extra sections on stdout; machine formats keep stdout parseable.
  const extra = format === 'table' || format === 'markdown' ? process.stdout : process.stderr;
  const out = process.stdout;
  if (top !== undefined) out.write(formatTop(result, top, format));
  else out.write(formatters[format].format(result, { color: useColor(out), width: terminalWidth(out), showSuppressed: flags.showSuppressed }));
  if (framework !== undefined) extra.write(`\n${formatCompliance(compliance(result, options.checks, framework))}`);
  const split = baseline === undefined ? undefined : splitByBaseline(result.findings, baseline);
  if (split !== undefined) extra.write(`\n${formatBaseline(split, flags.baseline ?? '')}`);
  if (result.summary.errors > 0) return EXIT.error;
  const failing = split === undefined ? result.findings : split.fresh;
  if (failOn !== 'never' && failing.some((f) => atLeast(f.severity, failOn as Severity))) return EXIT.findings;
  return EXIT.ok;
}

/** The live cluster; a missing kubeconfig gets a hint that paths scan manifests instead. */
async function scanLive(flags: ScanFlags, options: ScanOptions): Promise<ScanResult> {
  try {
    return await scanCluster({
      ...options,
      ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
      ...(flags.context === undefined ? {} : { context: flags.context }),
      ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
      ...(process.stderr.isTTY ? { onProgress: progress } : {}),
    });
  } catch (error) {
    if (error instanceof KubefortError && error.code === 'KF_ERR_NO_KUBECONFIG') throw new KubefortError(error.code, `${error.message}; to scan manifests instead, give their paths: kubefort scan PATH...`);
    throw error;
  }
}

/** `--top n`: the fix-first list as text, or the ScanResult with only its top n (json, yaml). */
function formatTop(result: ScanResult, n: number, format: OutputFormat): string {
  const entries = fixFirst(result.findings, n);
  if (format === 'json' || format === 'yaml') return formatters[format].format({ ...result, fixFirst: entries }, { color: false, width: 100, showSuppressed: false });
  const head = `Fix first (top ${entries.length} of ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}, by risk: docs/risk.md)`;
  return `${[head, ...formatFixFirst(entries)].join('\n')}\n`;
}

/** --check / --skip-check over built-in and custom checks: custom ids or names are taken out before the built-ins are resolved. */
function selectWithCustom(only: readonly string[] | undefined, skip: readonly string[] | undefined, custom: readonly Check[]): readonly Check[] {
  const split = (names: readonly string[] | undefined) => names?.flatMap((n) => n.split(',')).filter((n) => n !== '');
  const isCustom = (n: string) => custom.some((c) => c.meta.id === n || c.meta.name === n);
  const onlyNames = split(only);
  const skipNames = split(skip);
  const builtInOnly = onlyNames?.filter((n) => !isCustom(n));
  const builtIns = builtInOnly !== undefined && builtInOnly.length === 0 ? [] : selectChecks(builtInOnly, skipNames?.filter((n) => !isCustom(n)));
  const named = (c: Check, names: readonly string[]) => names.includes(c.meta.id) || names.includes(c.meta.name);
  const customs = custom.filter((c) => (onlyNames === undefined || named(c, onlyNames)) && !named(c, skipNames ?? []));
  return [...builtIns, ...customs];
}

async function readCustomChecks(dir: string): Promise<Check[]> {
  try {
    return await loadCustomChecks(dir, allChecks.map((c) => c.meta.id));
  } catch (error) {
    if (error instanceof CustomCheckError) throw new KubefortError('KF_ERR_USAGE', `invalid custom check: ${error.message}`);
    throw new KubefortError('KF_ERR_USAGE', `cannot read custom checks ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    throw new KubefortError('KF_ERR_USAGE', `cannot read baseline ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function progress(done: number, total: number, kind: string): void {
  process.stderr.write(`\r\x1b[Klisting ${kind} (${done}/${total})`);
}
