/**
 * NetworkPolicy conformance: runs kubefort's connectivity engine on every case of a
 * folder in the np-guard netpol-analyzer layout (`<case>/input/*.yaml|json`,
 * `<case>/expected-connlist.txt`) and compares the SETS of
 * (source, destination, protocol, port range) exactly, after normalising both sides:
 * - workloads are `ns/name[Kind]` (pods collapsed to their owner) on both sides;
 * - external ranges are split into the elementary intervals of the union of both
 *   sides' boundaries, so `0.0.0.0-9.255.255.255` + `10.0.0.0-10.255.255.255`
 *   equals `0.0.0.0-10.255.255.255`; the `[External]` suffix is optional;
 * - connection sets are canonical (`All Connections` = TCP, UDP, SCTP 1-65535;
 *   merged, sorted port ranges);
 * - self-connections are left out on both sides.
 * A difference fails the case unless it is listed in DOCUMENTED_DIFFERENCES with
 * the Kubernetes rule that decides it.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnSet, PROTOCOLS } from '../../src/analysis/netpol/conns.js';
import { parseConnlist } from '../../src/analysis/netpol/connlist.js';
import { NetpolEngine } from '../../src/analysis/netpol/engine.js';
import { formatInterval, parseInterval, partition, type Interval } from '../../src/analysis/netpol/ipv4.js';
import { buildNetworkModel } from '../../src/analysis/netpol/model.js';
import { manifestSource } from '../../src/cli/netpol.js';
import { readFile } from 'node:fs/promises';

/** A deliberate difference: kubefort follows the Kubernetes rule quoted, the expected list does not. */
export interface DocumentedDifference {
  readonly case: string;
  /** Substring of the difference line (`- src => dst : PROTO range` missing, `+ …` extra); absent = every difference of the case. */
  readonly match?: string;
  readonly rule: string;
  readonly reason: string;
}

export const DOCUMENTED_DIFFERENCES: readonly DocumentedDifference[] = [];

export interface CaseResult {
  readonly name: string;
  readonly agreed: boolean;
  /** Differences not explained by DOCUMENTED_DIFFERENCES. */
  readonly diffs: readonly string[];
  /** Differences explained by DOCUMENTED_DIFFERENCES. */
  readonly documented: readonly string[];
  readonly expectedTuples: number;
  readonly actualTuples: number;
  readonly error?: string;
}

export interface ConformanceResult {
  readonly cases: readonly CaseResult[];
  readonly agreed: number;
  readonly total: number;
  /** Every undocumented difference, prefixed with its case. */
  readonly diffs: readonly string[];
}

interface Line {
  readonly src: string;
  readonly dst: string;
  readonly conns: ConnSet;
}

const EXTERNAL_SUFFIX = '[External]';

function externalRange(name: string): Interval | undefined {
  const bare = name.endsWith(EXTERNAL_SUFFIX) ? name.slice(0, -EXTERNAL_SUFFIX.length) : name;
  if (!/^\d+\.\d+\.\d+\.\d+(-\d+\.\d+\.\d+\.\d+)?$/.test(bare)) return undefined;
  return parseInterval(bare);
}

/** Normalises lines to a map "src => dst" → canonical connection set, external ranges split on `cuts`. */
function normalise(lines: readonly Line[], atoms: readonly Interval[]): Map<string, ConnSet> {
  const out = new Map<string, ConnSet>();
  const add = (src: string, dst: string, conns: ConnSet): void => {
    if (src === dst || conns.isEmpty) return;
    const key = `${src} => ${dst}`;
    out.set(key, (out.get(key) ?? ConnSet.NONE).union(conns));
  };
  const expand = (name: string): string[] => {
    const r = externalRange(name);
    if (r === undefined) return [name];
    return atoms.filter((a) => a.lo >= r.lo && a.hi <= r.hi).map((a) => `${formatInterval(a)}${EXTERNAL_SUFFIX}`);
  };
  for (const line of lines) for (const s of expand(line.src)) for (const d of expand(line.dst)) add(s, d, line.conns);
  return out;
}

function tuples(key: string, conns: ConnSet): string[] {
  if (conns.isEmpty) return [];
  if (conns.isAll) return [`${key} : All Connections`];
  return PROTOCOLS.flatMap((p) => {
    const r = conns.ranges(p);
    const out: string[] = [];
    for (let i = 0; i < r.length; i += 2) out.push(`${key} : ${p} ${r[i] === r[i + 1] ? r[i] : `${r[i]}-${r[i + 1]}`}`);
    return out;
  });
}

function countTuples(map: Map<string, ConnSet>): number {
  let n = 0;
  for (const [key, conns] of map) n += tuples(key, conns).length;
  return n;
}

