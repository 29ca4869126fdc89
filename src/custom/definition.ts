/**
 * CustomCheck definitions: YAML documents validated strictly. Every problem names the
 * file, the line and the field, so a typo in a check never becomes a check that silently passes.
 * Also the reading of definition files that AuditRule files share: documents split, parsed and
 * located exactly as manifests are.
 */
import { AREAS, isArea, type Area } from '../core/area.js';
import { isRecord, type JsonPath } from '../core/path.js';
import type { Position } from '../core/resource.js';
import { isSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import { parseDocuments } from '../sources/parse.js';
import { SourceText } from '../sources/source-text.js';
import { DocumentLocator } from '../sources/yaml-locator.js';
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
  /** Where it was read, for messages: the file, and the line of its `id` (of the document without one). */
  readonly file: string;
  readonly line?: number;
}

/** A line (1-based), and a column when one is known. */
export interface TextPlace {
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** `file`, `file:line` or `file:line:column`. */
export function fileAt(file: string, at: TextPlace | undefined): string {
  if (at?.line === undefined) return file;
  return `${file}:${at.line}${at.column === undefined ? '' : `:${at.column}`}`;
}

/** A definition that is wrong: names the file, the line (of the field, or of its document) and the field. */
export class CustomCheckError extends Error {
  readonly line: number | undefined;

  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
    at?: TextPlace,
  ) {
    super(`${fileAt(file, at)}: ${field}: ${problem}`);
    this.name = 'CustomCheckError';
    this.line = at?.line;
  }
}

/** One non-empty document of a definition file. */
export interface DefinitionDocument {
  readonly value: unknown;
  readonly source: SourceText;
  /**
   * Where a path's key or item is; where the nearest enclosing one is when the text does not
   * have it (a required field that is missing: its document).
   */
  readonly at: (path: JsonPath) => Position;
}

/**
 * The documents of a definition file (CustomCheck, AuditRule), split and parsed as the manifest
 * scanner does. A file is configuration: one document that does not parse refuses the whole
 * file, through `refuse` with its position in the file.
 */
export function definitionDocuments(file: string, text: string, refuse: (at: TextPlace, problem: string) => never): DefinitionDocument[] {
  const source = new SourceText(file, text);
  const parsed = parseDocuments(source);
  for (const d of parsed) {
    if ('error' in d) return refuse(d.error, d.error.message.startsWith(`${file}: `) ? d.error.message.slice(file.length + 2) : d.error.message);
  }
  const out: DefinitionDocument[] = [];
  for (const d of parsed) {
    if ('error' in d || d.value === null || d.value === undefined) continue;
    const locator = new DocumentLocator(source, d.doc);
    const at = (path: JsonPath): Position => {
      for (let n = path.length; n >= 0; n--) {
        const found = locator.locate(n === path.length ? path : path.slice(0, n));
        if (found !== undefined) return found;
      }
      return source.position(d.doc.start);
    };
    out.push({ value: d.value, source, at });
  }
  return out;
}

/** The path of a field as problems name it: `match.resources[0]` is ['match', 'resources', 0], `(document)` the document. */
export function fieldPath(field: string): JsonPath {
  if (field.startsWith('(')) return [];
  return [...field.matchAll(/\[(\d+)\]|[^.[\]]+/g)].map((m) => (m[1] === undefined ? m[0] : Number(m[1])));
}

const FIELDS = ['apiVersion', 'kind', 'metadata', 'id', 'title', 'area', 'severity', 'kinds', 'expression', 'message', 'remediation', 'description'] as const;
const ID = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/;

/** Reads the string fields of a definition: absent is undefined (or `fail` when required); anything but a non-empty string is `fail`. */
export function textFields(doc: Readonly<Record<string, unknown>>, fail: (field: string, problem: string) => never): (field: string, required: boolean) => string | undefined {
  return (field, required) => {
    const value = doc[field];
    if (value === undefined || value === null) return required ? fail(field, 'is required') : undefined;
    if (typeof value !== 'string' || value.trim() === '') return fail(field, 'must be a non-empty string');
    return value;
  };
}

/**
 * Validates one parsed document read from `file`; `at` (when known) places its paths in the file,
 * for the line of a problem. `reservedIds` are ids already taken (built-in checks, earlier files).
 */
export function parseDefinition(doc: unknown, file: string, reservedIds: ReadonlySet<string>, at?: (path: JsonPath) => Position): CustomCheckDefinition {
  const fail = (field: string, problem: string, path: JsonPath = fieldPath(field)): never => {
    throw new CustomCheckError(file, field, problem, at === undefined ? undefined : { line: at(path).line });
  };
  if (!isRecord(doc)) return fail('(document)', 'expected a mapping with apiVersion, kind, id, title …');
  for (const key of Object.keys(doc)) if (!(FIELDS as readonly string[]).includes(key)) fail(key, `unknown field (allowed: ${FIELDS.join(', ')})`, [key]);
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
    file,
    ...(at === undefined ? {} : { line: at(['id']).line }),
  };
}
