import type { Formatter } from './formatter.js';

/** The ScanResult as JSON (schema: docs/output-formats.md and schema/scan-result.v1alpha1.json). Suppressed findings are always included. */
export const formatJson: Formatter = (result) => `${JSON.stringify(result, null, 2)}\n`;
