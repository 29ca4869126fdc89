/**
 * A check is metadata plus one pure function over the inventory, in the shape of
 * an ESLint rule: `defineCheck({ meta, run })`. Message ids are a closed union per
 * check, so `report` with an unknown id does not compile.
 */
import type { Area } from './area.js';
import type { FrameworkRef } from './framework.js';
import type { Inventory } from './inventory.js';
import type { JsonPath } from './path.js';
import type { Resource } from './resource.js';
import type { Severity } from './severity.js';

export interface CheckMeta<M extends string = string> {
  /** Stable id, never derived from the title: `KF-W-001`. */
  readonly id: string;
  /** Stable, readable name: also the check's file name (`privileged-container`). */
  readonly name: string;
  readonly title: string;
  readonly area: Area;
  readonly severity: Severity;
  /** Why it matters, one or two sentences. */
  readonly description: string;
  /** How to fix it: concrete YAML or a command. */
  readonly remediation: string;
  readonly frameworks: readonly FrameworkRef[];
  /** Message templates with `{{placeholders}}` filled from a report's data. */
  readonly messages: Readonly<Record<M, string>>;
  /** Kinds the check inspects (documentation, and the unknown-kind notice). */
  readonly kinds: readonly string[];
}

export type MessageData = Readonly<Record<string, string | number>>;

export interface Report<M extends string> {
  readonly messageId: M;
  readonly data?: MessageData;
  readonly resource: Resource;
  /** The offending field; the object itself when absent. */
  readonly path?: JsonPath;
  /**
   * Tells apart several findings of one check on the same field (a CVE id, a capability):
   * part of the fingerprint. Must not contain volatile text such as dates or counts.
   */
  readonly key?: string;
  /** Overrides the check's severity for this one finding (e.g. a runtime socket among hostPaths). */
  readonly severity?: Severity;
}

/**
 * Reference data checks read (release calendars, CVE lists …). Empty here: each analysis
 * module adds its own field by declaration merging, so core depends on none of them.
 * A missing field means "use the data bundled with kubefort".
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface DataSets {}

/** What a check may configure: things a user can set (the sensitive label, the trusted registries …). */
export interface CheckOptions {
  /** Today's date (YYYY-MM-DD), for anything that expires. */
  readonly today: string;
  readonly data: DataSets;
  /** Label or annotation key marking a namespace or workload as sensitive; value `true`. */
  readonly sensitiveLabel: string;
  /** Namespaces treated as sensitive whatever their labels. */
  readonly sensitiveNamespaces: readonly string[];
}

export const DEFAULT_CHECK_OPTIONS: Omit<CheckOptions, 'today'> = {
  data: {},
  sensitiveLabel: 'kubefort.io/sensitive',
  sensitiveNamespaces: ['kube-system'],
};

export interface CheckContext<M extends string> {
  report(report: Report<M>): void;
  readonly options: CheckOptions;
}

export interface Check<M extends string = string> {
  readonly meta: CheckMeta<M>;
  run(inventory: Inventory, context: CheckContext<M>): void;
}

/** Identity at run time; at compile time it ties `report`'s message ids to `meta.messages`. */
export function defineCheck<const M extends string>(check: Check<M>): Check<M> {
  return check;
}

/** Fills `{{name}}` placeholders. A missing value stays visible rather than vanishing. */
export function formatMessage(template: string, data: MessageData | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = data?.[name];
    return value === undefined ? whole : String(value);
  });
}
