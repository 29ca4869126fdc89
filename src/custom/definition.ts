/**
 * CustomCheck definitions: YAML documents validated strictly. Every problem names the
 * file and the field, so a typo in a check never becomes a check that silently passes.
 */
import { AREAS, isArea, type Area } from '../core/area.js';
import { isRecord } from '../core/path.js';
import { isSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import { syntaxError } from './cel.js';

export const CUSTOM_CHECK_API_VERSION = 'kubefort.io/v1alpha1';
export const CUSTOM_CHECK_KIND = 'CustomCheck';

export interface CustomCheckDefinition {
  readonly id: string;
  readonly title: string;
  readonly area: Area;
  readonly severity: Severity;
  readonly kinds: readonly string[];
  /** CEL over `object`: true when the object is compliant. */
  readonly expression: string;
  readonly message: string;
  readonly remediation: string;
  readonly description?: string;
  /** Where it was read, for messages. */
  readonly file: string;
}

/** A definition that is wrong: names the file, the document and the field. */
export class CustomCheckError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field}: ${problem}`);
    this.name = 'CustomCheckError';
  }
}

const FIELDS = ['apiVersion', 'kind', 'metadata', 'id', 'title', 'area', 'severity', 'kinds', 'expression', 'message', 'remediation', 'description'] as const;
const ID = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/;

/**
 * Validates one parsed document. `where` is the file name (with a document index when
 * the file holds several); `reservedIds` are ids already taken (built-in checks, earlier files).
 */
/** Reads the string fields of a definition: absent is undefined (or `fail` when required); anything but a non-empty string is `fail`. */
export function textFields(doc: Readonly<Record<string, unknown>>, fail: (field: string, problem: string) => never): (field: string, required: boolean) => string | undefined {
  return (field, required) => {
    const value = doc[field];
    if (value === undefined || value === null) return required ? fail(field, 'is required') : undefined;
    if (typeof value !== 'string' || value.trim() === '') return fail(field, 'must be a non-empty string');
    return value;
  };
}

export function parseDefinition(doc: unknown, where: string, reservedIds: ReadonlySet<string>): CustomCheckDefinition {
  const fail = (field: string, problem: string): never => {
    throw new CustomCheckError(where, field, problem);
  };
  if (!isRecord(doc)) return fail('(document)', 'expected a mapping with apiVersion, kind, id, title …');
  for (const key of Object.keys(doc)) if (!(FIELDS as readonly string[]).includes(key)) fail(key, `unknown field (allowed: ${FIELDS.join(', ')})`);
  if (doc.apiVersion !== CUSTOM_CHECK_API_VERSION) fail('apiVersion', `must be ${CUSTOM_CHECK_API_VERSION}, got ${JSON.stringify(doc.apiVersion)}`);
  if (doc.kind !== CUSTOM_CHECK_KIND) fail('kind', `must be ${CUSTOM_CHECK_KIND}, got ${JSON.stringify(doc.kind)}`);
  const text = textFields(doc, fail);
  const id = text('id', true) as string;
  if (!ID.test(id)) fail('id', `"${id}" must be letters, digits and single dashes (e.g. ACME-001)`);
  if (reservedIds.has(id)) fail('id', `"${id}" is already used by another check`);
  const title = text('title', true) as string;
  const area = text('area', true) as string;
  if (!isArea(area)) fail('area', `"${area}" is not one of ${AREAS.join(', ')}`);
  const severity = text('severity', true) as string;
  if (!isSeverity(severity)) fail('severity', `"${severity}" is not one of ${SEVERITIES.join(', ')}`);
  const kinds = doc.kinds;
  if (!Array.isArray(kinds) || kinds.length === 0) fail('kinds', 'must be a non-empty list of kinds (e.g. [Deployment, Pod])');
  const kindList = kinds as unknown[];
  kindList.forEach((k, i) => {
    if (typeof k !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(k)) fail(`kinds[${i}]`, `${JSON.stringify(k)} is not a kind name (e.g. Deployment)`);
  });
  const expression = text('expression', true) as string;
  const bad = syntaxError(expression);
  if (bad !== undefined) fail('expression', `does not compile: ${bad}`);
  const message = text('message', true) as string;
  const remediation = text('remediation', true) as string;
  const description = text('description', false);
  return {
    id,
    title,
    area: area as Area,
    severity: severity as Severity,
    kinds: kindList as string[],
    expression,
    message,
    remediation,
    ...(description === undefined ? {} : { description }),
    file: where,
  };
}
