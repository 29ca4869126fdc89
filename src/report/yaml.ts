/**
 * The ScanResult as YAML: the same fields, values and key order as `json`
 * (schema/scan-result.v1alpha1.json). Every string value is double-quoted, or a
 * literal block when it spans lines, so YAML 1.1 readers (PyYAML, Go yaml.v2)
 * and YAML 1.2 readers agree: `on`, `no`, `2026-01-31`, `0o7` stay strings.
 */
import { Document, visit } from 'yaml';
import type { Formatter } from './formatter.js';

/** Characters a literal block cannot hold (controls, NEL and other line separators, BOM, non-characters, surrogates): such strings stay double-quoted, with escapes. */
const NOT_IN_BLOCK = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/;
/**
 * Characters the yaml library leaves raw inside double quotes that a YAML 1.1 reader
 * rejects (DEL, C1 controls, U+FFFE/U+FFFF) or reads as a line break (NEL, U+2028,
 * U+2029), plus the BOM. They can only occur inside double-quoted values (no key is
 * user data), so they are written as `\uXXXX` escapes.
 */
const RAW_IN_QUOTES = /[\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g;

export const formatYaml: Formatter = (result) => {
  // Through JSON first, so YAML carries exactly what `json` does (no undefined, no class instances).
  const doc = new Document(JSON.parse(JSON.stringify(result)) as unknown);
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string') return;
      node.type = isBlockable(node.value) ? 'BLOCK_LITERAL' : 'QUOTE_DOUBLE';
    },
  });
  return doc
    .toString({ lineWidth: 0, indentSeq: true, doubleQuotedAsJSON: true })
    .replace(RAW_IN_QUOTES, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
};

/** Multi-line text without trailing spaces on a line or characters a block cannot carry. */
function isBlockable(value: string): boolean {
  return value.includes('\n') && !NOT_IN_BLOCK.test(value) && !/[ \t]\n|[ \t]$|\r/.test(value);
}
