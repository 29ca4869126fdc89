/**
 * Runs the rule catalogue over normalised events: stage filter, de-duplication, matching, and
 * windows with bounded state. Pure apart from the injected clock; one instance per stream.
 */
import { formatMessage } from '../core/check.js';
import type { Severity } from '../core/severity.js';
import { Deduplicator } from './dedup.js';
import { objectName, type AuditEvent } from './event.js';
import type { DetectionRule, RuleWindow } from './rule.js';

export interface Evidence {
  readonly auditIDs: readonly string[];
  readonly users: readonly string[];
  readonly sourceIPs: readonly string[];
  readonly userAgents: readonly string[];
  readonly objects: readonly string[];
  /** Events behind the alert (1 for single-event rules). */
  readonly count: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

export interface Alert {
  readonly ruleId: string;
  readonly rule: string;
  readonly title: string;
  readonly severity: Severity;
  readonly attack: readonly string[];
  readonly messageId: string;
  readonly message: string;
  /** When the alert was raised (event time of the last event). */
  readonly time: string;
  readonly evidence: Evidence;
}

export interface EngineOptions {
  readonly rules: readonly DetectionRule[];
  /** Milliseconds; used for events without a timestamp. Tests pass a fake clock. */
  readonly clock?: () => number;
  /** Keys kept per windowed rule; the oldest key is dropped beyond it. */
  readonly maxKeys?: number;
  /** Remembered event identities for de-duplication. */
  readonly dedupCapacity?: number;
}

interface Sample {
  readonly t: number;
  readonly id: string;
  readonly d: string;
  readonly user: string;
  readonly ip: string;
  readonly ua: string;
  readonly e: AuditEvent;
}
interface WindowState {
  samples: Sample[];
  /** Distinct values among samples, with their multiplicity: counted incrementally. */
  distinct: Map<string, number>;
  quietUntil: number;
}

const MAX_SAMPLES = 1000;
const NONE: readonly Alert[] = Object.freeze([]);
const EVIDENCE = 20;

const uniq = (xs: readonly string[]): string[] => [...new Set(xs.filter((x) => x !== ''))].slice(0, EVIDENCE);

export class DetectionEngine {
  private readonly rules: readonly DetectionRule[];
  private readonly byStage = new Map<string, DetectionRule[]>();
  /** Rules per stage and resource, built on first use. */
  private readonly byStageResource = new Map<string, readonly DetectionRule[]>();
  private readonly windows = new Map<string, Map<string, WindowState>>();
  private readonly clock: () => number;
  private readonly maxKeys: number;
  readonly dedup: Deduplicator;
  /** Counters for reports: events seen, duplicates dropped. */
  events = 0;
  duplicates = 0;

  constructor(options: EngineOptions) {
    this.rules = options.rules;
    this.clock = options.clock ?? Date.now;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.dedup = new Deduplicator(options.dedupCapacity ?? 200_000);
    for (const r of this.rules) {
      for (const s of r.meta.stages) {
        const list = this.byStage.get(s) ?? [];
        list.push(r);
        this.byStage.set(s, list);
      }
      if (r.window !== undefined) this.windows.set(r.meta.id, new Map());
    }
  }

  /** Processes one event; returns the alerts it raised (usually none). */
  process(e: AuditEvent): readonly Alert[] {
    this.events++;
    if (!this.dedup.first(e)) {
      this.duplicates++;
      return NONE;
    }
    const resource = e.objectRef === undefined ? '' : e.objectRef.resource;
    const key = `${e.stage}\u0000${resource}`;
    let rules = this.byStageResource.get(key);
    if (rules === undefined) {
      rules = (this.byStage.get(e.stage) ?? []).filter((r) => r.resources === undefined || r.resources.includes(resource));
      this.byStageResource.set(key, rules);
    }
    if (rules.length === 0) return NONE;
    let out: Alert[] | undefined;
    for (const rule of rules) {
      let hit;
      try {
        hit = rule.match(e);
      } catch {
        hit = undefined; // a rule bug must never stop the stream
      }
      if (hit === undefined) continue;
      const alert = rule.window === undefined ? this.single(rule, e, hit.messageId, hit.data) : this.windowed(rule, rule.window, e, hit.messageId, hit.data);
      if (alert !== undefined) (out ??= []).push(alert);
    }
    return out ?? NONE;
  }

