import type { ScanResult } from '../core/finding.js';

export interface FormatOptions {
  /** ANSI colour; the CLI turns it on only for a TTY. */
  readonly color: boolean;
  /** Terminal width for wrapping (table only). */
  readonly width: number;
  /** Include suppressed findings in the listing (they are always counted). */
  readonly showSuppressed: boolean;
}

export const DEFAULT_FORMAT_OPTIONS: FormatOptions = { color: false, width: 100, showSuppressed: false };

/** A formatter turns a scan result into text: no I/O, no globals. */
export type Formatter = (result: ScanResult, options: FormatOptions) => string;
