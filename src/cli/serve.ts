/** `kubefort serve`: the continuous-compliance service (see docs/server.md). */
import { Command, Option } from 'commander';

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the kubefort service: scheduled scans, history, REST API and metrics over HTTPS')
    .option('--config <file>', 'service configuration (YAML); every setting has a default')
    .addOption(new Option('--port <port>', 'port to listen on (overrides the config file; default 8443)').argParser((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port: "${v}" is not a port number`);
      return n;
    }))
    .action(async (flags: { config?: string; port?: number }) => {
      const { loadConfig } = await import('../server/config.js');
      const { startService } = await import('../server/service.js');
      const config = await loadConfig(flags.config);
      const service = await startService({ config, ...(flags.port === undefined ? {} : { port: flags.port }) });
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('kubefort: shutting down\n');
          void service.close().finally(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
