/**
 * Findings a user chose to accept: inline annotations on the object (or its pod
 * template) and an exceptions file for objects that cannot be annotated. Both need
 * a reason; both may expire, after which the finding comes back.
 */
import { readFile } from 'node:fs/promises';
import jsYaml from 'js-yaml';
import { KubefortError, scanError, type ScanError } from '../core/errors.js';
import type { CheckMeta } from '../core/check.js';
import type { Suppression } from '../core/finding.js';
import { isRecord } from '../core/path.js';
import { formatRef, type Resource } from '../core/resource.js';
import { getAt } from '../core/path.js';
import { POD_SPEC_PATHS } from '../core/workloads.js';

export const IGNORE_ANNOTATION = 'kubefort.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'kubefort.io/ignore-reason';
export const IGNORE_UNTIL_ANNOTATION = 'kubefort.io/ignore-until';

/** One entry of an exceptions file. */
export interface ExceptionRule {
  /** Check ids or names; `*` for every check. */
  readonly checks: readonly string[];
  readonly match: {
    readonly kind?: string;
    readonly namespace?: string;
    /** Exact name, or a glob with `*`. */
    readonly name?: string;
    /** Every label must be present with this value (a glob with `*`). */
    readonly labels?: Readonly<Record<string, string>>;
  };
  readonly reason: string;
  readonly owner?: string;
  readonly expires?: string;
  /** Where the rule is written, for listings (`file#index`). */
  readonly source: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads and validates an exceptions file; every problem names the entry and field. */
export async function loadExceptions(file: string): Promise<ExceptionRule[]> {
  let raw: unknown;
  try {
    raw = jsYaml.load(await readFile(file, 'utf8'));
  } catch (error) {
    throw new KubefortError('KF_ERR_EXCEPTIONS_FILE', `${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseExceptions(file, raw);
}

export function parseExceptions(file: string, raw: unknown): ExceptionRule[] {
  const fail = (message: string): never => {
    throw new KubefortError('KF_ERR_EXCEPTIONS_FILE', `${file}: ${message}`);
  };
  if (!isRecord(raw) || raw.kind !== 'Exceptions' || !Array.isArray(raw.exceptions)) fail('expected `kind: Exceptions` with a list `exceptions`');
  const list = (raw as { exceptions: unknown[] }).exceptions;
  return list.map((entry, i) => {
    const at = `exceptions[${i}]`;
    if (!isRecord(entry)) return fail(`${at} is not an object`);
    for (const key of Object.keys(entry)) if (!['checks', 'match', 'reason', 'owner', 'expires'].includes(key)) fail(`${at}.${key} is not a known field`);
    const checks = entry.checks;
    if (!Array.isArray(checks) || checks.length === 0 || !checks.every((c) => typeof c === 'string')) fail(`${at}.checks must be a non-empty list of check ids or names`);
    const match = entry.match ?? {};
    if (!isRecord(match)) return fail(`${at}.match must be an object`);
    for (const key of Object.keys(match)) {
      if (key === 'labels') {
        const labels = match.labels;
        if (!isRecord(labels) || !Object.values(labels).every((v) => typeof v === 'string')) fail(`${at}.match.labels must map label keys to strings`);
      } else if (!['kind', 'namespace', 'name'].includes(key) || typeof match[key] !== 'string') fail(`${at}.match.${key} must be one of kind, namespace, name (strings) or labels`);
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') fail(`${at}.reason is required`);
    const expires = entry.expires instanceof Date ? entry.expires.toISOString().slice(0, 10) : entry.expires;
    if (expires !== undefined && (typeof expires !== 'string' || !DATE.test(expires))) fail(`${at}.expires must be a date YYYY-MM-DD`);
    if (entry.owner !== undefined && typeof entry.owner !== 'string') fail(`${at}.owner must be a string`);
    return {
      checks: checks as string[],
      match: match as ExceptionRule['match'],
      reason: entry.reason as string,
      ...(entry.owner === undefined ? {} : { owner: entry.owner as string }),
      ...(expires === undefined ? {} : { expires: expires as string }),
      source: `${file}#${at}`,
    };
  });
}

export type SuppressionVerdict =
  | { readonly state: 'none' }
  | { readonly state: 'active'; readonly suppression: Suppression }
  | { readonly state: 'expired'; readonly suppression: Suppression };

export interface SuppressionOptions {
  readonly exceptions: readonly ExceptionRule[];
  /** When false, inline annotations are ignored (whoever deploys a workload should not exempt it). */
  readonly allowAnnotations: boolean;
  readonly today: string;
}

/** Decides, per finding, whether a suppression applies. Annotation problems are reported once per object. */
export class Suppressor {
  private readonly annotationCache = new WeakMap<Resource, AnnotationSuppression | null>();
  readonly errors: ScanError[] = [];

  constructor(private readonly options: SuppressionOptions) {}

