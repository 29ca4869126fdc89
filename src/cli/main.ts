/** The kubefort command line: parses flags, calls the library, prints. No logic of its own. */
import { Command, CommanderError } from 'commander';
import { KubefortError } from '../core/errors.js';
import { VERSION } from '../version.js';
import { auditCommand } from './audit.js';
import { checksCommand } from './checks.js';
import { dataCommand } from './data.js';
import { fixCommand } from './fix.js';
import { netpolCommand } from './netpol.js';
import { nodeCommand } from './node.js';
import { EXIT } from './output.js';
import { rbacCommand } from './rbac.js';
import { scanCommand } from './scan.js';
import { serveCommand } from './serve.js';
import { versionsCommand } from './versions.js';

export function program(): Command {
  const root = new Command('kubefort')
    .description('Kubernetes security: posture, CIS benchmark, RBAC, NetworkPolicy, audit detection, remediation')
    .version(VERSION)
    .addCommand(scanCommand())
    .addCommand(fixCommand())
    .addCommand(checksCommand())
    .addCommand(versionsCommand())
    .addCommand(dataCommand())
    .addCommand(netpolCommand())
    .addCommand(nodeCommand())
    .addCommand(auditCommand())
    .addCommand(rbacCommand())
    .addCommand(serveCommand());
  // addCommand() does not pass these settings down: every command must throw instead of exiting,
  // so that main() maps usage errors to exit code 2. A usage error prints commander's one-line
  // error and where the usage is, as kubectl does, not the whole help text.
  const configure = (command: Command, path: string): void => {
    command.exitOverride().showHelpAfterError(`(run ${path} --help for usage)`);
    for (const sub of command.commands) configure(sub, `${path} ${sub.name()}`);
  };
  configure(root, root.name());
  return root;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await program().parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with 1, which we map to 2.
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (error instanceof KubefortError) {
      process.stderr.write(`kubefort: ${error.code}: ${error.message}\n`);
      return EXIT.error;
    }
    process.stderr.write(`kubefort: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.error;
  }
}
