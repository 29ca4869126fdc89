/**
 * The YAML schema kubefort reads manifests with: untagged scalars resolve the way
 * Kubernetes resolves them, not the way YAML 1.2 does.
 *
 * kubectl and the API server turn YAML into JSON with sigs.k8s.io/yaml, which is
 * go-yaml v2: YAML 1.1 scalars, with timestamps kept as strings. Checked against
 * sigs.k8s.io/yaml v1.6.0 YAMLToJSON:
 * - `privileged: yes` (also `on`, and their capitalisations) is the boolean true, and
 *   `no`, `off` are false: kubefort must see the same privileged container;
 * - `defaultMode: 0644` is the octal 420 (`-017` is -15, underscores are dropped);
 * - `kubefort.io/ignore-until: 2030-12-31` is the string "2030-12-31", even with an
 *   explicit `!!timestamp` (js-yaml's default schema makes it a Date, which no string
 *   field accepts, so the whole object was refused).
 * One deliberate difference: go-yaml also reads the single letters y, Y, n, N as
 * booleans, so Kubernetes refuses `name: y`; kubefort keeps them strings, since a
 * one-letter name is far more common in test manifests than a one-letter boolean.
 * Everything else is js-yaml's default schema (merge keys `<<`, `!!binary`, `!!set` …).
 */
import jsYaml from 'js-yaml';

const builtin = (jsYaml as unknown as { types: Readonly<Record<'null' | 'bool' | 'int' | 'float' | 'merge' | 'binary' | 'omap' | 'pairs' | 'set' | 'timestamp', jsYaml.Type>> }).types;

/** The YAML 1.1 booleans YAML 1.2 dropped (one-letter y/n aside, see above). */
const YAML11_BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ...['yes', 'Yes', 'YES', 'on', 'On', 'ON'].map((w) => [w, true] as const),
  ...['no', 'No', 'NO', 'off', 'Off', 'OFF'].map((w) => [w, false] as const),
]);

/**
 * First letters of every boolean form (core true/True/TRUE/false/…, and the YAML 1.1 words):
 * every plain scalar is tried as a boolean, and most are ruled out by their first letter.
 */
const BOOLEAN_INITIALS: ReadonlySet<number> = new Set([...'tTfFyYnNoO'].map((c) => c.charCodeAt(0)));

/** Booleans: the core true/false forms plus the YAML 1.1 ones. */
const bool = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && BOOLEAN_INITIALS.has(data.charCodeAt(0)) && (builtin.bool.resolve(data) || YAML11_BOOLEANS.has(data)),
  construct: (data: string) => YAML11_BOOLEANS.get(data) ?? (builtin.bool.construct(data) as boolean),
  predicate: (data: unknown) => typeof data === 'boolean',
});

const YAML11_OCTAL = /^[-+]?0[0-7_]*[0-7][0-7_]*$/;

/** A cheap first test (is there a leading zero?) before the regex, as every plain scalar is tried. */
function isYaml11Octal(data: unknown): data is string {
  if (typeof data !== 'string') return false;
  const first = data.charCodeAt(0);
  const zero = first === 48 ? 0 : first === 43 || first === 45 ? 1 : -1;
  return zero >= 0 && data.charCodeAt(zero) === 48 && YAML11_OCTAL.test(data);
}

/** Integers: a leading zero means octal, as in YAML 1.1 (`0644` is 420; underscores ignored, as go-yaml does); the rest as js-yaml reads them. */
const int = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => isYaml11Octal(data) || builtin.int.resolve(data),
  construct: (data: string) => {
    if (!isYaml11Octal(data)) return builtin.int.construct(data) as number;
    const digits = data.replace(/_/g, '');
    return (digits.startsWith('-') ? -1 : 1) * parseInt(digits.replace(/^[-+]/, ''), 8);
  },
  predicate: (data: unknown) => typeof data === 'number' && Number.isInteger(data),
});

/** Timestamps stay the text they are written as, tagged or not (JSON has no dates). */
const timestamp = new jsYaml.Type('tag:yaml.org,2002:timestamp', {
  kind: 'scalar',
  resolve: (data: unknown) => builtin.timestamp.resolve(data),
  construct: (data: string) => data,
});

export const KUBERNETES_SCHEMA: jsYaml.Schema = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [builtin.null, bool, int, builtin.float, builtin.merge],
  explicit: [builtin.binary, builtin.omap, builtin.pairs, builtin.set, timestamp],
});
