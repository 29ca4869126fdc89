/**
 * Live-cluster findings are never changed by kubefort: for each fixable one it prints the
 * `kubectl patch` that would apply the same change (a strategic merge patch, so containers
 * are matched by name and nothing else in the object is touched).
 */
import type { Finding } from '../core/finding.js';
import { getAt, isRecord, type JsonPath } from '../core/path.js';
import type { KubeObject } from '../core/resource.js';
import { fixTarget, planFix, type FieldChange } from './table.js';
import { parsePath, type FixValue } from './yaml-edit.js';

type Json = boolean | number | string | null | readonly Json[] | { [key: string]: Json };

/** Builds the strategic-merge patch body for changes: arrays of containers become `[{name, …}]`. */
export function strategicPatch(object: KubeObject, changes: readonly FieldChange[]): Record<string, Json> {
  const root: Record<string, Json> = {};
  for (const change of changes) {
    let node: Record<string, Json> = root;
    for (let i = 0; i < change.path.length; i++) {
      const segment = change.path[i] as string | number;
      const last = i === change.path.length - 1;
      const nextSegment = change.path[i + 1];
      if (typeof nextSegment === 'number') {
        // `containers[2]` → the list keyed by the container's name
        const name = getAt(object, [...change.path.slice(0, i + 2), 'name']);
        if (typeof name !== 'string') throw new Error(`no name at ${change.path.slice(0, i + 2).join('.')}`);
        const list = (node[segment as string] ??= []) as Json[];
        let item = list.find((x): x is { [key: string]: Json } => isRecord(x) && x['name'] === name);
        if (item === undefined) list.push((item = { name }));
        node = item;
        i++;
        continue;
      }
      if (last) node[segment as string] = change.value as FixValue as Json;
      else node = (node[segment as string] ??= {}) as Record<string, Json>;
    }
  }
  return root;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The `kubectl patch` command for a live finding, or undefined when it needs a person. */
export function kubectlPatch(finding: Finding, object: KubeObject): string | undefined {
  const plan = planFix(fixTarget(finding, object, parsePath(finding.location.path) as JsonPath));
  if (!plan.fixable) return undefined;
  const { kind, name, namespace } = finding.resource;
  const ns = namespace === undefined ? '' : ` -n ${shellQuote(namespace)}`;
  const context = finding.location.cluster === undefined ? '' : ` --context ${shellQuote(finding.location.cluster)}`;
  return `kubectl${context} patch ${kind.toLowerCase()} ${shellQuote(name)}${ns} --type strategic -p ${shellQuote(JSON.stringify(strategicPatch(object, plan.changes)))}`;
}
