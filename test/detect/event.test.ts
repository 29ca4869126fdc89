// The hand-written fast path must accept exactly what the zod schema accepts.
import { describe, expect, it } from 'vitest';
import { normalise, quickCheck, rawEventSchema, toEventFast } from '../../src/detect/event.js';
import { raw } from './support.js';

const base = raw({ impersonatedUser: { username: 'bob', groups: ['g'], extra: { k: ['v'] } }, requestObject: { a: 1 }, timestamp: '2019-01-01T00:00:00Z' });
const VALUES: unknown[] = [undefined, null, 'x', '', 1, 1.5, -1, 2 ** 60, true, [], ['a'], [1], {}, { a: 'b' }, { a: ['b'] }, { a: 1 }];
const PATHS: string[][] = [
  ...Object.keys(base).map((k) => [k]),
  ...['username', 'uid', 'groups', 'extra'].map((k) => ['user', k]),
  ...['username', 'groups', 'extra'].map((k) => ['impersonatedUser', k]),
  ...['resource', 'namespace', 'name', 'apiGroup', 'subresource'].map((k) => ['objectRef', k]),
  ...['code', 'status', 'message', 'reason'].map((k) => ['responseStatus', k]),
  ['annotations', 'authorization.k8s.io/decision'],
  ['user', 'extra', 'k'],
];

function mutate(path: string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let o: Record<string, unknown> = copy;
  for (const p of path.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null) o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  const last = path[path.length - 1] ?? '';
  if (value === undefined) delete o[last];
  else o[last] = value;
  return copy;
}

describe('quickCheck agrees with rawEventSchema', () => {
  it('on the base event', () => {
    expect(quickCheck(base)).toBeDefined();
    expect(rawEventSchema.safeParse(base).success).toBe(true);
  });
  it(`on ${PATHS.length * VALUES.length} single-field mutations`, () => {
    const disagreements: string[] = [];
    for (const path of PATHS)
      for (const value of VALUES) {
        const v = mutate(path, value);
        const fast = quickCheck(v) !== undefined;
        const schema = rawEventSchema.safeParse(v).success;
        if (fast !== schema) disagreements.push(`${path.join('.')}=${JSON.stringify(value)}: quick ${fast}, zod ${schema}`);
      }
    expect(disagreements).toEqual([]);
  });
  it('toEventFast (one pass) gives exactly normalise(quickCheck(v)) on the same mutations', () => {
    const disagreements: string[] = [];
    for (const path of PATHS)
      for (const value of VALUES) {
        const v = mutate(path, value);
        const q = quickCheck(v);
        const fast = toEventFast(v);
        if ((q === undefined) !== (fast === undefined)) disagreements.push(`${path.join('.')}=${JSON.stringify(value)}: quick ${q !== undefined}, fast ${fast !== undefined}`);
        else if (q !== undefined && JSON.stringify(normalise(q)) !== JSON.stringify(fast)) disagreements.push(`${path.join('.')}=${JSON.stringify(value)}: different events`);
      }
    expect(disagreements).toEqual([]);
  });
  it('on values that are not objects', () => {
    for (const v of [null, 1, 'e', [], [base]]) expect(quickCheck(v)).toBeUndefined();
  });
});
