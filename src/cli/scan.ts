import { Command, Option } from 'commander';
import { KubefortError } from '../core/errors.js';
import { isSeverity, atLeast, SEVERITIES, type Severity } from '../core/severity.js';
import { scanManifests } from '../engine/scan.js';
import { loadExceptions } from '../engine/suppressions.js';
import { formatters } from '../report/index.js';
import { EXIT, outputFormat, terminalWidth, useColor } from './output.js';
import { selectChecks } from './select-checks.js';

interface ScanFlags {
  output: string;
  failOn: string;
  exceptions?: string;
  inlineSuppressions: boolean;
  showSuppressed: boolean;
  check?: string[];
  skipCheck?: string[];
  maxFileSize: string;
  sensitiveLabel?: string;
}

export function scanCommand(): Command {
  return new Command('scan')
    .description('scan Kubernetes manifests (files, directories, - for stdin) for security problems')
    .argument('[paths...]', 'files or directories of .yaml/.yml/.json manifests; - reads stdin')
    .addOption(new Option('-o, --output <format>', 'output format').choices(Object.keys(formatters)).default('table'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (or "never")').default('high'))
    .option('--exceptions <file>', 'exceptions file (check, resource, reason, expiry)')
    .option('--no-inline-suppressions', `ignore kubefort.io/ignore annotations (a deployer cannot exempt their own workload)`)
    .option('--show-suppressed', 'list suppressed findings too (they are always counted)', false)
    .option('--check <id...>', 'run only these checks (ids or names)')
    .option('--skip-check <id...>', 'do not run these checks (ids or names)')
    .option('--max-file-size <bytes>', 'refuse manifest files larger than this', String(64 * 1024 * 1024))
    .option('--sensitive-label <key>', 'label marking sensitive namespaces and workloads (value "true")')
    .action(async (paths: string[], flags: ScanFlags) => {
      process.exitCode = await runScan(paths, flags);
    });
}

async function runScan(paths: string[], flags: ScanFlags): Promise<number> {
  const format = outputFormat(flags.output);
  if (paths.length === 0) throw new KubefortError('KF_ERR_USAGE', 'give manifest paths to scan (live cluster scanning is not available in this build)');
  const failOn = flags.failOn;
  if (failOn !== 'never' && !isSeverity(failOn)) throw new KubefortError('KF_ERR_USAGE', `--fail-on must be one of ${SEVERITIES.join(', ')} or never`);
  const maxFileBytes = Number(flags.maxFileSize);
  if (!Number.isFinite(maxFileBytes) || maxFileBytes <= 0) throw new KubefortError('KF_ERR_USAGE', '--max-file-size must be a positive number of bytes');
  const exceptions = flags.exceptions === undefined ? [] : await loadExceptions(flags.exceptions);
  const result = await scanManifests(paths, {
    checks: selectChecks(flags.check, flags.skipCheck),
    exceptions,
    allowAnnotationSuppressions: flags.inlineSuppressions,
    maxFileBytes,
    ...(flags.sensitiveLabel === undefined ? {} : { checkOptions: { sensitiveLabel: flags.sensitiveLabel } }),
  });
  const out = process.stdout;
  out.write(formatters[format].format(result, { color: useColor(out), width: terminalWidth(out), showSuppressed: flags.showSuppressed }));
  if (result.summary.errors > 0) return EXIT.error;
  if (failOn !== 'never' && result.findings.some((f) => atLeast(f.severity, failOn as Severity))) return EXIT.findings;
  return EXIT.ok;
}
