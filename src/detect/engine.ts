/**
 * Runs the rule catalogue over normalised events: stage filter, de-duplication, matching, and
 * windows with bounded state. Pure apart from the injected clock; one instance per stream.
 */
import type { Severity } from '../core/severity.js';
import { Deduplicator } from './dedup.js';
import { objectName, objectNameOf, type AuditEvent } from './event.js';
import { resourceMatches, type DetectionRule, type RuleWindow } from './rule.js';

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

/**
 * A window's samples, as columns (a queue from `head` on: expiring the oldest is O(1)). Strings are
 * interned, so a sample kept for minutes holds no young objects: no event, no body, no per-sample
 * object for the garbage collector to copy and promote. Audit IDs are kept for the last EVIDENCE only.
 */
interface WindowState {
  head: number;
  readonly t: number[];
  readonly d: string[];
  readonly user: string[];
  readonly ip: string[];
  readonly ua: string[];
  readonly obj: string[];
  /** The audit IDs of the latest samples (at most 2 × EVIDENCE, the last EVIDENCE used). */
  ids: string[];
  /** Distinct values among samples, with their multiplicity: counted incrementally. */
  distinct: Map<string, number>;
  quietUntil: number;
}

const newState = (): WindowState => ({ head: 0, t: [], d: [], user: [], ip: [], ua: [], obj: [], ids: [], distinct: new Map(), quietUntil: 0 });

const MAX_SAMPLES = 1000;
const NONE: readonly Alert[] = Object.freeze([]);
const EVIDENCE = 20;

const uniq = (xs: readonly string[]): string[] => [...new Set(xs.filter((x) => x !== ''))].slice(0, EVIDENCE);
const one = (x: string): string[] => (x === '' ? [] : [x]);

/** Message templates split once into text and placeholders (formatMessage's result, without a regex per alert). */
const templates = new Map<string, readonly string[]>();
function render(template: string, data: Record<string, string | number> | undefined): string {
  let parts = templates.get(template);
  if (parts === undefined) {
    parts = template.split(/\{\{\s*(\w+)\s*\}\}/g);
    if (templates.size < 10_000) templates.set(template, parts);
  }
  if (parts.length === 1) return template;
  // Odd indexes are placeholder names; an unknown one is left as written, as formatMessage does.
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const value = data?.[parts[i] as string];
    out += value === undefined ? (template.match(PLACEHOLDERS)?.[(i - 1) / 2] ?? '') : String(value);
    out += parts[i + 1] as string;
  }
  return out;
}
const PLACEHOLDERS = /\{\{\s*\w+\s*\}\}/g;

/** Index sizes beyond which new resources or verbs are matched without caching (unbounded input). */
const MAX_INDEXED = 4096;

export class DetectionEngine {
  private readonly rules: readonly DetectionRule[];
  private readonly byStage = new Map<string, DetectionRule[]>();
  /** Rules per stage, resource, subresource and verb (each event visits only rules whose pre-filters admit it), built on first use. */
  private readonly index = new Map<string, Map<string, Map<string, Map<string, readonly DetectionRule[]>>>>();
  private indexed = 0;
  private readonly windows = new Map<string, Map<string, WindowState>>();
  private readonly strings = new Map<string, string>();
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

  private candidates(stage: string, resource: string, subresource: string, verb: string): readonly DetectionRule[] {
    let byResource = this.index.get(stage);
    if (byResource === undefined) this.index.set(stage, (byResource = new Map()));
    let bySub = byResource.get(resource);
    if (bySub === undefined) {
      bySub = new Map();
      if (this.indexed < MAX_INDEXED) {
        byResource.set(resource, bySub);
        this.indexed++;
      }
    }
    let byVerb = bySub.get(subresource);
    if (byVerb === undefined) {
      byVerb = new Map();
      if (this.indexed < MAX_INDEXED) {
        bySub.set(subresource, byVerb);
        this.indexed++;
      }
    }
    let rules = byVerb.get(verb);
    if (rules === undefined) {
      rules = (this.byStage.get(stage) ?? []).filter((r) => (r.resources === undefined || resourceMatches(r.resources, resource, subresource)) && (r.verbs === undefined || r.verbs.includes(verb)));
      if (this.indexed < MAX_INDEXED) {
        byVerb.set(verb, rules);
        this.indexed++;
      }
    }
    return rules;
  }

