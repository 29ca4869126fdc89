/** Shared CLI plumbing: output format choice, colour, exit codes. */
import { KubefortError } from '../core/errors.js';
import { formatters, isOutputFormat, type OutputFormat } from '../report/index.js';

export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

export function outputFormat(name: string): OutputFormat {
  if (!isOutputFormat(name)) throw new KubefortError('KF_ERR_USAGE', `unknown output format "${name}"; use one of ${Object.keys(formatters).join(', ')}`);
  return name;
}

export function useColor(stream: NodeJS.WriteStream): boolean {
  if ('NO_COLOR' in process.env) return false;
  if ('FORCE_COLOR' in process.env) return true;
  return stream.isTTY === true;
}

export function terminalWidth(stream: NodeJS.WriteStream): number {
  return stream.columns ?? 100;
}
