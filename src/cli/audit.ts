/** `kubefort audit`: audit policy lint and generation, audit log analysis, the audit webhook receiver. */
import { readFile } from 'node:fs/promises';
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

export function auditCommand(): Command {
  return new Command('audit')
    .description('API-server audit logging: lint and generate policies, detect attacks in audit logs and on the audit webhook')
    .addCommand(policyCommand());
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
