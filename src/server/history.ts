/**
 * Pure history arithmetic: scores per hardening area, drift between two scans, time to fix.
 * Storage calls these; they touch no database.
 */
import { AREAS, type Area } from '../core/area.js';
import type { ScanResult } from '../core/finding.js';
import { allChecks } from '../checks/index.js';

export interface ScanScore {
  /** 0–100: the share of checks that ran in the area and found nothing. Absent when no check of the area ran. */
  readonly byArea: Partial<Record<Area, number>>;
  /** The same over every check that ran. */
  readonly overall: number | null;
}

let areaOfCheck: Map<string, Area> | undefined;
function checkAreas(): Map<string, Area> {
  areaOfCheck ??= new Map(allChecks.map((c) => [c.meta.id, c.meta.area]));
  return areaOfCheck;
}

/**
 * Score of a scan: per area, passing checks / checks that ran. A check's area comes from the
 * registry, from `extraAreas` (a node report's rows), or from its findings.
 */
export function scoreScan(result: Pick<ScanResult, 'checks' | 'findings'>, extraAreas: ReadonlyMap<string, Area> = new Map()): ScanScore {
  const areas = new Map([...checkAreas(), ...extraAreas]);
  for (const f of result.findings) if (!areas.has(f.checkId)) areas.set(f.checkId, f.area);
  const failing = new Set(result.findings.map((f) => f.checkId));
  const ran = new Map<Area, { total: number; passing: number }>();
  let total = 0;
  let passing = 0;
  for (const id of new Set(result.checks)) {
    const area = areas.get(id);
    if (area === undefined) continue;
    const entry = ran.get(area) ?? { total: 0, passing: 0 };
    entry.total++;
    total++;
    if (!failing.has(id)) {
      entry.passing++;
      passing++;
    }
    ran.set(area, entry);
  }
  const byArea: Partial<Record<Area, number>> = {};
  for (const area of AREAS) {
    const entry = ran.get(area);
    if (entry !== undefined) byArea[area] = Math.round((100 * entry.passing) / entry.total);
  }
  return { byArea, overall: total === 0 ? null : Math.round((100 * passing) / total) };
}

export interface Drift<T> {
  readonly added: readonly T[];
  readonly stillOpen: readonly T[];
  readonly fixed: readonly T[];
}

/** Compares the open findings before a scan with the findings it found, by fingerprint. */
export function drift<P extends { fingerprint: string }, C extends { fingerprint: string }>(previousOpen: readonly P[], current: readonly C[]): { added: C[]; stillOpen: C[]; fixed: P[] } {
  const before = new Set(previousOpen.map((p) => p.fingerprint));
  const now = new Set(current.map((c) => c.fingerprint));
  return {
    added: current.filter((c) => !before.has(c.fingerprint)),
    stillOpen: current.filter((c) => before.has(c.fingerprint)),
    fixed: previousOpen.filter((p) => !now.has(p.fingerprint)),
  };
}

export interface TimeToFix {
  readonly count: number;
  readonly meanHours: number | null;
  readonly medianHours: number | null;
}

/** Mean and median hours from first seen to fixed. */
export function timeToFix(rows: readonly { first_seen_at: string; fixed_at: string | null }[]): TimeToFix {
  const hours = rows
    .filter((r): r is { first_seen_at: string; fixed_at: string } => r.fixed_at !== null)
    .map((r) => (Date.parse(r.fixed_at) - Date.parse(r.first_seen_at)) / 3_600_000)
    .sort((a, b) => a - b);
  if (hours.length === 0) return { count: 0, meanHours: null, medianHours: null };
  const mid = Math.floor(hours.length / 2);
  const median = hours.length % 2 === 1 ? (hours[mid] ?? 0) : ((hours[mid - 1] ?? 0) + (hours[mid] ?? 0)) / 2;
  const round = (n: number) => Math.round(n * 100) / 100;
  return { count: hours.length, meanHours: round(hours.reduce((a, b) => a + b, 0) / hours.length), medianHours: round(median) };
}
