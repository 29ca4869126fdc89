/**
 * npm run conformance -- polaris [DIR]
 * npm run conformance -- checkov [DIR]
 * npm run conformance -- netpol [DIR]
 * npm run conformance -- --write-doc     (runs both corpora, writes docs/conformance.md)
 *
 * Prints a per-check table and, last, the line `agreed/total`.
 * DIR defaults to ../shared/conformance/<corpus>/checks (from the repository root).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CORPORA } from './mapping.js';
import { renderDoc, renderTable } from './report.js';
import { REPO_ROOT, defaultCorpusDir, isCorpus, runConformance } from './run.js';

const USAGE = `usage: npm run conformance -- <${[...CORPORA, 'netpol'].join('|')}> [DIR]
       npm run conformance -- --write-doc
DIR defaults to ../shared/conformance/<corpus>/checks, relative to the repository root.
`;

async function main(args: readonly string[]): Promise<number> {
  if (args[0] === 'netpol') return (await import('./netpol.js')).netpolConformanceCli(args.slice(1));
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args[0] === '--write-doc') {
    const results = [];
    for (const corpus of CORPORA) results.push(await runConformance(corpus, defaultCorpusDir(corpus)));
    const path = resolve(REPO_ROOT, 'docs/conformance.md');
    writeFileSync(path, renderDoc(results, new Date().toISOString().slice(0, 10)));
    for (const r of results) process.stdout.write(`${r.corpus}: ${r.totals.agreed}/${r.totals.total}\n`);
    process.stdout.write(`wrote ${path}\n`);
    return 0;
  }
  const [corpus, dir, ...rest] = args;
  if (corpus === undefined || !isCorpus(corpus) || rest.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const result = await runConformance(corpus, dir === undefined ? defaultCorpusDir(corpus) : resolve(dir));
  process.stdout.write(renderTable(result));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`conformance: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
