/** Guards the check catalogue itself, as typescript-eslint's meta-tests do. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../../src/core/area.js';
import { FRAMEWORKS } from '../../src/core/framework.js';
import { SEVERITIES } from '../../src/core/severity.js';
import { allChecks, checkRegistry } from '../../src/checks/index.js';

const ID = /^KF-[A-Z]-\d{3}$/;
/** Checks generated from the CIS benchmark's data rows (src/checks/control-plane), tested together. */
const GENERATED = /^CIS-\d+(\.\d+)+$/;
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function sourceFileOf(name: string): string | undefined {
  for (const dir of readdirSync('src/checks', { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const file = join('src/checks', dir.name, `${name}.ts`);
    if (existsSync(file)) return file;
  }
  return undefined;
}

describe('check registry', () => {
  it('has unique ids and names', () => {
    const ids = allChecks.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(allChecks.map((c) => c.meta.name)).size).toBe(allChecks.length);
  });

  it('is keyed by check name', () => {
    for (const [key, check] of Object.entries(checkRegistry)) expect(check.meta.name).toBe(key);
  });

  for (const check of allChecks) {
    const { meta } = check;
    describe(`${meta.id} ${meta.name}`, () => {
      it('has well-formed metadata', () => {
        if (GENERATED.test(meta.id)) expect(meta.name).toBe(`cis-${meta.id.slice(4)}`);
        else {
          expect(meta.id).toMatch(ID);
          expect(meta.name).toMatch(NAME);
        }
        expect(AREAS).toContain(meta.area);
        expect(SEVERITIES).toContain(meta.severity);
        expect(meta.title.length).toBeGreaterThan(3);
        expect(meta.description.length).toBeGreaterThan(20);
        expect(meta.remediation.length).toBeGreaterThan(10);
        for (const ref of meta.frameworks) expect(FRAMEWORKS).toContain(ref.framework);
        expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
      });

      // Generated checks have no file of their own; test/checks/control-plane covers them.
      if (!GENERATED.test(meta.id)) it('lives in a file named after it, uses every message, and has a test', () => {
        const file = sourceFileOf(meta.name);
        expect(file, `src/checks/<area>/${meta.name}.ts`).toBeDefined();
        const source = readFileSync(file as string, 'utf8');
        for (const id of Object.keys(meta.messages)) expect(source, `message ${id} is never reported`).toMatch(new RegExp(`['"]${id}['"]|\\b${id}\\b[^:]`));
        const test = (file as string).replace(/^src\//, 'test/').replace(/\.ts$/, '.test.ts');
        expect(existsSync(test), test).toBe(true);
      });
    });
  }
});
