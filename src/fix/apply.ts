/**
 * Verified autofix: plan a change per fixable finding, apply it to the source text, re-scan
 * every input with the changed text, and keep the change only when the finding is gone, no
 * finding appeared and no input error appeared. Otherwise the change is reverted and the
 * finding reported as needing a person. Pure over texts: the CLI reads and writes files.
 */
import type { Finding, ScanResult } from '../core/finding.js';
import type { Resource } from '../core/resource.js';
import { scanResources, type ScanOptions } from '../engine/scan.js';
import { parseManifests } from '../sources/manifests.js';
import { isRecord } from '../core/path.js';
import { parseDocuments } from '../sources/parse.js';
import { SourceText } from '../sources/source-text.js';
import { fixTarget, planFix, type FixPlan } from './table.js';
import { applyEdits, parsePath } from './yaml-edit.js';

export type FixStatus = 'fixed' | 'needs-person' | 'reverted';

export interface FixOutcome {
  readonly finding: Finding;
  readonly status: FixStatus;
  /** What was changed (fixed) or why not (needs-person, reverted). */
  readonly detail: string;
}

export interface FixResult {
  readonly before: ScanResult;
  readonly after: ScanResult;
  readonly outcomes: readonly FixOutcome[];
  /** File texts after the fixes (only changed files). */
  readonly changed: ReadonlyMap<string, string>;
}

/** Identity of a finding for "gone" and "new": path-insensitive, because creating a securityContext moves other findings' paths. */
function identity(f: Finding): string {
  const r = f.resource;
  return `${f.checkId}\u0000${r.kind}\u0000${r.namespace ?? ''}\u0000${r.name}\u0000${f.messageId}\u0000${f.message}`;
}

function counts(findings: readonly Finding[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of findings) out.set(identity(f), (out.get(identity(f)) ?? 0) + 1);
  return out;
}

function errorKeys(result: ScanResult): Set<string> {
  return new Set(result.errors.filter((e) => e.level === 'error').map((e) => `${e.code}\u0000${e.file ?? ''}\u0000${e.message}`));
}

/** Why `after` is not an improvement of `before` for `finding`, or undefined when it is. */
export function verify(before: ScanResult, after: ScanResult, finding: Finding): string | undefined {
  const old = counts(before.findings);
  const now = counts(after.findings);
  const id = identity(finding);
  if ((now.get(id) ?? 0) >= (old.get(id) ?? 0)) return 'the re-scan still reports the finding';
  for (const [key, n] of now) {
    if (n > (old.get(key) ?? 0)) {
      const added = after.findings.find((f) => identity(f) === key);
      return `the re-scan reports a new finding: ${added?.checkId ?? '?'} ${added?.message ?? ''}`;
    }
  }
  const oldErrors = errorKeys(before);
  const newError = [...errorKeys(after)].find((e) => !oldErrors.has(e));
  if (newError !== undefined) return `the re-scan reports a new input error: ${newError.split('\u0000').join(' ')}`;
  return undefined;
}

export function scanTexts(texts: ReadonlyMap<string, string>, options: ScanOptions): ScanResult {
  const resources: Resource[] = [];
  const errors = [];
  for (const [file, text] of texts) {
    const load = parseManifests(file, text);
    resources.push(...load.resources);
    errors.push(...load.errors);
  }
  return scanResources(resources, errors, { type: 'manifests', paths: [...texts.keys()] }, options);
}

function resourceIndex(texts: ReadonlyMap<string, string>): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const [file, text] of texts) for (const r of parseManifests(file, text).resources) out.set(`${file}\u0000${r.origin.documentIndex ?? ''}\u0000${r.ref.kind}\u0000${r.ref.name}`, r);
  return out;
}

/** `file\0index` of every document that is a List (`kind: …List` with `items`), read as the scan reads it. */
function listDocuments(texts: ReadonlyMap<string, string>): Set<string> {
  const out = new Set<string>();
  for (const [file, text] of texts) {
    for (const d of parseDocuments(new SourceText(file, text))) {
      if ('value' in d && isRecord(d.value) && typeof d.value.kind === 'string' && d.value.kind.endsWith('List') && Array.isArray(d.value.items)) out.add(`${file}\u0000${d.doc.index}`);
    }
  }
  return out;
}

/** JSON files are read as the scan reads them (`.json`: one JSON document) but never edited: the editor writes YAML. */
export function isJsonFile(file: string): boolean {
  return file.toLowerCase().endsWith('.json');
}

/** Why a planned change is left to a person, with the change itself when there is one. */
function byHand(why: string, plan: FixPlan): string {
  return plan.fixable ? `${why}; by hand: ${plan.description}` : plan.reason;
}

/** Fixes what can be fixed in the given file texts, each change verified by a re-scan. */
export function fixTexts(texts: ReadonlyMap<string, string>, options: ScanOptions = {}): FixResult {
  const current = new Map(texts);
  const before = scanTexts(current, options);
  let state = before;
  const outcomes: FixOutcome[] = [];
  const resources = resourceIndex(texts);
  const lists = listDocuments(texts);
  for (const finding of before.findings) {
    const { file, documentIndex } = finding.location;
    if (file === undefined || documentIndex === undefined || !current.has(file)) {
      outcomes.push({ finding, status: 'needs-person', detail: 'not in a manifest file' });
      continue;
    }
    const resource = resources.get(`${file}\u0000${documentIndex}\u0000${finding.resource.kind}\u0000${finding.resource.name}`);
    if (resource === undefined || resource.object.kind !== finding.resource.kind) {
      outcomes.push({ finding, status: 'needs-person', detail: 'the object was not found in its document' });
      continue;
    }
    const plan = planFix(fixTarget(finding, resource.object, parsePath(finding.location.path)));
    if (isJsonFile(file)) {
      outcomes.push({ finding, status: 'needs-person', detail: byHand('a JSON file: kubefort fix edits YAML only', plan) });
      continue;
    }
    // The finding's path is relative to the List item, and the editor addresses documents.
    if (lists.has(`${file}\u0000${documentIndex}`)) {
      outcomes.push({ finding, status: 'needs-person', detail: byHand('an item of a List: kubefort fix edits whole documents only', plan) });
      continue;
    }
    if (!plan.fixable) {
      outcomes.push({ finding, status: 'needs-person', detail: plan.reason });
      continue;
    }
    // A finding an earlier change already removed (one fix covering two reports) is fixed without an edit of its own.
    if (!counts(state.findings).has(identity(finding))) {
      outcomes.push({ finding, status: 'fixed', detail: `${plan.description} (by an earlier change)` });
      continue;
    }
    const text = current.get(file) as string;
    const edited = applyEdits(
      text,
      plan.changes.map((c) => ({ documentIndex, path: c.path, value: c.value })),
    );
    if (!edited.ok) {
      outcomes.push({ finding, status: 'needs-person', detail: `cannot edit the source: ${edited.reason}` });
      continue;
    }
    const candidate = new Map(current).set(file, edited.text);
    const rescan = scanTexts(candidate, options);
    const problem = verify(state, rescan, finding);
    if (problem !== undefined) {
      outcomes.push({ finding, status: 'reverted', detail: `${plan.description}: reverted, ${problem}` });
      continue;
    }
    current.set(file, edited.text);
    state = rescan;
    outcomes.push({ finding, status: 'fixed', detail: plan.description });
  }
  const changed = new Map([...current].filter(([file, text]) => texts.get(file) !== text));
  return { before, after: state, outcomes, changed };
}
