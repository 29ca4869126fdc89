/**
 * Every problem kubefort reports about its *input* (not about the cluster) has a
 * stable code from this catalogue, so CI systems and the dashboard can match on it.
 */
export const ERRORS = {
  KF_ERR_READ: { level: 'error', title: 'The file could not be read' },
  KF_ERR_FILE_TOO_LARGE: { level: 'error', title: 'The file is larger than the size limit' },
  KF_ERR_BINARY_FILE: { level: 'error', title: 'The file is binary, not YAML or JSON' },
  KF_ERR_INVALID_UTF8: { level: 'error', title: 'The file is not valid UTF-8' },
  KF_ERR_YAML_PARSE: { level: 'error', title: 'The YAML document could not be parsed' },
  KF_ERR_JSON_PARSE: { level: 'error', title: 'The JSON document could not be parsed' },
  KF_ERR_ALIAS_BOMB: { level: 'error', title: 'The YAML document expands aliases beyond the limit' },
  KF_ERR_TOO_DEEP: { level: 'error', title: 'The document is nested deeper than the limit' },
  KF_ERR_NOT_AN_OBJECT: { level: 'error', title: 'The document is not a Kubernetes object' },
  KF_ERR_MISSING_FIELD: { level: 'error', title: 'A required field of a Kubernetes object is missing' },
  KF_ERR_INVALID_FIELD: { level: 'error', title: 'A field has the wrong type' },
  KF_ERR_BAD_ANNOTATION: { level: 'error', title: 'A kubefort annotation is malformed' },
  KF_ERR_EXCEPTIONS_FILE: { level: 'error', title: 'The exceptions file is invalid' },
  KF_ERR_NO_INPUT: { level: 'error', title: 'Nothing to read: no manifest files, or no audit events' },
  KF_ERR_KUBECONFIG: { level: 'error', title: 'The kubeconfig could not be used' },
  KF_ERR_NO_KUBECONFIG: { level: 'error', title: 'No kubeconfig was found ($KUBECONFIG, ~/.kube/config, in-cluster service account)' },
  KF_ERR_CLUSTER_UNREACHABLE: { level: 'error', title: 'The API server could not be reached' },
  KF_ERR_CLUSTER: { level: 'error', title: 'The API server answered with an error' },
  KF_ERR_DATA: { level: 'error', title: 'Reference data could not be read or is invalid' },
  KF_ERR_CHECK_FAILED: { level: 'error', title: 'A check failed to run' },
  KF_ERR_NODE_ROOT: { level: 'error', title: 'The node root (--root) is not a readable directory' },
  KF_ERR_NO_COMPONENTS: { level: 'error', title: 'No Kubernetes component was found on the node' },
  KF_ERR_NO_REPORTS: { level: 'error', title: 'No node report was read' },
  KF_WARN_NOT_KUBERNETES: { level: 'warning', title: 'The document is not a Kubernetes object and was skipped' },
  KF_WARN_UNKNOWN_KIND: { level: 'warning', title: 'No check inspects this kind' },
  KF_WARN_DUPLICATE_OBJECT: { level: 'warning', title: 'The same object is defined twice' },
  KF_WARN_NAMESPACE_NOT_FOUND: { level: 'warning', title: 'The namespace given with -n does not exist' },
  KF_WARN_NAMESPACE_EMPTY: { level: 'warning', title: 'The namespace given with -n holds no objects kubefort scans' },
} as const satisfies Record<string, { level: 'error' | 'warning'; title: string }>;

export type ErrorCode = keyof typeof ERRORS;
export type ErrorLevel = 'error' | 'warning';

/** A problem with the input. The scan goes on; the exit code reflects errors (not warnings). */
export interface ScanError {
  readonly code: ErrorCode;
  readonly level: ErrorLevel;
  readonly message: string;
  readonly file?: string;
  readonly documentIndex?: number;
  readonly line?: number;
  readonly column?: number;
  /** `namespace/Kind/name` when the problem is inside one object. */
  readonly object?: string;
}

export function scanError(
  code: ErrorCode,
  message: string,
  where: Omit<ScanError, 'code' | 'level' | 'message'> = {},
): ScanError {
  return { code, level: ERRORS[code].level, message, ...where };
}

/** An error kubefort raises for bad usage or input that stops a command (exit code 2). */
export class KubefortError extends Error {
  constructor(
    readonly code: ErrorCode | 'KF_ERR_USAGE',
    message: string,
  ) {
    super(message);
    this.name = 'KubefortError';
  }
}
