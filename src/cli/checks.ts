import { Command, Option } from 'commander';
import { AREA_TITLES, AREAS } from '../core/area.js';
import { allChecks } from '../checks/index.js';
import { formatFrameworkTable, frameworkControls } from '../node/framework.js';

/** The catalogue as data: what `kubefort checks -o json` prints (schema: schema/check-catalogue.v1alpha1.json). */
export function catalogue() {
  return {
    apiVersion: 'kubefort.io/v1alpha1',
    kind: 'CheckCatalogue',
    checks: allChecks.map(({ meta }) => ({
      id: meta.id,
      name: meta.name,
      title: meta.title,
      area: meta.area,
      severity: meta.severity,
      description: meta.description,
      remediation: meta.remediation,
      frameworks: meta.frameworks,
    })),
  };
}

export function checksCommand(): Command {
  return new Command('checks')
    .description('list the checks kubefort runs')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--framework <id>', 'list every control of a framework (e.g. cis-1.12) and what implements it')
    .action((flags: { output: string; framework?: string }) => {
      if (flags.framework !== undefined) {
        const controls = frameworkControls(flags.framework, allChecks);
        process.stdout.write(flags.output === 'json' ? `${JSON.stringify({ apiVersion: 'kubefort.io/v1alpha1', kind: 'FrameworkCatalogue', framework: flags.framework, controls }, null, 2)}\n` : formatFrameworkTable(flags.framework, controls));
        return;
      }
      if (flags.output === 'json') {
        process.stdout.write(`${JSON.stringify(catalogue(), null, 2)}\n`);
        return;
      }
      const lines: string[] = [];
      for (const area of AREAS) {
        const inArea = allChecks.filter((c) => c.meta.area === area);
        if (inArea.length === 0) continue;
        lines.push(`${AREA_TITLES[area]}:`);
        for (const { meta } of inArea) lines.push(`  ${meta.id.padEnd(10)} ${meta.severity.padEnd(8)} ${meta.name.padEnd(36)} ${meta.title}`);
        lines.push('');
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
