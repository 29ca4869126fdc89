/**
 * Runs kubefort over a peer corpus and compares verdicts case by case.
 *
 * A case is one fixture file of a mapped peer check. It is scanned alone with only
 * the mapped kubefort checks: a failure file must give at least one finding of them,
 * a success file none. `mutated` files (expected autofix output) and files without a
 * verdict in their name are not cases.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allChecks } from '../../src/checks/index.js';
import type { Check } from '../../src/core/check.js';
import { scanManifests } from '../../src/engine/scan.js';
import {
  CORPORA,
  conformanceMapping,
  deliberateDisagreements,
  findDeliberate,
  isMapped,
  type Corpus,
  type DeliberateDisagreement,
  type KubefortVerdict,
  type MappedPeerCheck,
  type PeerCheckMapping,
} from './mapping.js';

/** The repository root (this file is test/conformance/run.ts). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Where a corpus lives, as the project refers to it: relative to the repository root. */
export function defaultCorpusDir(corpus: Corpus): string {
  return resolve(REPO_ROOT, '../shared/conformance', corpus, 'checks');
}

export function isCorpus(value: string): value is Corpus {
  return (CORPORA as readonly string[]).includes(value);
}

/** What the peer expects of a file. */
export type Expected = 'fire' | 'silent';

export type FileClass =
  | { readonly kind: 'case'; readonly expected: Expected; /** Checkov files with both PASSED and FAILED objects: only the failing part is checked. */ readonly mixed: boolean }
  | { readonly kind: 'ignored'; readonly why: 'mutated' | 'unknown' | 'no-verdict' };

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Reads the peer's verdict from a file name. */
export function classifyFile(corpus: Corpus, file: string): FileClass {
  if (corpus === 'polaris') {
    if (/^success/.test(file)) return { kind: 'case', expected: 'silent', mixed: false };
    if (/^failure/.test(file)) return { kind: 'case', expected: 'fire', mixed: false };
    if (/^mutated/.test(file)) return { kind: 'ignored', why: 'mutated' };
    return { kind: 'ignored', why: 'no-verdict' };
  }
  if (/UNKN?OWN/i.test(file)) return { kind: 'ignored', why: 'unknown' };
  const fails = /FAIL/i.test(file);
  const passes = /PASS/i.test(file);
  if (fails) return { kind: 'case', expected: 'fire', mixed: passes };
  if (passes) return { kind: 'case', expected: 'silent', mixed: false };
  return { kind: 'ignored', why: 'no-verdict' };
}

export type CaseStatus = 'agreed' | 'disagreed' | 'deliberate' | 'not-implemented';

export interface CaseFinding {
  readonly checkId: string;
  readonly messageId: string;
  /** `namespace/Kind/name` */
  readonly object: string;
  readonly path: string;
  readonly line?: number;
  readonly message: string;
}

export interface CaseError {
  readonly code: string;
  readonly level: 'error' | 'warning';
  readonly message: string;
}

export interface CaseResult {
  readonly corpus: Corpus;
  readonly peer: string;
  readonly file: string;
  /** `peer/file`, for display. */
  readonly id: string;
  readonly expected: Expected;
  readonly mixed: boolean;
  readonly checks: readonly string[];
  /** Only these messages of the checks count (see MappedPeerCheck.messageIds). */
  readonly messageIds?: readonly string[];
  /** Mapped checks not in the registry yet: the case is not compared. */
  readonly missing: readonly string[];
  readonly status: CaseStatus;
  /** Undefined when not run (checks missing). */
  readonly kubefort?: KubefortVerdict;
  readonly findings: readonly CaseFinding[];
  readonly errors: readonly CaseError[];
  readonly deliberate?: DeliberateDisagreement;
  /** Listed as a deliberate disagreement, yet kubefort agrees with the peer: the entry is out of date. */
  readonly staleDeliberate: boolean;
  /** The scan threw (engine or check bug): no verdict. */
  readonly crash?: string;
  /** Why a listed deliberate disagreement did not hold on this file. */
  readonly unverified?: string;
}

export interface IgnoredFile {
  readonly peer: string;
  readonly file: string;
  readonly why: 'mutated' | 'unknown' | 'no-verdict';
}

export interface PeerCheckResult {
  readonly mapping: PeerCheckMapping;
  /** Cases of a mapped peer check (empty for unmapped ones). */
  readonly cases: readonly CaseResult[];
  /** Verdict files of an unmapped peer check, or ignored files of a mapped one. */
  readonly files: number;
}

