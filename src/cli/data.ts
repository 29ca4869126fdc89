import { Command, Option } from 'commander';
import { BUNDLED_VERSION_DATA } from '../analysis/versions/data.js';
import { loadSavedVersionData, updateVersionData, versionDataFile } from '../analysis/versions/store.js';

/** `kubefort data show|update`: the release calendar and CVE data kubefort judges versions with. */
export function dataCommand(): Command {
  const data = new Command('data').description('the bundled Kubernetes release and CVE data, and updates to it');
  data
    .command('show')
    .description('which version data is in use, and how old it is')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--full', 'print the whole data set as JSON (the format `update` reads)', false)
    .action(async (flags: { output: string; full: boolean }) => {
      const saved = await loadSavedVersionData();
      const active = saved ?? BUNDLED_VERSION_DATA;
      if (flags.full) {
        process.stdout.write(`${JSON.stringify(active, null, 2)}\n`);
        return;
      }
      const info = { apiVersion: 'kubefort.io/v1alpha1', kind: 'DataInfo', origin: saved === undefined ? 'bundled' : versionDataFile(), asOf: active.asOf, source: active.source, releases: active.releases.length, cves: active.cves.length };
      process.stdout.write(flags.output === 'json' ? `${JSON.stringify(info, null, 2)}\n` : `version data: ${info.origin}, as of ${info.asOf} (${info.releases} minor releases, ${info.cves} CVEs)\nsource: ${info.source}\n`);
    });
  data
    .command('update')
    .description('replace the version data with a newer file or URL (the only command that may use the network)')
    .requiredOption('--from <file-or-url>', 'a JSON document in the format of `kubefort data show --full`')
    .action(async (flags: { from: string }) => {
      const updated = await updateVersionData(flags.from);
      process.stdout.write(`saved ${versionDataFile()}: as of ${updated.asOf}, ${updated.releases.length} releases, ${updated.cves.length} CVEs\n`);
    });
  return data;
}