  /** Processes one event; returns the alerts it raised (usually none). */
  process(e: AuditEvent): readonly Alert[] {
    this.events++;
    if (!this.dedup.first(e)) {
      this.duplicates++;
      return NONE;
    }
    const o = e.objectRef;
    const rules = o === undefined ? this.candidates(e.stage, '', '', e.verb) : this.candidates(e.stage, o.resource, o.subresource, e.verb);
    if (rules.length === 0) return NONE;
    let out: Alert[] | undefined;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as DetectionRule;
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
    const user = e.user.username;
    const impersonated = e.impersonatedUser?.username ?? '';
    return {
      ruleId: rule.meta.id,
      rule: rule.meta.name,
      title: rule.meta.title,
      severity: rule.meta.severity,
      attack: rule.meta.attack,
      messageId,
      message: render((rule.meta.messages as Record<string, string>)[messageId] ?? messageId, data),
      time: when,
      evidence: {
        auditIDs: [e.auditID],
        users: user === '' ? (impersonated === '' ? [] : [impersonated]) : impersonated === '' || impersonated === user ? [user] : [user, impersonated],
        sourceIPs: one(e.sourceIP),
        userAgents: one(e.userAgent),
        objects: one(objectName(e)),
        count: 1,
        firstSeen: when,
        lastSeen: when,
      },
    };
  }

  /** One shared copy of each string windows keep (bounded: cleared when large; kept samples stay valid). */
  private intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size >= 100_000) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }

  private windowed(rule: DetectionRule, w: RuleWindow, e: AuditEvent, messageId: string, data: Record<string, string | number> | undefined): Alert | undefined {
    const states = this.windows.get(rule.meta.id);
    if (states === undefined) return undefined;
    const key = w.key(e);
    const t = this.time(e);
    let st = states.get(key);
    if (st === undefined) {
      if (states.size >= this.maxKeys) this.evict(states, t, w.sizeMs);
      st = newState();
      states.set(this.intern(key), st);
    } else {
      // Refresh insertion order: the Map's first key is the least recently seen.
      states.delete(key);
      states.set(key, st);
    }
    const from = t - w.sizeMs;
    const times = st.t;
    let head = st.head;
    while (head < times.length) {
      if ((times[head] as number) >= from && times.length - head < MAX_SAMPLES) break;
      this.undistinct(st, st.d[head] as string);
      head++;
    }
    if (head > 256 && head * 2 > times.length) {
      for (const column of [st.t, st.d, st.user, st.ip, st.ua, st.obj] as unknown[][]) column.splice(0, head);
      head = 0;
    }
    st.head = head;
    const d = w.distinct === undefined ? '' : this.intern(w.distinct(e));
    times.push(t);
    st.d.push(d);
    st.user.push(this.intern(e.user.username));
    st.ip.push(this.intern(e.sourceIP));
    st.ua.push(this.intern(e.userAgent));
    st.obj.push(this.intern(objectNameOf(e.objectRef, e.requestURI)));
    st.ids.push(e.auditID);
    if (st.ids.length >= 2 * EVIDENCE) st.ids = st.ids.slice(-EVIDENCE);
    st.distinct.set(d, (st.distinct.get(d) ?? 0) + 1);
    const inWindow = times.length - head;
    const count = w.distinct === undefined ? inWindow : st.distinct.size;
    if (count < w.threshold || t < st.quietUntil) return undefined;
    const kept = st;
    const fresh = newState();
    fresh.quietUntil = t + w.sizeMs;
    states.set(key, fresh);
    const first = new Date(kept.t[head] ?? t).toISOString();
    const last = new Date(t).toISOString();
    const column = (c: readonly string[]): string[] => uniq(head === 0 ? c : c.slice(head));
    return {
      ruleId: rule.meta.id,
      rule: rule.meta.name,
      title: rule.meta.title,
      severity: rule.meta.severity,
      attack: rule.meta.attack,
      messageId,
      message: render((rule.meta.messages as Record<string, string>)[messageId] ?? messageId, { ...data, count, window: `${Math.round(w.sizeMs / 1000)}s` }),
      time: last,
      evidence: {
        auditIDs: kept.ids.slice(-Math.min(EVIDENCE, inWindow)),
        users: column(kept.user),
        sourceIPs: column(kept.ip),
        userAgents: column(kept.ua),
        objects: column(kept.obj),
        count: inWindow,
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
      const last = s.head < s.t.length ? (s.t[s.t.length - 1] ?? 0) : 0;
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
