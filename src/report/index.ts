/** Output formats by name, each with a one-line description (listed by `--help`). */
import type { Formatter } from './formatter.js';
import { formatJson } from './json.js';
import { formatTable } from './table.js';

export interface FormatterEntry {
  readonly description: string;
  readonly format: Formatter;
}

export const formatters = {
  table: { description: 'findings grouped by hardening area, for people', format: formatTable },
  json: { description: 'the ScanResult, schema kubefort.io/v1alpha1 (docs/json-schema.md)', format: formatJson },
} satisfies Record<string, FormatterEntry>;

export type OutputFormat = keyof typeof formatters;

export function isOutputFormat(name: string): name is OutputFormat {
  return Object.hasOwn(formatters, name);
}

export type { Formatter, FormatOptions } from './formatter.js';
export { DEFAULT_FORMAT_OPTIONS } from './formatter.js';