/** Computes kubefort's connection list for a folder of manifests, in the analyser's conventions. */
export async function computeConnlist(inputDir: string): Promise<Line[]> {
  const { inventory } = await manifestSource([inputDir]).load();
  const engine = new NetpolEngine(buildNetworkModel(inventory));
  return engine.connections('workload').map((e) => ({ src: e.src, dst: e.dst, conns: e.conns }));
}

export function compareConnlists(expected: readonly Line[], actual: readonly Line[]): { missing: string[]; extra: string[]; expectedTuples: number; actualTuples: number } {
  const ranges = [...expected, ...actual].flatMap((l) => [externalRange(l.src), externalRange(l.dst)]).filter((r): r is Interval => r !== undefined);
  const atoms = partition(ranges);
  const want = normalise(expected, atoms);
  const have = normalise(actual, atoms);
  const missing: string[] = [];
  const extra: string[] = [];
  for (const key of new Set([...want.keys(), ...have.keys()])) {
    const w = want.get(key) ?? ConnSet.NONE;
    const h = have.get(key) ?? ConnSet.NONE;
    if (w.equals(h)) continue;
    missing.push(...tuples(key, w.subtract(h)).map((t) => `- ${t}`));
    extra.push(...tuples(key, h.subtract(w)).map((t) => `+ ${t}`));
  }
  return { missing: missing.sort(), extra: extra.sort(), expectedTuples: countTuples(want), actualTuples: countTuples(have) };
}

async function runCase(dir: string, name: string, documented: readonly DocumentedDifference[]): Promise<CaseResult> {
  try {
    const expected = parseConnlist(await readFile(join(dir, 'expected-connlist.txt'), 'utf8')).map((l) => ({ src: l.src, dst: l.dst, conns: ConnSet.parse(l.conns) }));
    const actual = await computeConnlist(join(dir, 'input'));
    const cmp = compareConnlists(expected, actual);
    const all = [...cmp.missing, ...cmp.extra];
    const explained = all.filter((d) => documented.some((doc) => doc.case === name && (doc.match === undefined || d.includes(doc.match))));
    const diffs = all.filter((d) => !explained.includes(d));
    return { name, agreed: diffs.length === 0, diffs, documented: explained, expectedTuples: cmp.expectedTuples, actualTuples: cmp.actualTuples };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name, agreed: false, diffs: [`error: ${message}`], documented: [], expectedTuples: 0, actualTuples: 0, error: message };
  }
}

/** Runs every case folder under `dir` (a folder with an `input/` and an `expected-connlist.txt`). */
export async function runNetpolConformance(dir: string, documented: readonly DocumentedDifference[] = DOCUMENTED_DIFFERENCES): Promise<ConformanceResult> {
  const names = readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isDirectory())
    .filter((n) => {
      try {
        return statSync(join(dir, n, 'expected-connlist.txt')).isFile() && statSync(join(dir, n, 'input')).isDirectory();
      } catch {
        return false;
      }
    })
    .sort();
  const cases: CaseResult[] = [];
  for (const name of names) cases.push(await runCase(join(dir, name), name, documented));
  const agreed = cases.filter((c) => c.agreed).length;
  return { cases, agreed, total: cases.length, diffs: cases.flatMap((c) => c.diffs.map((d) => `${c.name}: ${d}`)) };
}

/** Text report: one line per case, then the figure `agreed/total` last. */
export function formatNetpolConformance(result: ConformanceResult, maxDiffsPerCase = 20): string {
  const lines: string[] = [];
  for (const c of result.cases) {
    lines.push(`${c.agreed ? 'agree' : 'DIFFER'}  ${c.name} (${c.expectedTuples} expected, ${c.actualTuples} computed${c.documented.length > 0 ? `, ${c.documented.length} documented differences` : ''})`);
    for (const d of c.diffs.slice(0, maxDiffsPerCase)) lines.push(`    ${d}`);
    if (c.diffs.length > maxDiffsPerCase) lines.push(`    … ${c.diffs.length - maxDiffsPerCase} more`);
  }
  lines.push(`netpol conformance: ${result.agreed}/${result.total} cases agree`);
  return `${lines.join('\n')}\n`;
}

/** The default corpus, relative to the repository root. */
export const NETPOL_CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/conformance/netpol');

/**
 * `npm run conformance -- netpol [DIR]`: runs the comparison on DIR (default: the
 * shared corpus), prints one line per case and `agreed/total` last. Exit code 0
 * when every case agrees or its differences are documented, 1 otherwise.
 */
export async function netpolConformanceCli(args: readonly string[]): Promise<number> {
  if (args.length > 1) {
    process.stderr.write('usage: npm run conformance -- netpol [DIR]\n');
    return 2;
  }
  const dir = args[0] === undefined ? NETPOL_CORPUS : resolve(args[0]);
  const result = await runNetpolConformance(dir);
  process.stdout.write(formatNetpolConformance(result));
  process.stdout.write(`${result.agreed}/${result.total}\n`);
  return result.diffs.length === 0 ? 0 : 1;
}
