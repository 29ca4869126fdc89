/**
 * JUnit XML for CI test reports (GitLab, Jenkins, Azure Pipelines, CircleCI …):
 * one test suite per hardening area, one test case per check and object. A check
 * with no findings is one passing test case, so the report shows what was checked.
 * Suppressed findings are skipped test cases; input errors are errored test cases
 * in a last "Input problems" suite. The XML is written by hand: it is small, and
 * the escaping (including characters XML 1.0 cannot carry) is tested here.
 */
import { findCheck } from '../checks/index.js';
import { AREA_TITLES, AREAS, type Area } from '../core/area.js';
import type { ScanError } from '../core/errors.js';
import type { Finding, ScanResult } from '../core/finding.js';
import { formatRef } from '../core/resource.js';
import type { Formatter } from './formatter.js';

export interface JunitContext {
  /** Area and name of a check by id, for checks without findings; defaults to the built-in registry. */
  readonly findMeta?: (checkId: string) => { readonly area: Area; readonly name: string } | undefined;
}

/** `<stdin>` and the like: shown in messages, but not a file a CI system can link to. */
const PSEUDO_FILE = /^<[^<>]*>$/;

interface TestCase {
  readonly name: string;
  readonly classname: string;
  readonly file?: string;
  /** The XML inside `<testcase>`, already escaped. */
  readonly body: string;
  readonly outcome: 'passed' | 'failed' | 'skipped' | 'errored';
}

export function createJunitFormatter(context: JunitContext = {}): Formatter {
  const findMeta = context.findMeta ?? ((id: string) => findCheck(id)?.meta);
  return (result) => {
    const byCheck = new Map<string, Finding[]>(result.checks.map((id) => [id, []]));
    for (const f of [...result.findings, ...result.suppressed]) {
      const list = byCheck.get(f.checkId);
      if (list === undefined) byCheck.set(f.checkId, [f]);
      else list.push(f);
    }
    const byArea = new Map<Area, TestCase[]>();
    for (const [id, mine] of byCheck) {
      const first = mine[0];
      const meta = findMeta(id);
      const area = first?.area ?? meta?.area ?? 'general';
      const name = first?.checkName ?? meta?.name ?? id;
      const cases = byArea.get(area) ?? [];
      byArea.set(area, cases);
      if (mine.length === 0) {
        cases.push({ name: `${id} ${name}`, classname: `kubefort.${area}.${name}`, body: '', outcome: 'passed' });
        continue;
      }
      const byObject = new Map<string, Finding[]>();
      for (const f of mine) {
        const key = `${formatRef(f.resource)}\u0000${f.resource.apiVersion}`;
        const group = byObject.get(key);
        if (group === undefined) byObject.set(key, [f]);
        else group.push(f);
      }
      for (const group of byObject.values()) cases.push(findingCase(id, name, group));
    }

    const suites: string[] = [];
    const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const area of AREAS) {
      const cases = byArea.get(area);
      if (cases === undefined || cases.length === 0) continue;
      suites.push(suite(AREA_TITLES[area], `kubefort.${area}`, cases, result, totals));
    }
    if (result.errors.length > 0) suites.push(suite('Input problems', 'kubefort.input', result.errors.map(errorCase), result, totals));

    const root = `<testsuites name="kubefort" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds(result.durationMs)}" timestamp="${attr(result.startedAt)}">`;
    return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...suites, '</testsuites>', ''].join('\n');
  };
}

export const formatJunit: Formatter = createJunitFormatter();

