/**
 * Generates docs/checks.md from the check registry (run `npm run docs`).
 * test/checks/docs.test.ts fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AREA_TITLES, AREAS } from '../src/core/area.js';
import { FRAMEWORK_TITLES } from '../src/core/framework.js';
import { allChecks } from '../src/checks/index.js';

export function renderCheckDocs(): string {
  const out: string[] = [
    '# kubefort checks',
    '',
    '<!-- Generated from src/checks by `npm run docs`; do not edit by hand. -->',
    '',
    `${allChecks.length} checks. Ids are stable; names are the check's file name. Severity is the default; a check may raise or lower it for one finding (for example a container runtime socket among hostPath volumes).`,
    '',
  ];
  for (const area of AREAS) {
    const checks = allChecks.filter((c) => c.meta.area === area);
    if (checks.length === 0) continue;
    out.push(`## ${AREA_TITLES[area]}`, '', '| id | name | severity | title | frameworks |', '|---|---|---|---|---|');
    for (const { meta } of checks) {
      const refs = meta.frameworks.map((f) => `${f.framework} ${f.control}`).join('; ');
      out.push(`| ${meta.id} | [${meta.name}](#${meta.name}) | ${meta.severity} | ${meta.title} | ${refs} |`);
    }
    out.push('');
    for (const { meta } of checks) {
      out.push(`### ${meta.name}`, '', `**${meta.id}** · ${meta.severity} · ${meta.title}`, '', meta.description, '');
      if (meta.frameworks.length > 0) out.push(`Frameworks: ${meta.frameworks.map((f) => `${FRAMEWORK_TITLES[f.framework]} ${f.control}`).join('; ')}.`, '');
      out.push('How to fix:', '', meta.remediation, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync('docs/checks.md', renderCheckDocs());
  console.log(`docs/checks.md: ${allChecks.length} checks`);
}