  verdict(meta: CheckMeta, resource: Resource): SuppressionVerdict {
    let expired: Suppression | undefined;
    for (const rule of this.options.exceptions) {
      if (!rule.checks.some((c) => c === '*' || c === meta.id || c === meta.name)) continue;
      if (!matches(rule, resource)) continue;
      const suppression: Suppression = {
        kind: 'exception',
        reason: rule.reason,
        source: rule.source,
        ...(rule.owner === undefined ? {} : { owner: rule.owner }),
        ...(rule.expires === undefined ? {} : { expires: rule.expires }),
      };
      if (rule.expires !== undefined && rule.expires < this.options.today) expired = suppression;
      else return { state: 'active', suppression };
    }
    if (this.options.allowAnnotations) {
      const inline = this.annotations(resource);
      if (inline !== null && inline.checks.some((c) => c === '*' || c === meta.id || c === meta.name)) {
        const { suppression } = inline;
        if (suppression.expires !== undefined && suppression.expires < this.options.today) expired ??= suppression;
        else return { state: 'active', suppression };
      }
    }
    return expired === undefined ? { state: 'none' } : { state: 'expired', suppression: expired };
  }

  private annotations(resource: Resource): AnnotationSuppression | null {
    let cached = this.annotationCache.get(resource);
    if (cached === undefined) {
      cached = this.readAnnotations(resource);
      this.annotationCache.set(resource, cached);
    }
    return cached;
  }

  /** The object's own annotations win; a pod template's are honoured too, since that is where users put them. */
  private readAnnotations(resource: Resource): AnnotationSuppression | null {
    const specPath = POD_SPEC_PATHS[resource.ref.kind];
    const places: (readonly (string | number)[])[] = [['metadata', 'annotations']];
    if (specPath !== undefined && resource.ref.kind !== 'Pod') places.push([...specPath.slice(0, -1), 'metadata', 'annotations']);
    for (const place of places) {
      const annotations = getAt(resource.object, place);
      if (!isRecord(annotations) || typeof annotations[IGNORE_ANNOTATION] !== 'string') continue;
      const where = { ...this.where(resource, [...place, IGNORE_ANNOTATION]), object: formatRef(resource.ref) };
      const reason = annotations[IGNORE_REASON_ANNOTATION];
      if (typeof reason !== 'string' || reason.trim() === '') {
        this.errors.push(scanError('KF_ERR_BAD_ANNOTATION', `${IGNORE_ANNOTATION} needs a ${IGNORE_REASON_ANNOTATION} annotation; the suppression is not applied`, where));
        return null;
      }
      const until = annotations[IGNORE_UNTIL_ANNOTATION];
      if (until !== undefined && (typeof until !== 'string' || !DATE.test(until))) {
        this.errors.push(scanError('KF_ERR_BAD_ANNOTATION', `${IGNORE_UNTIL_ANNOTATION} must be a date YYYY-MM-DD; the suppression is not applied`, where));
        return null;
      }
      const checks = (annotations[IGNORE_ANNOTATION] as string).split(',').map((c) => c.trim()).filter((c) => c !== '');
      return {
        checks,
        suppression: {
          kind: 'annotation',
          reason,
          source: `${formatRef(resource.ref)} ${place.join('.')}["${IGNORE_ANNOTATION}"]`,
          ...(typeof until === 'string' ? { expires: until } : {}),
        },
      };
    }
    return null;
  }

  private where(resource: Resource, path: readonly (string | number)[]) {
    const at = resource.locate(path);
    return { file: resource.origin.file, documentIndex: resource.origin.documentIndex, line: at?.line, column: at?.column };
  }
}

interface AnnotationSuppression {
  readonly checks: readonly string[];
  readonly suppression: Suppression;
}

function matches(rule: ExceptionRule, resource: Resource): boolean {
  const { kind, namespace, name } = rule.match;
  if (kind !== undefined && !glob(kind, resource.ref.kind)) return false;
  if (namespace !== undefined && !glob(namespace, resource.ref.namespace ?? '')) return false;
  if (name !== undefined && !glob(name, resource.ref.name)) return false;
  const labels = resource.object.metadata.labels ?? {};
  for (const [key, value] of Object.entries(rule.match.labels ?? {})) {
    const actual = labels[key];
    if (actual === undefined || !glob(value, actual)) return false;
  }
  return true;
}

function glob(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

/**
 * Findings that are true of every kubeadm control plane and that nobody can act on:
 * its static pods run on the host network with host paths and as root by design, and
 * static pods can never use a ServiceAccount. Applied unless `--no-default-exceptions`;
 * suppressed findings stay counted and listed, with this reason.
 */
export const DEFAULT_EXCEPTIONS: readonly ExceptionRule[] = [
  {
    checks: [
      'host-network', 'host-path-volume', 'run-as-non-root', 'run-as-root-user', 'seccomp-profile-missing', 'privilege-escalation-allowed',
      'capabilities-not-dropped', 'read-only-root-filesystem', 'cpu-limit-missing', 'memory-limit-missing', 'cpu-request-missing',
      'memory-request-missing', 'sensitive-workload-isolation', 'image-not-pinned-by-digest', 'sensitive-namespace-reachable-from-all',
    ],
    match: { kind: 'Pod', namespace: 'kube-system', labels: { tier: 'control-plane' } },
    reason: 'control-plane static pod (kubeadm): host network, host paths and root are by design; its flags are audited by the CIS control-plane checks',
    source: 'kubefort default exceptions',
  },
  {
    checks: ['default-service-account', 'automount-service-account-token'],
    match: { kind: 'Pod', namespace: 'kube-system', labels: { tier: 'control-plane' } },
    reason: 'static pods cannot use a ServiceAccount: the kubelet mounts no token into them',
    source: 'kubefort default exceptions',
  },
];