export interface Totals {
  readonly agreed: number;
  readonly disagreed: number;
  readonly deliberate: number;
  readonly notImplemented: number;
  /** Cases compared: agreed + disagreed. Deliberate disagreements and missing checks are not in it. */
  readonly total: number;
}

export interface ConformanceResult {
  readonly corpus: Corpus;
  readonly dir: string;
  readonly peers: readonly PeerCheckResult[];
  readonly cases: readonly CaseResult[];
  readonly ignored: readonly IgnoredFile[];
  readonly totals: Totals;
  /** Kubefort check ids of the table that are not in the registry yet. */
  readonly notImplemented: readonly string[];
  /** Folders of the corpus the table does not mention. */
  readonly unknownFolders: readonly string[];
  /** Table entries without a folder in the corpus. */
  readonly missingFolders: readonly string[];
  /** Deliberate disagreements whose file is not a case of this corpus. */
  readonly orphanDeliberate: readonly DeliberateDisagreement[];
}

export function ratio(totals: Totals): number {
  return totals.total === 0 ? 1 : totals.agreed / totals.total;
}

/** `agreed/total`, the figure the CLI prints last. */
export function figure(totals: Totals): string {
  return `${totals.agreed}/${totals.total}`;
}

function checksById(checks: readonly Check[]): ReadonlyMap<string, Check> {
  return new Map(checks.map((c) => [c.meta.id, c]));
}

