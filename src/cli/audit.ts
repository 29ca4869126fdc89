/** `kubefort audit`: audit policy lint and generation, audit log analysis, the audit webhook receiver. */
import { constants } from 'node:fs';
import { access, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { Command, Option } from 'commander';
import jsYaml from 'js-yaml';
import { KubefortError } from '../core/errors.js';
import { isRecord } from '../core/path.js';
import { atLeast, isSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import { applySteps, commentBlock, generatePolicy, PROFILE_DESCRIPTIONS, PROFILES, type Profile } from '../audit/policy/generate.js';
import { lintFlags, lintMeta, lintPolicyText, lintToScanResult, type ApiServerAuditSetup, type PolicyLintResult } from '../audit/policy/lint.js';
import { formatters, isOutputFormat } from '../report/index.js';
import { createSarifFormatter } from '../report/sarif.js';
import { createJunitFormatter } from '../report/junit.js';
import { EXIT, terminalWidth, useColor } from './output.js';
import { DetectionEngine, type Alert } from '../detect/engine.js';
import type { AuditEvent } from '../detect/event.js';
import { createAuditListener } from '../detect/listen.js';
import { createCA, issueCertificate } from '../detect/pki.js';
import { followFile, printable, readFileEvents, withRotated, type ReadProblem } from '../detect/read.js';
import type { DetectionRule } from '../detect/rule.js';
import { ALL_RULES } from '../detect/rules/index.js';
import { AuditRuleError, evaluationProblems, isCustomRule, loadAuditRules } from '../detect/custom.js';
import { fileSink, stdoutSink, webhookSink, type AlertSink } from '../detect/sinks.js';

export function auditCommand(): Command {
  return new Command('audit')
    .description('API-server audit logging: lint and generate policies, detect attacks in audit logs and on the audit webhook')
    .addCommand(policyCommand())
    .addCommand(analyzeCommand())
    .addCommand(listenCommand())
    .addCommand(
      new Command('rules')
        .description('list the detection catalogue (and the custom rules of --rules files, checked and compiled)')
        .option('--rules <file>', 'also load custom CEL rules from this YAML file or directory (repeatable)', collect, [])
        .action(async (flags: { rules: string[] }) => {
          for (const r of [...ALL_RULES, ...(await customRules(flags.rules))]) process.stdout.write(`${r.meta.id}  ${r.meta.severity.padEnd(8)} ${r.meta.name.padEnd(36)} ${r.meta.minLevel.padEnd(15)} ${r.meta.attack.join(',')}  ${r.meta.title}${isCustomRule(r) ? `  (${r.custom.file})` : ''}\n`);
        }),
    );
}

/** Commander collector for repeatable options. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Custom rules from --rules files; a bad file is a usage error (exit 2) naming the file, rule and position. */
async function customRules(paths: readonly string[]): Promise<DetectionRule[]> {
  if (paths.length === 0) return [];
  try {
    return await loadAuditRules(paths, ALL_RULES);
  } catch (error) {
    if (error instanceof AuditRuleError) throw new KubefortError('KF_ERR_USAGE', `invalid audit rule: ${error.message}`);
    throw error;
  }
}

/** Custom rules whose expressions failed on some events (those events did not match), for stderr. */
function reportRuleErrors(rules: readonly DetectionRule[]): void {
  for (const p of evaluationProblems(rules)) process.stderr.write(`kubefort: custom rule ${p.ruleId} (${p.file}): ${p.errors.toLocaleString('en')} of ${p.evaluated.toLocaleString('en')} events could not be evaluated and did not match; first: ${p.firstError}\n`);
}

function policyCommand(): Command {
  return new Command('policy')
    .description('audit policy files (audit.k8s.io/v1 Policy)')
    .addCommand(
      new Command('lint')
        .description('parse a policy strictly, simulate it like the API server (first match wins) and report what it hides or leaks')
        .argument('<files...>', 'policy files')
        .option('--apiserver <file>', 'also check the audit flags and mounts: a kube-apiserver static pod manifest, or a file with its command line')
        .addOption(new Option('-o, --output <format>', `output format: ${Object.keys(formatters).join(', ')}`).default('table'))
        .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (or "never")').default('high'))
        .action(async (files: string[], flags: { apiserver?: string; output: string; failOn: string }) => {
          process.exitCode = await runLint(files, flags);
        }),
    )
    .addCommand(
      new Command('generate')
        .description('print an audit policy and the kubeadm steps to apply it (as comments)')
        .addOption(new Option('--profile <name>', PROFILES.map((p) => `${p}: ${PROFILE_DESCRIPTIONS[p]}`).join('; ')).choices([...PROFILES]).default('recommended'))
        .option('--no-steps', 'print the policy only')
        .option('--policy-path <path>', 'where the policy file goes on the control-plane node', '/etc/kubernetes/audit/policy.yaml')
        .option('--log-dir <dir>', 'directory of the audit log on the control-plane node', '/var/log/kubernetes/audit')
        .action((flags: { profile: Profile; steps: boolean; policyPath: string; logDir: string }) => {
          const policy = generatePolicy(flags.profile);
          const head = `# kubefort audit policy, profile ${flags.profile}: ${PROFILE_DESCRIPTIONS[flags.profile]}\n`;
          const steps = flags.steps ? `${commentBlock(applySteps({ policyPath: flags.policyPath, logDir: flags.logDir }))}\n` : '';
          process.stdout.write(`${head}${steps}${policy}`);
        }),
    );
}

async function read(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new KubefortError('KF_ERR_READ', `${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Flags and mounts of kube-apiserver from a static pod manifest or a plain command line. */
export function apiServerSetup(text: string, file: string): ApiServerAuditSetup {
  const flags = new Map<string, string>();
  const addTokens = (tokens: readonly string[]): void => {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] ?? '';
      if (!t.startsWith('--')) continue;
      const eq = t.indexOf('=');
      if (eq !== -1) flags.set(t.slice(2, eq), t.slice(eq + 1));
      else if (tokens[i + 1] !== undefined && !(tokens[i + 1] ?? '').startsWith('--')) flags.set(t.slice(2), tokens[++i] ?? '');
      else flags.set(t.slice(2), 'true');
    }
  };
  let doc: unknown;
  try {
    doc = jsYaml.load(text);
  } catch {
    doc = undefined;
  }
  const spec = isRecord(doc) && isRecord(doc['spec']) ? doc['spec'] : undefined;
  const containers = spec !== undefined && Array.isArray(spec['containers']) ? (spec['containers'] as unknown[]) : undefined;
  if (containers !== undefined) {
    const c = containers.find((x) => isRecord(x) && (x['name'] === 'kube-apiserver' || (Array.isArray(x['command']) && String(x['command'][0]).includes('kube-apiserver')))) ?? containers[0];
    if (!isRecord(c)) throw new KubefortError('KF_ERR_INVALID_FIELD', `${file}: no kube-apiserver container`);
    const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    addTokens([...strs(c['command']), ...strs(c['args'])]);
    const mountPaths = (Array.isArray(c['volumeMounts']) ? (c['volumeMounts'] as unknown[]) : []).flatMap((m) => (isRecord(m) && typeof m['mountPath'] === 'string' ? [m['mountPath']] : []));
    return { flags, mountPaths, file };
  }
  addTokens(text.split(/\s+/));
  return { flags, file };
}

async function runLint(files: readonly string[], flags: { apiserver?: string; output: string; failOn: string }): Promise<number> {
  const failOn = flags.failOn;
  if (failOn !== 'never' && !isSeverity(failOn)) throw new KubefortError('KF_ERR_USAGE', `--fail-on must be one of ${SEVERITIES.join(', ')} or never`);
  if (!isOutputFormat(flags.output)) throw new KubefortError('KF_ERR_USAGE', `unknown output format "${flags.output}"; use one of ${Object.keys(formatters).join(', ')}`);
  const started = Date.now();
  const results: PolicyLintResult[] = [];
  for (const file of files) results.push(lintPolicyText(await read(file), file));
  if (flags.apiserver !== undefined) results.push({ file: flags.apiserver, findings: lintFlags(apiServerSetup(await read(flags.apiserver), flags.apiserver)) });
  const result = lintToScanResult(results, new Date(started).toISOString(), Date.now() - started);
  const options = { color: useColor(process.stdout), width: terminalWidth(process.stdout), showSuppressed: false };
  const findMeta = (id: string) => {
    const m = lintMeta(id);
    return m === undefined ? undefined : { ...m, area: 'audit' as const };
  };
  const text =
    flags.output === 'sarif'
      ? createSarifFormatter({ cwd: process.cwd(), findMeta })(result, options)
      : flags.output === 'junit'
        ? createJunitFormatter({ findMeta })(result, options)
        : formatters[flags.output].format(result, options);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  if (failOn === 'never') return EXIT.ok;
  const threshold: Severity = failOn;
  return result.findings.some((f) => atLeast(f.severity, threshold)) ? EXIT.findings : EXIT.ok;
}

// ---- analyze ----

interface AnalyzeFlags {
  output: string;
  rules: string[];
  follow: boolean;
  rotated: boolean;
  rule?: string[];
  minSeverity: string;
  alertsFile?: string;
  slackWebhook?: string;
  failOn: string;
}

function selectRules(ids: readonly string[] | undefined, minSeverity: string, custom: readonly DetectionRule[] = []): DetectionRule[] {
  if (!isSeverity(minSeverity)) throw new KubefortError('KF_ERR_USAGE', `--min-severity must be one of ${SEVERITIES.join(', ')}`);
  let rules = [...ALL_RULES, ...custom];
  if (ids !== undefined && ids.length > 0) {
    const unknown = ids.filter((id) => !rules.some((r) => r.meta.id === id || r.meta.name === id));
    if (unknown.length > 0) throw new KubefortError('KF_ERR_USAGE', `unknown detection rule ${unknown.join(', ')}; see kubefort audit rules`);
    rules = rules.filter((r) => ids.includes(r.meta.id) || ids.includes(r.meta.name));
  }
  return rules.filter((r) => atLeast(r.meta.severity, minSeverity));
}

function alertLine(a: Alert, color: boolean): string {
  const paint = color ? (a.severity === 'critical' || a.severity === 'high' ? '\u001b[31m' : a.severity === 'medium' ? '\u001b[33m' : '\u001b[36m') : '';
  const reset = color ? '\u001b[0m' : '';
  return `${a.time} ${paint}${a.severity.toUpperCase().padEnd(8)}${reset} ${a.ruleId} ${a.rule}: ${a.message} [${a.attack.join(', ')}] events=${a.evidence.count} auditID=${a.evidence.auditIDs[0] ?? ''}`;
}

export function analyzeCommand(): Command {
  return new Command('analyze')
    .description('detect attacks in audit logs: JSON lines, EventList documents, gzip, rotated files, stdin (-)')
    .argument('<files...>', 'audit log files, or - for stdin')
    .addOption(new Option('-o, --output <format>', 'table (one line per alert), jsonl (one alert per line), json (alerts, problems, counts)').choices(['table', 'jsonl', 'json']).default('table'))
    .option('-f, --follow', 'keep reading the (single) file as it grows, across rotation', false)
    .option('--rotated', "also read each file's rotated siblings (audit-<time>.log[.gz]), oldest first", false)
    .option('--rule <ids...>', 'only these rules (id or name)')
    .option('--rules <file>', 'also run custom CEL rules from this YAML file or directory (repeatable; see docs/audit.md)', collect, [])
    .option('--min-severity <severity>', 'skip rules below this severity', 'info')
    .option('--alerts-file <file>', 'also append alerts as JSON lines to this file')
    .option('--slack-webhook <url>', 'also post alerts to this Slack-compatible incoming webhook')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when an alert is at least this severe (or "never")').default('never'))
    .action(async (files: string[], flags: AnalyzeFlags) => {
      process.exitCode = await runAnalyze(files, flags);
    });
}

/** A named input must be a readable file (or stdin): checked before anything is read or printed. */
async function checkInput(file: string): Promise<void> {
  if (file === '-') return;
  try {
    await access(file, constants.R_OK);
    if ((await stat(file)).isDirectory()) throw new KubefortError('KF_ERR_READ', `${file}: is a directory, not an audit log (name the log file; --rotated adds its rotated siblings)`);
  } catch (error) {
    if (error instanceof KubefortError) throw error;
    throw new KubefortError('KF_ERR_READ', `${file}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Events and problems per input, to tell a few bad lines of a real log from an input that gave nothing. */
interface InputTally {
  events: number;
  problems: number;
  fatal: string | undefined;
}

/** `file:line: message` for a terminal: the input's own text in a message is escaped. */
function problemLine(p: ReadProblem): string {
  return `${p.file}${p.line > 0 ? `:${p.line}` : ''}: ${printable(p.message)}`;
}

async function runAnalyze(files: readonly string[], flags: AnalyzeFlags): Promise<number> {
  if (flags.failOn !== 'never' && !isSeverity(flags.failOn)) throw new KubefortError('KF_ERR_USAGE', `--fail-on must be one of ${SEVERITIES.join(', ')} or never`);
  if (flags.follow && (files.length !== 1 || files[0] === '-')) throw new KubefortError('KF_ERR_USAGE', '--follow takes exactly one file (not stdin)');
  const rules = selectRules(flags.rule, flags.minSeverity, await customRules(flags.rules));
  // Every input is checked before the first event is read: a typo is an error, not 0 alerts.
  const inputs: string[] = [];
  for (const file of files) inputs.push(...(flags.rotated && !flags.follow && file !== '-' ? await withRotated(file) : [file]));
  for (const f of inputs) await checkInput(f);
  const tally = new Map<string, InputTally>(inputs.map((f) => [f === '-' ? '<stdin>' : f, { events: 0, problems: 0, fatal: undefined }]));
  const tallyOf = (file: string): InputTally => {
    let t = tally.get(file);
    if (t === undefined) tally.set(file, (t = { events: 0, problems: 0, fatal: undefined }));
    return t;
  };
  const engine = new DetectionEngine({ rules });
  const color = flags.output === 'table' && useColor(process.stdout);
  const alerts: Alert[] = [];
  const problems: ReadProblem[] = [];
  const extra: AlertSink[] = [];
  if (flags.alertsFile !== undefined) extra.push(fileSink(flags.alertsFile));
  if (flags.slackWebhook !== undefined) extra.push(webhookSink(flags.slackWebhook));
  const emit = (found: readonly Alert[]): void => {
    if (found.length === 0) return;
    if (flags.output === 'json') alerts.push(...found);
    else {
      alerts.push(...found);
      process.stdout.write(found.map((a) => (flags.output === 'jsonl' ? JSON.stringify(a) : alertLine(a, color))).join('\n') + '\n');
    }
    for (const s of extra) s.write(found);
  };
  let shown = 0;
  const sink = {
    event: (e: AuditEvent, file: string) => {
      tallyOf(file).events++;
      emit(engine.process(e));
    },
    problem: (p: ReadProblem) => {
      const t = tallyOf(p.file);
      t.problems++;
      if (p.fatal === true) t.fatal ??= p.message;
      problems.push({ ...p, message: printable(p.message) });
      // An input that cannot be read is reported once, at the end (exit 2); bad lines as they come.
      if (flags.output !== 'json' && p.fatal !== true && shown++ < 50) process.stderr.write(`kubefort: ${problemLine(p)} (skipped)\n`);
    },
  };
  if (flags.follow) {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await followFile(files[0] ?? '', sink, controller.signal);
  } else {
    for (const f of inputs) await readFileEvents(f, sink);
  }
  for (const s of extra) await s.close?.();
  const lines = (n: number): string => `${n.toLocaleString('en')} unreadable line${n === 1 ? '' : 's'}`;
  // Nothing readable at all: no verdict (no "0 alerts"), exit 2.
  if ([...tally.values()].every((t) => t.events === 0)) {
    const why = [...tally].map(([file, t]) => `${file} (${t.fatal !== undefined ? printable(t.fatal) : t.problems > 0 ? lines(t.problems) : 'empty'})`);
    throw new KubefortError('KF_ERR_NO_INPUT', `no audit events were read from ${why.join(', ')}: nothing to analyse`);
  }
  // An input that could not be read, or gave nothing but unreadable lines, is an input error (exit 2)
  // after the report of the others; a few bad lines in a real log are not.
  const failed = [...tally].flatMap(([file, t]) => (t.fatal !== undefined ? [`${file}: ${printable(t.fatal)}${t.events > 0 ? ` (after ${t.events.toLocaleString('en')} events)` : ''}`] : t.events === 0 && t.problems > 0 ? [`${file}: no audit events were read (${lines(t.problems)})`] : []));
  const ruleErrors = evaluationProblems(rules);
  if (flags.output === 'json') process.stdout.write(`${JSON.stringify({ apiVersion: 'kubefort.io/v1alpha1', kind: 'AuditAnalysis', alerts, problems, events: engine.events, duplicates: engine.duplicates, ...(ruleErrors.length === 0 ? {} : { ruleErrors }) }, null, 2)}\n`);
  else reportRuleErrors(rules);
  if (flags.output === 'table') {
    const skipped = problems.filter((p) => p.fatal !== true).length;
    if (skipped > 50) process.stderr.write(`kubefort: ${skipped - 50} more unreadable lines skipped\n`);
    process.stdout.write(`${alerts.length} alert${alerts.length === 1 ? '' : 's'} · ${engine.events} events read · ${engine.duplicates} duplicates dropped · ${skipped} unreadable lines skipped${failed.length > 0 ? ` · ${failed.length} input${failed.length === 1 ? '' : 's'} not read` : ''}\n`);
  }
  if (failed.length > 0) {
    for (const f of failed) process.stderr.write(`kubefort: KF_ERR_READ: ${f}\n`);
    return EXIT.error;
  }
  if (flags.failOn === 'never') return EXIT.ok;
  const threshold: Severity = flags.failOn;
  return alerts.some((a) => atLeast(a.severity, threshold)) ? EXIT.findings : EXIT.ok;
}

// ---- listen ----

interface ListenFlags {
  port: string;
  address: string;
  cert?: string;
  key?: string;
  clientCa?: string;
  token?: string;
  tokenFile?: string;
  writeCa?: string;
  bodyLimit: string;
  eventsFile?: string;
  alertsFile?: string;
  slackWebhook?: string;
  stdout: boolean;
  rules: string[];
}

export function listenCommand(): Command {
  return new Command('listen')
    .description('receive audit events from the API server (--audit-webhook-config-file) over HTTPS and alert in real time')
    .option('--port <port>', 'port to listen on', '9765')
    .option('--address <address>', 'address to bind', '0.0.0.0')
    .option('--cert <file>', 'serving certificate (PEM); default: a CA and certificate generated at start')
    .option('--key <file>', 'serving key (PEM)')
    .option('--write-ca <file>', 'with a generated certificate: write its CA here (for certificate-authority in the webhook kubeconfig)')
    .option('--client-ca <file>', 'require API-server client certificates signed by this CA')
    .option('--token <token>', 'accept this bearer token (prefer --token-file)')
    .option('--token-file <file>', 'accept the bearer token in this file')
    .option('--body-limit <bytes>', 'largest accepted batch', String(12 * 1024 * 1024))
    .option('--events-file <file>', 'append every accepted event as JSON lines (503 when it cannot be written)')
    .option('--alerts-file <file>', 'append alerts as JSON lines')
    .option('--slack-webhook <url>', 'post alerts to a Slack-compatible incoming webhook')
    .option('--no-stdout', 'do not print alerts on stdout')
    .option('--rules <file>', 'also run custom CEL rules from this YAML file or directory (repeatable)', collect, [])
    .action(async (flags: ListenFlags) => {
      process.exitCode = await runListen(flags);
    });
}

async function runListen(flags: ListenFlags): Promise<number> {
  const rules = [...ALL_RULES, ...(await customRules(flags.rules))];
  let cert: string;
  let key: string;
  if (flags.cert !== undefined || flags.key !== undefined) {
    if (flags.cert === undefined || flags.key === undefined) throw new KubefortError('KF_ERR_USAGE', '--cert and --key go together');
    cert = await read(flags.cert);
    key = await read(flags.key);
  } else {
    const ca = createCA('kubefort-audit-listener-ca');
    const leaf = issueCertificate(ca, { commonName: 'kubefort-audit-listener', hosts: ['localhost', '127.0.0.1', hostname()], server: true });
    cert = leaf.certPem + ca.certPem;
    key = leaf.keyPem;
    if (flags.writeCa !== undefined) await writeFile(flags.writeCa, ca.certPem);
    process.stderr.write(`kubefort: generated a serving certificate for localhost, 127.0.0.1, ${hostname()}${flags.writeCa === undefined ? '' : `; CA in ${flags.writeCa}`}\n`);
  }
  const token = flags.tokenFile !== undefined ? (await read(flags.tokenFile)).trim() : flags.token;
  const clientCA = flags.clientCa === undefined ? undefined : await read(flags.clientCa);
  if (token === undefined && clientCA === undefined) process.stderr.write('kubefort: warning: no --client-ca or --token: anyone who reaches the port can send events\n');
  const sinks: AlertSink[] = [];
  if (flags.stdout) sinks.push(stdoutSink());
  if (flags.alertsFile !== undefined) sinks.push(fileSink(flags.alertsFile));
  if (flags.slackWebhook !== undefined) sinks.push(webhookSink(flags.slackWebhook));
  // A custom rule's first evaluation failure is logged when it happens; the counts at shutdown.
  const reported = new Set<string>();
  const server = createAuditListener({
    engine: new DetectionEngine({ rules }),
    sinks,
    cert,
    key,
    ...(clientCA === undefined ? {} : { clientCA }),
    ...(token === undefined ? {} : { token }),
    bodyLimit: Number(flags.bodyLimit),
    ...(flags.eventsFile === undefined ? {} : { eventsFile: flags.eventsFile }),
    onProblem: (p) => process.stderr.write(`kubefort: webhook: ${printable(p.message)} (skipped)\n`),
    onBatch: () => {
      for (const p of evaluationProblems(rules))
        if (!reported.has(p.ruleId)) {
          reported.add(p.ruleId);
          process.stderr.write(`kubefort: custom rule ${p.ruleId} (${p.file}) could not be evaluated on an event (counted as no match): ${p.firstError}\n`);
        }
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(flags.port), flags.address, () => resolve());
  });
  const address = server.address();
  process.stderr.write(`kubefort: audit webhook listening on https://${flags.address}:${typeof address === 'object' && address !== null ? address.port : flags.port}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const s of sinks) await s.close?.();
  reportRuleErrors(rules);
  return EXIT.ok;
}