  private time(e: AuditEvent): number {
    return Number.isFinite(e.time) && e.time > 0 ? e.time : this.clock();
  }

  private single(rule: DetectionRule, e: AuditEvent, messageId: string, data: Record<string, string | number> | undefined): Alert {
    const when = new Date(this.time(e)).toISOString();
    return {
      ruleId: rule.meta.id,
      rule: rule.meta.name,
      title: rule.meta.title,
      severity: rule.meta.severity,
      attack: rule.meta.attack,
      messageId,
      message: formatMessage((rule.meta.messages as Record<string, string>)[messageId] ?? messageId, data),
      time: when,
      evidence: { auditIDs: [e.auditID], users: uniq([e.user.username, e.impersonatedUser?.username ?? '']), sourceIPs: uniq([e.sourceIP]), userAgents: uniq([e.userAgent]), objects: uniq([objectName(e)]), count: 1, firstSeen: when, lastSeen: when },
    };
  }

  private windowed(rule: DetectionRule, w: RuleWindow, e: AuditEvent, messageId: string, data: Record<string, string | number> | undefined): Alert | undefined {
    const states = this.windows.get(rule.meta.id);
    if (states === undefined) return undefined;
    const key = w.key(e);
    const t = this.time(e);
    let st = states.get(key);
    if (st === undefined) {
      if (states.size >= this.maxKeys) this.evict(states, t, w.sizeMs);
      st = { samples: [], distinct: new Map(), quietUntil: 0 };
      states.set(key, st);
    } else {
      // Refresh insertion order: the Map's first key is the least recently seen.
      states.delete(key);
      states.set(key, st);
    }
    const from = t - w.sizeMs;
    let drop = 0;
    while (drop < st.samples.length && ((st.samples[drop]?.t ?? 0) < from || st.samples.length - drop >= MAX_SAMPLES)) drop++;
    if (drop > 0) for (const old of st.samples.splice(0, drop)) this.undistinct(st, old.d);
    const d = w.distinct === undefined ? '' : w.distinct(e);
    st.samples.push({ t, id: e.auditID, d, user: e.user.username, ip: e.sourceIP, ua: e.userAgent, e });
    st.distinct.set(d, (st.distinct.get(d) ?? 0) + 1);
    const count = w.distinct === undefined ? st.samples.length : st.distinct.size;
    if (count < w.threshold || t < st.quietUntil) return undefined;
    const samples = st.samples;
    st.samples = [];
    st.distinct = new Map();
    st.quietUntil = t + w.sizeMs;
    const first = new Date(samples[0]?.t ?? t).toISOString();
    const last = new Date(t).toISOString();
    return {
      ruleId: rule.meta.id,
      rule: rule.meta.name,
      title: rule.meta.title,
      severity: rule.meta.severity,
      attack: rule.meta.attack,
      messageId,
      message: formatMessage((rule.meta.messages as Record<string, string>)[messageId] ?? messageId, { ...data, count, window: `${Math.round(w.sizeMs / 1000)}s` }),
      time: last,
      evidence: {
        auditIDs: samples.slice(-EVIDENCE).map((s) => s.id),
        users: uniq(samples.map((s) => s.user)),
        sourceIPs: uniq(samples.map((s) => s.ip)),
        userAgents: uniq(samples.map((s) => s.ua)),
        objects: uniq(samples.map((s) => objectName(s.e))),
        count: samples.length,
        firstSeen: first,
        lastSeen: last,
      },
    };
  }

  private undistinct(st: WindowState, d: string): void {
    const n = (st.distinct.get(d) ?? 1) - 1;
    if (n <= 0) st.distinct.delete(d);
    else st.distinct.set(d, n);
  }

  /** Drops keys idle for longer than the window, then the least recently seen, down to 3/4 of maxKeys. */
  private evict(states: Map<string, WindowState>, now: number, sizeMs: number): void {
    const target = Math.floor((this.maxKeys * 3) / 4);
    for (const [k, s] of states) {
      const last = s.samples[s.samples.length - 1]?.t ?? 0;
      if (last < now - sizeMs) states.delete(k);
    }
    for (const k of states.keys()) {
      if (states.size <= target) break;
      states.delete(k);
    }
  }

  /** Number of window keys held, for tests and metrics. */
  stateSize(): number {
    let n = 0;
    for (const m of this.windows.values()) n += m.size;
    return n;
  }
}
