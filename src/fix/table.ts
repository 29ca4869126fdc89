/**
 * The fix table: which findings have a safe, mechanical fix, keyed by check id (and message
 * id). A fix is data: the fields to set, relative to the container or pod spec the finding
 * points into. Everything not listed here needs a person (docs/fix.md).
 */
import type { Finding } from '../core/finding.js';
import type { JsonPath } from '../core/path.js';
import { getAt, isRecord } from '../core/path.js';
import type { KubeObject } from '../core/resource.js';
import { POD_SPEC_PATHS } from '../core/workloads.js';
import { newConflicts } from './conflicts.js';
import type { FixValue } from './yaml-edit.js';

/** One field to set, as a path from the object root. */
export interface FieldChange {
  readonly path: JsonPath;
  readonly value: FixValue;
}

export type FixPlan = { readonly fixable: true; readonly changes: readonly FieldChange[]; readonly description: string } | { readonly fixable: false; readonly reason: string };

interface FixEntry {
  /** What the fix does, for the report and docs/fix.md. */
  readonly description: string;
  /** Message ids the fix applies to; others need a person. */
  readonly messageIds: readonly string[];
  plan(target: FixTarget): FixPlan;
}

/** The finding's place: the container it points into (if any) and the pod spec. */
export interface FixTarget {
  readonly finding: Finding;
  readonly object: KubeObject;
  readonly path: JsonPath;
  readonly podSpecPath?: JsonPath;
  readonly containerPath?: JsonPath;
}

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

export function fixTarget(finding: Finding, object: KubeObject, path: JsonPath): FixTarget {
  const podSpecPath = POD_SPEC_PATHS[object.kind];
  let containerPath: JsonPath | undefined;
  for (let i = 0; i + 1 < path.length; i++) {
    if (typeof path[i] === 'string' && CONTAINER_LISTS.has(path[i] as string) && typeof path[i + 1] === 'number') containerPath = path.slice(0, i + 2);
  }
  return { finding, object, path, ...(podSpecPath === undefined ? {} : { podSpecPath }), ...(containerPath === undefined ? {} : { containerPath }) };
}

function set(path: JsonPath, value: FixValue): FieldChange {
  return { path, value };
}

/** A container-level securityContext field. */
function containerField(field: string, value: FixValue, description: string, messageIds: readonly string[], guard?: (container: Record<string, unknown>) => string | undefined): FixEntry {
  return {
    description,
    messageIds,
    plan({ containerPath, object }) {
      if (containerPath === undefined) return { fixable: false, reason: 'the finding does not point into a container' };
      const container = getAt(object, containerPath);
      if (!isRecord(container)) return { fixable: false, reason: 'container not found' };
      const refused = guard?.(container);
      if (refused !== undefined) return { fixable: false, reason: refused };
      return { fixable: true, changes: [set([...containerPath, 'securityContext', field], value)], description };
    },
  };
}

/** Pod level when the finding is about the whole pod, else the container's. */
function podOrContainerField(field: string, value: FixValue, description: string, messageIds: readonly string[]): FixEntry {
  return {
    description,
    messageIds,
    plan({ containerPath, podSpecPath }) {
      if (containerPath !== undefined) return { fixable: true, changes: [set([...containerPath, 'securityContext', field], value)], description };
      if (podSpecPath === undefined) return { fixable: false, reason: 'not a pod-bearing object' };
      return { fixable: true, changes: [set([...podSpecPath, 'securityContext', field], value)], description };
    },
  };
}

/**
 * drop: [ALL] where it would change nothing: a privileged container has every capability
 * whatever drop says (the runtime ignores the capability lists), and `add: [ALL]` adds them
 * all back. The re-scan would call either fixed; the container would keep its capabilities.
 */
const dropWouldChangeNothing = (c: Record<string, unknown>): string | undefined => {
  if (getAt(c, ['securityContext', 'privileged']) === true) return 'the container is privileged: it has every capability whatever drop says, so drop: [ALL] would change nothing; decide on privileged first';
  const add = getAt(c, ['securityContext', 'capabilities', 'add']);
  if (Array.isArray(add) && add.some((a) => typeof a === 'string' && a.toUpperCase().replace(/^CAP_/, '') === 'ALL')) return 'the container adds ALL capabilities back, so drop: [ALL] would change nothing; decide on the added capabilities first';
  return undefined;
};

/** Fixes by check id. Sorted by id. */
export const FIX_TABLE: Readonly<Record<string, FixEntry>> = {
  'KF-R-008': {
    description: 'set automountServiceAccountToken: false on the pod spec',
    messageIds: ['podEnables', 'saAllows', 'saNotFound'],
    plan({ podSpecPath }) {
      if (podSpecPath === undefined) return { fixable: false, reason: 'not a pod-bearing object' };
      return { fixable: true, changes: [set([...podSpecPath, 'automountServiceAccountToken'], false)], description: this.description };
    },
  },
  'KF-S-003': {
    description: 'set imagePullPolicy: Always',
    messageIds: ['notAlways'],
    plan({ containerPath }) {
      if (containerPath === undefined) return { fixable: false, reason: 'the finding does not point into a container' };
      return { fixable: true, changes: [set([...containerPath, 'imagePullPolicy'], 'Always')], description: this.description };
    },
  },
  // Not with privileged: true or CAP_SYS_ADMIN: newConflicts (conflicts.ts) refuses what the API server rejects.
  'KF-W-015': containerField('allowPrivilegeEscalation', false, 'set securityContext.allowPrivilegeEscalation: false', ['explicitTrue', 'unset']),
  'KF-W-016': podOrContainerField('runAsNonRoot', true, 'set securityContext.runAsNonRoot: true (the image must run as a non-root user)', ['notSet']),
  'KF-W-018': podOrContainerField('seccompProfile', { type: 'RuntimeDefault' }, 'set securityContext.seccompProfile.type: RuntimeDefault', ['missing']),
  'KF-W-019': containerField('capabilities', { drop: ['ALL'] }, 'set securityContext.capabilities.drop: [ALL]', ['allNotDropped'], dropWouldChangeNothing),
  'KF-W-020': containerField('readOnlyRootFilesystem', true, 'set securityContext.readOnlyRootFilesystem: true (mount an emptyDir where the app writes)', ['explicitFalse', 'unset']),
};

/** The plan for one finding: the changes, or why it needs a person. */
export function planFix(target: FixTarget): FixPlan {
  const entry = FIX_TABLE[target.finding.checkId];
  if (entry === undefined) return { fixable: false, reason: 'no mechanical fix: see the remediation' };
  if (!entry.messageIds.includes(target.finding.messageId)) return { fixable: false, reason: `${target.finding.messageId}: no mechanical fix for this case` };
  const plan = entry.plan(target);
  if (!plan.fixable) return plan;
  // capabilities: keep an existing `add` list; only `drop` is set.
  const changes = plan.changes.map((c) => {
    if (target.finding.checkId === 'KF-W-019' && isRecord(c.value) && 'drop' in c.value) return { path: [...c.path, 'drop'], value: ['ALL'] };
    if (target.finding.checkId === 'KF-W-018' && isRecord(c.value)) return { path: [...c.path, 'type'], value: 'RuntimeDefault' };
    return c;
  });
  // A change Kubernetes would refuse next to another explicit field (runAsNonRoot: true with
  // runAsUser: 0, …) is someone's decision, like an explicit runAsNonRoot: false.
  const conflicting = newConflicts(target.object, changes);
  if (conflicting.length > 0) return { fixable: false, reason: conflicting.join('; ') };
  return { ...plan, changes };
}
