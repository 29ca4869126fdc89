import type { Formatter } from './formatter.js';

/** The ScanResult as JSON (schema: docs/json-schema.md). Suppressed findings are always included. */
export const formatJson: Formatter = (result) => `${JSON.stringify(result, null, 2)}\n`;
