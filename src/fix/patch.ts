/**
 * Live-cluster findings are never changed by kubefort: for each fixable one it prints the
 * `kubectl patch` that would apply the same change (a strategic merge patch, so containers
 * are matched by name and nothing else in the object is touched).
 */
import { existsSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
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

/**
 * The kubeconfig file(s) a live scan read, in kubectl's order: `--kubeconfig`, else every file
 * of `$KUBECONFIG`, else `~/.kube/config` when it exists, else none (in-cluster). Absolute, so
 * that a printed command reads the same files wherever it is run.
 */
export function kubeconfigFiles(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string = process.cwd(), exists: (file: string) => boolean = existsSync): string[] {
  if (flag !== undefined) return [resolve(cwd, flag)];
  const list = env.KUBECONFIG;
  if (list !== undefined && list !== '') return list.split(delimiter).filter((f) => f !== '').map((f) => resolve(cwd, f));
  const home = env.HOME;
  if (home === undefined || home === '') return [];
  const config = resolve(cwd, home, '.kube', 'config');
  return exists(config) ? [config] : [];
}

/** Which cluster a printed command is for: the kubeconfig file(s) the scan read (the context is the finding's). */
export interface PatchTarget {
  readonly kubeconfig?: readonly string[];
}

/**
 * `kubectl` naming the kubeconfig the scan read: context names repeat across clusters
 * (`kubernetes-admin@kubernetes`), so the context alone could patch another cluster. One file
 * goes in `--kubeconfig`; a `$KUBECONFIG` list stays a list (`--kubeconfig` takes one file,
 * and kubectl merges a list), as a POSIX shell variable assignment.
 */
function kubectl(target: PatchTarget): string {
  const files = target.kubeconfig ?? [];
  if (files.length === 0) return 'kubectl';
  if (files.length === 1) return `kubectl --kubeconfig ${shellQuote(files[0] as string)}`;
  return `KUBECONFIG=${shellQuote(files.join(delimiter))} kubectl`;
}

/** The `kubectl patch` command for a live finding, or undefined when it needs a person. */
export function kubectlPatch(finding: Finding, object: KubeObject, target: PatchTarget = {}): string | undefined {
  const plan = planFix(fixTarget(finding, object, parsePath(finding.location.path) as JsonPath));
  if (!plan.fixable) return undefined;
  const { kind, name, namespace } = finding.resource;
  const ns = namespace === undefined ? '' : ` -n ${shellQuote(namespace)}`;
  const context = finding.location.cluster === undefined ? '' : ` --context ${shellQuote(finding.location.cluster)}`;
  return `${kubectl(target)}${context} patch ${kind.toLowerCase()} ${shellQuote(name)}${ns} --type strategic -p ${shellQuote(JSON.stringify(strategicPatch(object, plan.changes)))}`;
}
