import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ALL_RULES } from '../../src/detect/rules/index.js';

it('docs/audit.md lists every detection rule with its id, name, severity and minimum level', () => {
  const doc = readFileSync('docs/audit.md', 'utf8');
  for (const { meta } of ALL_RULES) expect(doc).toContain(`| ${meta.id} | \`${meta.name}\` | ${meta.severity} | ${meta.minLevel} |`);
  expect(doc).toContain(`### Catalogue (${ALL_RULES.length} rules)`);
});
