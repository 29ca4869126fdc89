import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderCheckDocs } from '../../scripts/check-docs.js';

it('docs/checks.md is generated from the current registry (run `npm run docs`)', () => {
  expect(readFileSync('docs/checks.md', 'utf8')).toBe(renderCheckDocs());
});
