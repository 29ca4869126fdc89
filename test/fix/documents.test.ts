/**
 * What kubefort fix edits: YAML documents that are one object each. JSON files and the items
 * of a List go to a person with the change to make, and are never written (not even an
 * intermediate, reverted write).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixTexts } from '../../src/fix/apply.js';
import { FIX_TABLE } from '../../src/fix/table.js';

const TODAY = '2026-06-01';
const fixable = new Set(Object.keys(FIX_TABLE));

function fix(file: string) {
  return fixTexts(new Map([[file, readFileSync(file, 'utf8')]]), { today: TODAY });
}

describe('JSON manifests', () => {
  it.each(['test/fixtures/fix/deployment.json', 'examples/list.json'])('%s: nothing reverted, nothing written, each fixable finding says what to change by hand', (file) => {
    const r = fix(file);
    expect(r.outcomes.filter((o) => o.status !== 'needs-person')).toEqual([]);
    expect(r.changed.size).toBe(0);
    expect(r.after.errors).toEqual(r.before.errors);
    const forPerson = r.outcomes.filter((o) => fixable.has(o.finding.checkId) && /JSON/.test(o.detail));
    expect(forPerson.length).toBeGreaterThanOrEqual(5);
    expect(forPerson.map((o) => o.detail)).toContain('a JSON file: kubefort fix edits YAML only; by hand: set securityContext.readOnlyRootFilesystem: true (mount an emptyDir where the app writes)');
  });
});

describe('List items', () => {
  it('go to a person: the finding path is relative to the item, not the document', () => {
    const file = 'test/fixtures/fix/list.yaml';
    const r = fix(file);
    expect(r.outcomes.filter((o) => o.status !== 'needs-person')).toEqual([]);
    expect(r.changed.size).toBe(0);
    const ro = r.outcomes.find((o) => o.finding.checkId === 'KF-W-020');
    expect(ro?.detail).toBe('an item of a List: kubefort fix edits whole documents only; by hand: set securityContext.readOnlyRootFilesystem: true (mount an emptyDir where the app writes)');
  });
});
