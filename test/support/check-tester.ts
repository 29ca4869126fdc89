/**
 * Runs one check over YAML cases, ESLint RuleTester style: `valid` cases must give
 * no finding, `invalid` cases exactly the listed ones (message id, line, path).
 * It also polices the cases: every message id must exist and be exercised.
 */
import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/core/check.js';
import type { Finding } from '../../src/core/finding.js';
import { Inventory } from '../../src/core/inventory.js';
import type { Severity } from '../../src/core/severity.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { parseManifests } from '../../src/sources/manifests.js';
import type { CheckOptions } from '../../src/core/check.js';

export interface ExpectedFinding {
  readonly messageId: string;
  readonly line?: number;
  readonly path?: string;
  readonly severity?: Severity;
  /** Substring the message must contain. */
  readonly message?: string;
}

export interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly options?: Partial<CheckOptions>;
}

export interface InvalidCase extends Case {
  readonly errors: readonly ExpectedFinding[];
}

export function runCheckOn(check: Check, yaml: string, options?: Partial<CheckOptions>): Finding[] {
  const load = parseManifests('case.yaml', yaml);
  if (load.errors.length > 0) throw new Error(`case does not parse: ${load.errors.map((e) => e.message).join('; ')}`);
  const inventory = new Inventory(load.resources);
  const run = runChecks(inventory, [check], options === undefined ? {} : { checkOptions: options });
  const problems = [...inventory.errors, ...run.errors];
  if (problems.length > 0) throw new Error(`case has input errors: ${problems.map((e) => e.message).join('; ')}`);
  return run.findings;
}

export function testCheck(check: Check, cases: { valid: readonly Case[]; invalid: readonly InvalidCase[] }): void {
  const ids = Object.keys(check.meta.messages);
  describe(`${check.meta.id} ${check.meta.name}`, () => {
    it('has cases for every message id and only known ids', () => {
      const used = new Set(cases.invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
      for (const id of used) expect(ids, `unknown messageId ${id}`).toContain(id);
      for (const id of ids) expect(used, `messageId ${id} has no invalid case`).toContain(id);
      const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
      expect(new Set(names).size, 'case names must be unique').toBe(names.length);
    });
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const findings = runCheckOn(check, c.yaml, c.options);
        expect(findings.map((f) => `${f.messageId} ${f.location.path}: ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const findings = runCheckOn(check, c.yaml, c.options);
        const actual = findings
          .map((f) => ({ f, key: `${f.location.line ?? 0}:${f.location.path}` }))
          .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }))
          .map(({ f }) => f);
        const expected = [...c.errors].sort((a, b) => `${a.line ?? 0}:${a.path ?? ''}`.localeCompare(`${b.line ?? 0}:${b.path ?? ''}`, 'en', { numeric: true }));
        expect(actual.length, `findings: ${actual.map((f) => `${f.messageId}@${f.location.line}:${f.location.path}`).join(', ')}`).toBe(expected.length);
        expected.forEach((e, i) => {
          const f = actual[i] as Finding;
          expect(f.messageId).toBe(e.messageId);
          if (e.line !== undefined) expect(f.location.line, f.location.path).toBe(e.line);
          if (e.path !== undefined) expect(f.location.path).toBe(e.path);
          if (e.severity !== undefined) expect(f.severity).toBe(e.severity);
          if (e.message !== undefined) expect(f.message).toContain(e.message);
        });
      });
    }
  });
}
