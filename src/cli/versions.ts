import { Command, Option } from 'commander';
import { promotionOrderViolations } from '../analysis/versions/environments.js';
import { patchLag, supportState, versionData } from '../analysis/versions/currency.js';
import { parseKubeVersion, type KubeVersion } from '../analysis/versions/semver.js';
import { KubefortError } from '../core/errors.js';
import { EXIT } from './output.js';

interface VersionsFlags {
  context?: string[];
  kubeconfig?: string;
  output: string;
  today?: string;
}

interface EnvironmentReport {
  readonly context: string;
  readonly apiServer: string;
  readonly support: string;
  readonly endOfLife?: string;
  readonly patchesBehind?: number;
  readonly latestPatch?: string;
  readonly kubelets: readonly { node: string; version: string }[];
}

/**
 * `kubefort versions --context test --context prod`: each context's control-plane and kubelet
 * versions against the release calendar, and whether production is ahead of test.
 */
export function versionsCommand(): Command {
  return new Command('versions')
    .description('Kubernetes versions of one or more contexts (in promotion order: test first) against the release calendar')
    .option('--context <name...>', 'kubeconfig contexts, test environment first (default: the current context)')
    .option('--kubeconfig <file>', 'kubeconfig file')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(new Option('--today <date>', 'judge support dates as of this day (YYYY-MM-DD)').hideHelp())
    .action(async (flags: VersionsFlags) => {
      process.exitCode = await runVersions(flags);
    });
}

async function runVersions(flags: VersionsFlags): Promise<number> {
  const { loadKubeConfig, readVersions } = await import('../sources/cluster.js');
  const today = flags.today ?? new Date().toISOString().slice(0, 10);
  const data = versionData({});
  const contexts = flags.context ?? [loadKubeConfig(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }).getCurrentContext()];
  const reports: EnvironmentReport[] = [];
  const parsed: { name: string; version: KubeVersion }[] = [];
  for (const context of contexts) {
    const found = await readVersions({ context, ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }) });
    const version = parseKubeVersion(found.serverVersion);
    if (version === undefined) throw new KubefortError('KF_ERR_CLUSTER', `context ${context}: cannot parse server version "${found.serverVersion}"`);
    parsed.push({ name: context, version });
    const state = supportState(version, data, today);
    const lag = patchLag(version, data);
    reports.push({
      context,
      apiServer: found.serverVersion,
      support: state.state,
      ...('release' in state ? { endOfLife: state.release.endOfLife } : {}),
      ...(lag === undefined ? {} : { patchesBehind: lag.behind, latestPatch: lag.latest }),
      kubelets: found.kubelets,
    });
  }
  const violations = promotionOrderViolations(parsed).map((v) => ({
    message: `${v.later.name} runs ${v.later.version.raw}, newer than ${v.earlier.name} (${v.earlier.version.raw}): upgrade ${v.earlier.name} first`,
    earlier: v.earlier.name,
    later: v.later.name,
  }));
  if (flags.output === 'json') {
    process.stdout.write(`${JSON.stringify({ apiVersion: 'kubefort.io/v1alpha1', kind: 'VersionReport', dataAsOf: data.asOf, environments: reports, orderViolations: violations }, null, 2)}\n`);
  } else {
    const lines = reports.map(
      (r) =>
        `${r.context}: kube-apiserver ${r.apiServer} — ${r.support}${r.endOfLife === undefined ? '' : ` (end of life ${r.endOfLife})`}${r.patchesBehind ? `, ${r.patchesBehind} patch(es) behind ${r.latestPatch}` : ''}; kubelets: ${
          [...new Set(r.kubelets.map((k) => k.version))].join(', ') || 'none listed'
        }`,
    );
    lines.push(...violations.map((v) => `ORDER: ${v.message}`));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return violations.length > 0 || reports.some((r) => r.support === 'end-of-life' || r.support === 'ancient') ? EXIT.findings : EXIT.ok;
}