function findingCase(checkId: string, checkName: string, group: readonly Finding[]): TestCase {
  const first = group[0] as Finding;
  const object = formatRef(first.resource);
  const failing = group.filter((f) => f.suppression === undefined);
  const suppressed = group.filter((f) => f.suppression !== undefined);
  const file = group.find((f) => f.location.file !== undefined && !PSEUDO_FILE.test(f.location.file))?.location.file;
  const base = { name: `${checkId} ${checkName}: ${object}`, classname: `kubefort.${first.area}.${checkName}`, ...(file === undefined ? {} : { file }) };
  if (failing.length === 0) {
    const reasons = [...new Set(suppressed.map((f) => f.suppression?.reason ?? ''))].join('; ');
    return { ...base, outcome: 'skipped', body: `      <skipped message="${attr(`suppressed: ${reasons}`)}"/>\n` };
  }
  const lead = failing[0] as Finding;
  const message = failing.length === 1 ? lead.message : `${lead.message} (and ${failing.length - 1} more)`;
  const lines = [
    `${lead.severity.toUpperCase()} ${checkId} ${lead.title}`,
    `object: ${object} (${first.resource.apiVersion})`,
    ...failing.map((f) => `${where(f)}: ${f.message}`),
    ...suppressed.map((f) => `${where(f)}: ${f.message} [suppressed: ${f.suppression?.reason ?? ''}]`),
    '',
    `How to fix: ${lead.remediation}`,
  ];
  return { ...base, outcome: 'failed', body: `      <failure message="${attr(message)}" type="${attr(lead.severity)}">${text(lines.join('\n'))}</failure>\n` };
}

function errorCase(e: ScanError): TestCase {
  const place = [e.file, e.line === undefined ? undefined : String(e.line), e.line === undefined || e.column === undefined ? undefined : String(e.column)]
    .filter((x) => x !== undefined)
    .join(':');
  const details = [
    `${e.code}: ${e.message}`,
    ...(place === '' ? [] : [`at ${place}`]),
    ...(e.documentIndex === undefined ? [] : [`document ${e.documentIndex}`]),
    ...(e.object === undefined ? [] : [`object ${e.object}`]),
  ].join('\n');
  const base = { name: `${e.code}${place === '' ? '' : ` ${place}`}`, classname: 'kubefort.input', ...(e.file === undefined || PSEUDO_FILE.test(e.file) ? {} : { file: e.file }) };
  if (e.level === 'warning') return { ...base, outcome: 'passed', body: `      <system-out>${text(details)}</system-out>\n` };
  return { ...base, outcome: 'errored', body: `      <error message="${attr(e.message)}" type="${attr(e.code)}">${text(details)}</error>\n` };
}

function suite(name: string, pkg: string, cases: readonly TestCase[], result: ScanResult, totals: { tests: number; failures: number; errors: number; skipped: number }): string {
  const count = (o: TestCase['outcome']) => cases.filter((c) => c.outcome === o).length;
  const failures = count('failed');
  const errors = count('errored');
  const skipped = count('skipped');
  totals.tests += cases.length;
  totals.failures += failures;
  totals.errors += errors;
  totals.skipped += skipped;
  const out = [
    `  <testsuite name="${attr(name)}" package="${attr(pkg)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="0" timestamp="${attr(result.startedAt)}">`,
  ];
  for (const c of cases) {
    const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}"${c.file === undefined ? '' : ` file="${attr(c.file)}"`} time="0"`;
    out.push(c.body === '' ? `${open}/>` : `${open}>\n${c.body}    </testcase>`);
  }
  out.push('  </testsuite>');
  return out.join('\n');
}

function where(f: Finding): string {
  const { file, line, column, path, cluster } = f.location;
  const at = file === undefined ? (cluster === undefined ? 'cluster' : `cluster ${cluster}`) : line === undefined ? file : column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
  return path === '' ? at : `${at} ${path}`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab, LF, CR;
 * lone surrogates; U+FFFE and U+FFFF), not even as character references.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Replaces what XML cannot carry with a visible `\uXXXX` so nothing silently vanishes. */
function visible(s: string): string {
  return s.replace(NOT_XML, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Escapes character data. CR is a reference, or XML end-of-line handling would turn it into LF. */
export function text(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Escapes an attribute value (double-quoted); tab, LF and CR are references, or attribute normalisation turns them into spaces. */
export function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
