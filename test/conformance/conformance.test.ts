/**
 * Agreement with the Polaris and Checkov fixture corpora, case by case.
 * Mapping and deliberate disagreements: ./mapping.ts; figures: docs/conformance.md.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { CORPORA, KUBEFORT_CHECK_IDS, conformanceMapping, deliberateDisagreements, isMapped, type Corpus } from './mapping.js';
import { DELIBERATE_END, DELIBERATE_START, MAPPING_END, MAPPING_START, describeDisagreement, renderDeliberateMarkdown, renderMappingMarkdown, section } from './report.js';
import { REPO_ROOT, classifyFile, defaultCorpusDir, figure, ratio, runConformance, type ConformanceResult } from './run.js';

/** Agreement required over compared cases (deliberate disagreements excluded). */
const MIN_AGREEMENT = 0.98;

describe.each(CORPORA)('%s conformance', (corpus: Corpus) => {
  let result: ConformanceResult;

  beforeAll(async () => {
    result = await runConformance(corpus, defaultCorpusDir(corpus));
    const { totals } = result;
    const pending = result.notImplemented.length === 0 ? '' : `; check not implemented yet: ${result.notImplemented.join(', ')} (${totals.notImplemented} cases skipped)`;
    console.log(
      `${corpus} conformance: ${figure(totals)} agreed (${(ratio(totals) * 100).toFixed(1)}%), ${totals.deliberate} deliberate disagreements not counted${pending}`,
    );
  }, 120_000);

  it('maps every folder of the corpus, and only those', () => {
    expect(result.unknownFolders, 'folders missing from mapping.ts').toEqual([]);
    expect(result.missingFolders, 'mapping.ts entries without a folder').toEqual([]);
  });

  it(`agrees on at least ${MIN_AGREEMENT * 100}% of compared cases`, () => {
    const disagreements = result.cases.filter((c) => c.status === 'disagreed');
    const message = [
      `${corpus}: ${figure(result.totals)} agreed (${(ratio(result.totals) * 100).toFixed(1)}%), below ${MIN_AGREEMENT * 100}%. Disagreements:`,
      ...disagreements.map((c) => `  - ${describeDisagreement(c)}`),
    ].join('\n');
    expect(ratio(result.totals) >= MIN_AGREEMENT, message).toBe(true);
  });

  it('lists only deliberate disagreements that still hold', () => {
    expect(result.orphanDeliberate.map((d) => `${d.peer}/${d.file}`), 'deliberate disagreements naming no case').toEqual([]);
    expect(result.cases.filter((c) => c.staleDeliberate).map((c) => c.id), 'kubefort now agrees with the peer on these: remove them').toEqual([]);
  });
});

describe('conformance mapping', () => {
  it('names each peer check once per corpus', () => {
    for (const corpus of CORPORA) {
      const peers = conformanceMapping[corpus].map((m) => m.peer);
      expect(new Set(peers).size, corpus).toBe(peers.length);
    }
  });

  it('gives every unmapped peer check a reason, and every mapped one at least one check', () => {
    for (const corpus of CORPORA) {
      for (const m of conformanceMapping[corpus]) {
        if (isMapped(m)) expect(m.kubefort.length, m.peer).toBeGreaterThan(0);
        else expect(m.reason.length, m.peer).toBeGreaterThan(10);
      }
    }
  });

  it('lists deliberate disagreements only for mapped peer checks, against the peer verdict, once each', () => {
    const seen = new Set<string>();
    for (const d of deliberateDisagreements) {
      const key = `${d.corpus}/${d.peer}/${d.file}`;
      expect(seen.has(key), `duplicate ${key}`).toBe(false);
      seen.add(key);
      const m = conformanceMapping[d.corpus].find((e) => e.peer === d.peer);
      expect(m !== undefined && isMapped(m), `${key}: peer check not mapped`).toBe(true);
      const cls = classifyFile(d.corpus, d.file);
      expect(cls.kind, `${key}: not a case`).toBe('case');
      if (cls.kind === 'case') expect(d.kubefort, `${key}: kubefort must disagree with the peer verdict`).toBe(cls.expected === 'fire' ? 'silent' : 'fires');
      expect(d.reason.length).toBeGreaterThan(20);
      expect(d.source.length).toBeGreaterThan(5);
    }
  });

  it('names only message ids the mapped checks have', () => {
    const byId = new Map(allChecks.map((c) => [c.meta.id, c]));
    for (const corpus of CORPORA) {
      for (const m of conformanceMapping[corpus]) {
        if (!isMapped(m) || m.messageIds === undefined) continue;
        const known = new Set(m.kubefort.flatMap((id) => Object.keys(byId.get(id)?.meta.messages ?? {})));
        // Checks not implemented yet cannot be verified; their cases are pending anyway.
        if (m.kubefort.some((id) => !byId.has(id))) continue;
        for (const messageId of m.messageIds) expect(known.has(messageId), `${m.peer}: ${messageId}`).toBe(true);
      }
    }
  });

  it('uses kubefort ids from the planned list only', () => {
    const ids = new Set<string>(KUBEFORT_CHECK_IDS);
    for (const corpus of CORPORA) for (const m of conformanceMapping[corpus]) if (isMapped(m)) for (const id of m.kubefort) expect(ids.has(id), id).toBe(true);
  });

  it('reads verdicts from file names', () => {
    expect(classifyFile('polaris', 'failure.pod.yaml')).toEqual({ kind: 'case', expected: 'fire', mixed: false });
    expect(classifyFile('polaris', 'success-lt-percent.yaml')).toEqual({ kind: 'case', expected: 'silent', mixed: false });
    expect(classifyFile('polaris', 'mutated.yaml')).toEqual({ kind: 'ignored', why: 'mutated' });
    expect(classifyFile('polaris', 'check.yaml')).toEqual({ kind: 'ignored', why: 'no-verdict' });
    expect(classifyFile('checkov', 'nginx-app-FAILED.json')).toEqual({ kind: 'case', expected: 'fire', mixed: false });
    expect(classifyFile('checkov', 'clusterrole-passed-1.yaml')).toEqual({ kind: 'case', expected: 'silent', mixed: false });
    expect(classifyFile('checkov', 'pod-requests-limits-1FAILED1PASSED.yaml')).toEqual({ kind: 'case', expected: 'fire', mixed: true });
    expect(classifyFile('checkov', 'cronjob-UNKOWN.yaml')).toEqual({ kind: 'ignored', why: 'unknown' });
    expect(classifyFile('checkov', 'tiller-deployment.json')).toEqual({ kind: 'ignored', why: 'no-verdict' });
  });

  it('is what docs/conformance.md shows', () => {
    const doc = readFileSync(resolve(REPO_ROOT, 'docs/conformance.md'), 'utf8');
    const hint = 'docs/conformance.md is out of date: run `npm run conformance -- --write-doc`';
    expect(section(doc, MAPPING_START, MAPPING_END), hint).toBe(renderMappingMarkdown().trim());
    expect(section(doc, DELIBERATE_START, DELIBERATE_END), hint).toBe(renderDeliberateMarkdown().trim());
  });
});
