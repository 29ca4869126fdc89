/** Output formats by name, each with a one-line description (listed by `--help`). */
import type { Formatter } from './formatter.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { createSarifFormatter } from './sarif.js';
import { formatTable } from './table.js';
import { formatYaml } from './yaml.js';

export interface FormatterEntry {
  readonly description: string;
  readonly format: Formatter;
}

export const formatters = {
  table: { description: 'findings grouped by hardening area, for people', format: formatTable },
  json: { description: 'the ScanResult, schema kubefort.io/v1alpha1 (docs/output-formats.md)', format: formatJson },
  yaml: { description: 'the same ScanResult as json, as YAML', format: formatYaml },
  sarif: { description: 'SARIF 2.1.0 for GitHub code scanning and SARIF viewers, paths relative to the working directory', format: (result, options) => createSarifFormatter({ cwd: process.cwd() })(result, options) },
  junit: { description: 'JUnit XML for CI test reports: a suite per area, a test case per check and object', format: formatJunit },
  markdown: { description: 'Markdown tables for pull-request comments and CI job summaries', format: formatMarkdown },
  html: { description: 'one self-contained HTML file (no network): summary per area, SVG charts, fix-first list, every finding with evidence and remediation', format: formatHtml },
} satisfies Record<string, FormatterEntry>;

export type OutputFormat = keyof typeof formatters;

export function isOutputFormat(name: string): name is OutputFormat {
  return Object.hasOwn(formatters, name);
}

export type { Formatter, FormatOptions } from './formatter.js';
export { DEFAULT_FORMAT_OPTIONS } from './formatter.js';
