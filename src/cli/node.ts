/** `kubefort node`: the CIS Kubernetes Benchmark and OS hardening on a node (or a copy of one under --root). */
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import jsYaml from 'js-yaml';
import { KubefortError } from '../core/errors.js';
import { isRecord } from '../core/path.js';
import { atLeast, isSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import { parseDuration } from '../components/flags.js';
import { evaluateConfigz, scanNode } from '../node/evaluate.js';
import { formatMergedTable, formatNodeTable, mergeReports, nodeReportToScanResult } from '../node/format.js';
import { totalsOf, type ControlResult, type NodeReport } from '../node/result.js';
import { formatters, isOutputFormat } from '../report/index.js';
import { EXIT, terminalWidth, useColor } from './output.js';

interface NodeFlags {
  root: string;
  benchmark?: string;
  kubernetesVersion?: string;
  nodeName?: string;
  output: string;
  failOn: string;
  evidence: boolean;
  merge?: string[];
  configz?: string;
  fromCluster: boolean;
  kubeconfig?: string;
  context?: string;
  every?: string;
}

const NODE_FORMATS = ['table', 'json', 'yaml', 'sarif', 'junit', 'markdown'] as const;

export function nodeCommand(): Command {
  return new Command('node')
    .description('run the CIS Kubernetes Benchmark and node OS hardening checks on this node (or a copy of one under --root)')
    .option('--root <dir>', 'the node file system root: / on a node, /host in a pod with the host mounted', '/')
    .option('--benchmark <id>', 'benchmark to apply (default: chosen from the detected Kubernetes version), e.g. cis-1.12')
    .option('--kubernetes-version <version>', 'Kubernetes version, when it cannot be detected (e.g. 1.33)')
    .option('--node-name <name>', 'node name for the report (default: $NODE_NAME or the host name)')
    .addOption(new Option('-o, --output <format>', 'table (kube-bench shape); json/yaml (the full NodeReport); sarif, junit, markdown (failures as findings)').choices([...NODE_FORMATS]).default('table'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a FAIL is at least this severe (or "never")').default('high'))
    .option('--evidence', 'print the evidence under each FAIL and WARN in the table', false)
    .option('--merge <files...>', 'combine NodeReports (JSON or one per line) from several nodes into one report')
    .option('--configz <file>', "evaluate the kubelet controls on a kubelet /configz JSON document instead of a node's files")
    .option('--from-cluster', "no node access: read every kubelet's /configz through the API server (needs get on nodes/proxy, a powerful right: opt-in)", false)
    .option('--kubeconfig <file>', 'kubeconfig for --from-cluster')
    .option('--context <name>', 'kubeconfig context for --from-cluster')
    .option('--every <duration>', 'repeat the scan at this interval (e.g. 24h), printing one report per run (json: one per line)')
    .action(async (flags: NodeFlags) => {
      process.exitCode = await runNode(flags);
    });
}

function failOnOf(value: string): Severity | 'never' {
  if (value !== 'never' && !isSeverity(value)) throw new KubefortError('KF_ERR_USAGE', `--fail-on must be one of ${SEVERITIES.join(', ')} or never`);
  return value;
}

function exitFor(results: readonly ControlResult[], failOn: Severity | 'never'): number {
  if (failOn === 'never') return EXIT.ok;
  return results.some((r) => r.state === 'FAIL' && atLeast(r.severity, failOn)) ? EXIT.findings : EXIT.ok;
}

export function renderNodeReport(report: NodeReport, format: string, color: boolean, evidence: boolean, compact = false): string {
  if (format === 'table') return `${formatNodeTable(report, { color, evidence })}\n`;
  if (format === 'json') return compact ? `${JSON.stringify(report)}\n` : `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'yaml') return jsYaml.dump(report, { noRefs: true, lineWidth: -1 });
  if (!isOutputFormat(format)) throw new KubefortError('KF_ERR_USAGE', `unknown output format "${format}"`);
  return formatters[format].format(nodeReportToScanResult(report), { color, width: terminalWidth(process.stdout), showSuppressed: false });
}

/** A file the user named could not be read: one line naming it, never a stack trace. */
async function readUserFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const reason = FS_REASONS[code] ?? (error instanceof Error ? error.message : String(error));
    throw new KubefortError('KF_ERR_READ', `cannot read ${what} ${file}: ${reason}`);
  }
}

const FS_REASONS: Readonly<Record<string, string>> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'is a directory', ENOTDIR: 'a parent is not a directory' };

/** A line of a --merge input that is not a node report: it is named, never skipped silently. */
interface MergeProblem {
  readonly code: 'KF_ERR_JSON_PARSE' | 'KF_ERR_NOT_AN_OBJECT';
  readonly message: string;
}

const NOT_A_REPORT = 'not a kubefort NodeReport (kubefort node -o json)';

function excerpt(line: string): string {
  const t = line.trim();
  return JSON.stringify(t.length > 60 ? `${t.slice(0, 60)}…` : t);
}

/** The reports in one --merge input: a JSON document (NodeReport or NodeReportList), or one report per line (the DaemonSet's log). */
function parseReports(file: string, text: string): { reports: NodeReport[]; problems: MergeProblem[] } {
  const reports: NodeReport[] = [];
  const problems: MergeProblem[] = [];
  const isReport = (doc: unknown): doc is NodeReport => isRecord(doc) && doc.kind === 'NodeReport' && Array.isArray(doc.results) && isRecord(doc.node) && typeof doc.node.name === 'string';
  const take = (doc: unknown, where: string): void => {
    if (isReport(doc)) reports.push(doc);
    else if (isRecord(doc) && doc.kind === 'NodeReportList' && Array.isArray(doc.nodes)) {
      doc.nodes.forEach((n: unknown, i) => {
        if (isReport(n)) reports.push(n);
        else problems.push({ code: 'KF_ERR_NOT_AN_OBJECT', message: `${where}: nodes[${i}] is ${NOT_A_REPORT}` });
      });
    } else problems.push({ code: 'KF_ERR_NOT_AN_OBJECT', message: `${where}: ${NOT_A_REPORT}` });
  };
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    take(whole, file);
    return { reports, problems };
  }
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch {
      problems.push({ code: 'KF_ERR_JSON_PARSE', message: `${file}:${i + 1}: not JSON (expected one NodeReport per line, or one JSON document per file): ${excerpt(line)}` });
      return;
    }
    take(doc, `${file}:${i + 1}`);
  });
  return { reports, problems };
}

async function readReports(files: readonly string[]): Promise<{ reports: NodeReport[]; problems: MergeProblem[] }> {
  const reports: NodeReport[] = [];
  const problems: MergeProblem[] = [];
  for (const file of files) {
    const parsed = parseReports(file, await readUserFile(file, 'node reports'));
    reports.push(...parsed.reports);
    problems.push(...parsed.problems);
  }
  // The latest report of each node wins.
  const latest = new Map<string, NodeReport>();
  for (const r of reports) {
    const seen = latest.get(r.node.name);
    if (seen === undefined || seen.startedAt <= r.startedAt) latest.set(r.node.name, r);
  }
  return { reports: [...latest.values()].sort((a, b) => a.node.name.localeCompare(b.node.name)), problems };
}

async function runNode(flags: NodeFlags): Promise<number> {
  const failOn = failOnOf(flags.failOn);
  const out = process.stdout;
  const color = useColor(out);
  const options = {
    ...(flags.benchmark === undefined ? {} : { benchmark: flags.benchmark }),
    ...(flags.kubernetesVersion === undefined ? {} : { kubernetesVersion: flags.kubernetesVersion }),
    ...(flags.nodeName ?? process.env.NODE_NAME ? { nodeName: flags.nodeName ?? process.env.NODE_NAME ?? '' } : {}),
  };
  if (flags.merge !== undefined) {
    if (!['json', 'yaml', 'table'].includes(flags.output)) throw new KubefortError('KF_ERR_USAGE', '--merge prints table, json or yaml');
    const { reports, problems } = await readReports(flags.merge);
    for (const p of problems) process.stderr.write(`kubefort: ${p.code}: ${p.message}\n`);
    // Zero reports is never an empty pass: a wrong label selector in `kubectl logs -l …` gives an empty file.
    if (reports.length === 0) throw new KubefortError('KF_ERR_NO_REPORTS', `no node reports in ${flags.merge.join(', ')}: expected the output of kubefort node -o json (one report per line from the DaemonSet's logs, docs/node-benchmark.md)`);
    const merged = mergeReports(reports);
    if (flags.output === 'json') out.write(`${JSON.stringify(merged, null, 2)}\n`);
    else if (flags.output === 'yaml') out.write(jsYaml.dump(merged, { noRefs: true, lineWidth: -1 }));
    else out.write(`${formatMergedTable(merged, { color })}\n`);
    // The reports that were read are shown, but a line that was not one may be a node missing: exit 2.
    if (problems.length > 0) return EXIT.error;
    return exitFor(merged.nodes.flatMap((n) => n.results), failOn);
  }
  if (flags.configz !== undefined) {
    const text = await readUserFile(flags.configz, 'configz document');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new KubefortError('KF_ERR_JSON_PARSE', `${flags.configz}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const results = evaluateConfigz(flags.configz, json, options);
    if (flags.output === 'json') out.write(`${JSON.stringify({ apiVersion: 'kubefort.io/v1alpha1', kind: 'KubeletConfigzReport', source: flags.configz, results, totals: totalsOf(results) }, null, 2)}\n`);
    else for (const r of results) out.write(`[${r.state === 'NOT-APPLICABLE' ? 'N/A' : r.state}] ${r.id} ${r.title}\n       ${r.reason}\n`);
    return exitFor(results, failOn);
  }
  if (flags.fromCluster) return runFromCluster(flags, options, failOn);
  const every = flags.every === undefined ? undefined : parseDuration(flags.every);
  if (flags.every !== undefined && (every === undefined || every < 1000)) throw new KubefortError('KF_ERR_USAGE', '--every needs a duration of at least 1s, e.g. 24h');
  for (;;) {
    const report = await scanNode(flags.root, options);
    out.write(renderNodeReport(report, flags.output, color, flags.evidence, every !== undefined));
    if (every === undefined) return exitFor(report.results, failOn);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** `--from-cluster`: the kubelet controls on every node's live /configz; a node kubefort could not read is reported, never passed. */
async function runFromCluster(flags: NodeFlags, options: Parameters<typeof evaluateConfigz>[2], failOn: ReturnType<typeof failOnOf>): Promise<number> {
  const { readKubeletConfigz } = await import('../sources/cluster.js');
  const outcomes = await readKubeletConfigz({
    ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
    ...(flags.nodeName === undefined ? {} : { nodes: [flags.nodeName] }),
  });
  const nodes = outcomes.map((o) =>
    o.kind === 'config'
      ? { node: o.node, verified: true, results: evaluateConfigz(`nodes/${o.node}/proxy/configz`, o.configz, options) }
      : { node: o.node, verified: false, problem: `${o.kind === 'denied' ? 'kubefort lacks permission to read' : 'could not read'} nodes/${o.node}/proxy/configz (HTTP ${o.status}: ${o.reason})`, results: [] as ReturnType<typeof evaluateConfigz> },
  );
  const out = process.stdout;
  if (flags.output === 'json') out.write(`${JSON.stringify({ apiVersion: 'kubefort.io/v1alpha1', kind: 'KubeletConfigzReport', nodes }, null, 2)}\n`);
  else
    for (const n of nodes) {
      out.write(`== node ${n.node}\n`);
      if (!n.verified) out.write(`[WARN] not verified: ${'problem' in n ? n.problem : ''}\n`);
      for (const r of n.results) out.write(`[${r.state === 'NOT-APPLICABLE' ? 'N/A' : r.state}] ${r.id} ${r.title}\n       ${r.reason}\n`);
    }
  if (nodes.some((n) => !n.verified)) return EXIT.error;
  return exitFor(nodes.flatMap((n) => n.results), failOn);
}
