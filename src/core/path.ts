/** A path into a Kubernetes object: keys and array indexes, e.g. ['spec', 'containers', 0, 'image']. */
export type JsonPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * Renders a path the way kubectl's JSONPath and most tools show it:
 * `spec.containers[0].securityContext`, `metadata.annotations["kubefort.io/ignore"]`.
 */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Reads the value at `path`, or undefined when any step is missing or of the wrong type. */
export function getAt(root: unknown, path: JsonPath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(node)) return undefined;
      node = node[segment];
    } else {
      if (!isRecord(node)) return undefined;
      node = node[segment];
    }
  }
  return node;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