function listDir(dir: string): string[] {
  return readdirSync(dir).sort((a, b) => a.localeCompare(b));
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

type Scan = { readonly findings: CaseFinding[]; readonly errors: CaseError[] } | { readonly crash: string };

async function scanWith(file: string, checks: readonly Check[]): Promise<Scan> {
  try {
    const result = await scanManifests([file], { checks });
    return {
      findings: result.findings.map((f) => ({
        checkId: f.checkId,
        messageId: f.messageId,
        object: [f.resource.namespace, f.resource.kind, f.resource.name].filter((p) => p !== undefined && p !== '').join('/'),
        path: f.location.path,
        ...(f.location.line === undefined ? {} : { line: f.location.line }),
        message: f.message,
      })),
      errors: result.errors.map((e) => ({ code: e.code, level: e.level, message: e.message })),
    };
  } catch (error) {
    // A scan that throws gives no verdict: a kubefort bug, counted against agreement.
    return { crash: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

function lookup(ids: readonly string[], registry: ReadonlyMap<string, Check>): { readonly checks: Check[]; readonly missing: string[] } {
  const checks: Check[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const check = registry.get(id);
    if (check === undefined) missing.push(id);
    else checks.push(check);
  }
  return { checks, missing };
}

async function runCase(
  corpus: Corpus,
  dir: string,
  entry: MappedPeerCheck,
  file: string,
  expected: Expected,
  mixed: boolean,
  registry: ReadonlyMap<string, Check>,
): Promise<CaseResult> {
  const path = join(dir, entry.peer, file);
  const deliberate = findDeliberate(corpus, entry.peer, file);
  const mapped = lookup(entry.kubefort, registry);
  const base = {
    corpus,
    peer: entry.peer,
    file,
    id: `${entry.peer}/${file}`,
    expected,
    mixed,
    checks: entry.kubefort,
    ...(entry.messageIds === undefined ? {} : { messageIds: entry.messageIds }),
    ...(deliberate === undefined ? {} : { deliberate }),
  };
  const pending = (missing: readonly string[]): CaseResult => ({ ...base, missing, status: 'not-implemented', findings: [], errors: [], staleDeliberate: false });
  if (mapped.missing.length > 0) return pending(mapped.missing);

  const scan = await scanWith(path, mapped.checks);
  if ('crash' in scan) return { ...base, missing: [], status: 'disagreed', findings: [], errors: [], crash: scan.crash, staleDeliberate: false };
  const { errors } = scan;
  const wanted = entry.messageIds === undefined ? undefined : new Set(entry.messageIds);
  const findings = wanted === undefined ? scan.findings : scan.findings.filter((f) => wanted.has(f.messageId));
  const kubefort: KubefortVerdict = findings.length > 0 ? 'fires' : 'silent';
  const agrees = (expected === 'fire') === (kubefort === 'fires');
  const result = { ...base, missing: [], kubefort, findings, errors };
  if (agrees) return { ...result, status: 'agreed', staleDeliberate: deliberate !== undefined };
  if (deliberate === undefined || deliberate.kubefort !== kubefort) return { ...result, status: 'disagreed', staleDeliberate: false };

  // A deliberate disagreement holds only when what it claims is true of this file.
  if (deliberate.malformed === true && !errors.some((e) => e.level === 'error')) {
    return { ...result, status: 'disagreed', staleDeliberate: false, unverified: 'listed as malformed, but kubefort reports no input error' };
  }
  if (deliberate.objects !== undefined) {
    const got = [...new Set(findings.map((f) => f.object))].sort();
    const listed = [...deliberate.objects].sort();
    if (got.join() !== listed.join()) {
      return { ...result, status: 'disagreed', staleDeliberate: false, unverified: `listed for ${listed.join(', ')}, but kubefort reports ${got.join(', ')}` };
    }
  }
  if (deliberate.coveredBy !== undefined) {
    const covering = lookup(deliberate.coveredBy, registry);
    if (covering.missing.length > 0) return pending(covering.missing);
    const cover = await scanWith(path, covering.checks);
    const covered = !('crash' in cover) && cover.findings.length > 0;
    if (!covered) {
      return { ...result, status: 'disagreed', staleDeliberate: false, unverified: `listed as covered by ${deliberate.coveredBy.join(', ')}, which report nothing here` };
    }
  }
  return { ...result, status: 'deliberate', staleDeliberate: false };
}

/**
 * Compares kubefort with one corpus. `dir` holds one folder per peer check
 * (`polaris/checks`, `checkov/checks`). `checks` defaults to the registry; pass others
 * to try a check before it is registered.
 */
export async function runConformance(corpus: Corpus, dir: string = defaultCorpusDir(corpus), checks: readonly Check[] = allChecks): Promise<ConformanceResult> {
  const root = resolve(dir);
  if (!isDir(root)) throw new Error(`conformance corpus not found: ${root}`);
  const registry = checksById(checks);
  const table = conformanceMapping[corpus];
  const folders = listDir(root).filter((name) => isDir(join(root, name)));
  const known = new Set(table.map((m) => m.peer));
  const present = new Set(folders);

  const peers: PeerCheckResult[] = [];
  const cases: CaseResult[] = [];
  const ignored: IgnoredFile[] = [];
  for (const mapping of table) {
    if (!present.has(mapping.peer)) continue;
    const files = listDir(join(root, mapping.peer)).filter((f) => MANIFEST_FILE.test(f));
    const peerCases: CaseResult[] = [];
    let verdictFiles = 0;
    for (const file of files) {
      const cls = classifyFile(corpus, file);
      if (cls.kind === 'ignored') {
        ignored.push({ peer: mapping.peer, file, why: cls.why });
        continue;
      }
      verdictFiles++;
      if (!isMapped(mapping)) continue;
      peerCases.push(await runCase(corpus, root, mapping, file, cls.expected, cls.mixed, registry));
    }
    peers.push({ mapping, cases: peerCases, files: verdictFiles });
    cases.push(...peerCases);
  }

  const caseIds = new Set(cases.map((c) => c.id));
  const count = (status: CaseStatus): number => cases.filter((c) => c.status === status).length;
  const agreed = count('agreed');
  const disagreed = count('disagreed');
  const notImplemented = [...new Set(table.filter(isMapped).flatMap((m) => m.kubefort))].filter((id) => !registry.has(id)).sort();
  return {
    corpus,
    dir: root,
    peers,
    cases,
    ignored,
    totals: { agreed, disagreed, deliberate: count('deliberate'), notImplemented: count('not-implemented'), total: agreed + disagreed },
    notImplemented,
    unknownFolders: folders.filter((f) => !known.has(f)),
    missingFolders: table.map((m) => m.peer).filter((p) => !present.has(p)),
    orphanDeliberate: deliberateDisagreements.filter((d) => d.corpus === corpus && !caseIds.has(`${d.peer}/${d.file}`)),
  };
}

/** The corpus directory as shown to people: relative to the repository root when inside its parent. */
export function displayDir(dir: string): string {
  const rel = relative(REPO_ROOT, dir);
  return rel === '' ? '.' : rel;
}
