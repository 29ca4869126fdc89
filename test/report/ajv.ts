/**
 * ajv for draft 2020-12 with the few formats the schemas here use, written out
 * (ajv-formats is not a dependency): an unknown format must fail, not pass.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
/** RFC 3986 characters, with `%` only in a percent-encoding. */
const URI_CHARS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

export function createAjv(options: { strict?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: options.strict ?? true });
  ajv.addFormat('date', (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat('date-time', (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uri', (s: string) => URI_CHARS.test(s) && SCHEME.test(s));
  ajv.addFormat('uri-reference', (s: string) => URI_CHARS.test(s));
  return ajv;
}
