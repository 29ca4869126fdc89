/**
 * What a cluster name may be: the one definition that the configuration, the derivation of names
 * from kubeconfig contexts, storage and the intake routes' path parameter all use.
 *
 * A cluster's default name is its kubeconfig context, so every usual context name must be one:
 * `kubernetes-admin@kubernetes` (kubeadm), `arn:aws:eks:eu-west-1:123456789012:cluster/prod`
 * (EKS), `gke_project_zone_name` (GKE). In a URL path it is percent-encoded
 * (`encodeURIComponent`: `@` → `%40`, `:` → `%3A`, `/` → `%2F`). Refused: the empty name, more
 * than 253 characters, control characters (C0, DEL, C1), invisible formatting characters
 * (zero-width, bidirectional controls: a name must read as what it is), white space at either
 * end, and `.` or `..` (clients rewrite them as path segments, so no URL can name them).
 */

export const CLUSTER_NAME_MAX = 253;

/** Control and invisible formatting characters, as the body of a regex character class. */
const INVISIBLE = '\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb';

/** ECMA-262 pattern (the same with or without the `u` flag) of a valid name; the length is checked apart. */
export const CLUSTER_NAME_PATTERN = `^(?!\\.{1,2}$)[^\\s${INVISIBLE}](?:[^${INVISIBLE}]*[^\\s${INVISIBLE}])?$`;

const PATTERN = new RegExp(CLUSTER_NAME_PATTERN, 'u');
const INVISIBLE_CHAR = new RegExp(`[${INVISIBLE}]`, 'u');

/** The rule in words, for error messages and documentation. */
export const CLUSTER_NAME_RULE = `1 to ${CLUSTER_NAME_MAX} characters, no control or invisible formatting characters, no white space at either end, not "." or ".."`;

/** JSON Schema of a cluster name (the intake routes' `{name}`); /openapi.json publishes it. */
export const clusterNameSchema = {
  type: 'string',
  minLength: 1,
  maxLength: CLUSTER_NAME_MAX,
  pattern: CLUSTER_NAME_PATTERN,
  description: `A cluster's name as GET /api/v1/clusters lists it (by default its kubeconfig context), percent-encoded in the path: kubernetes-admin%40kubernetes, arn%3Aaws%3Aeks%3Aeu-west-1%3A123456789012%3Acluster%2Fprod. ${CLUSTER_NAME_RULE}.`,
} as const;

/** Why `name` is not a valid cluster name, or undefined when it is. Lengths count code points, as JSON Schema does. */
export function clusterNameProblem(name: string): string | undefined {
  const length = [...name].length;
  if (length === 0) return 'empty';
  if (length > CLUSTER_NAME_MAX) return `${length} characters, more than ${CLUSTER_NAME_MAX}`;
  const bad = INVISIBLE_CHAR.exec(name);
  if (bad !== null) return `contains the control or invisible character U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (name !== name.trim()) return 'starts or ends with white space';
  if (name === '.' || name === '..') return `"${name}" cannot be named in a URL path`;
  // The checks above are the pattern, spelled out; this keeps the two from drifting apart.
  if (!PATTERN.test(name)) return `does not match ${CLUSTER_NAME_PATTERN}`;
  return undefined;
}
