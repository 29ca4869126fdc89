/**
 * The Kubernetes components a node can run, how to recognise them, and their
 * flags merged with the upstream defaults. Pure: instances are built from facts a
 * source read (a process's argv and environment, or a static pod's command), so
 * the live-cluster scan can build the same view from a mirror pod.
 */
import { parseFlags, type FlagOccurrence, type ParsedFlags } from './flags.js';

export const COMPONENT_NAMES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd', 'kubelet', 'kube-proxy'] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

export function isComponentName(value: string): value is ComponentName {
  return (COMPONENT_NAMES as readonly string[]).includes(value);
}

export interface ComponentSpec {
  readonly name: ComponentName;
  /**
   * How the process is recognised: argv[0]'s base name, optionally followed by a
   * sub-command (`hyperkube apiserver`). The first word must match exactly, so
   * `apiserver` does not match `kube-apiserver`.
   */
  readonly binaries: readonly (readonly string[])[];
  /** Static pod manifest base names (without extension) under the manifests dir. */
  readonly manifestNames: readonly string[];
  /** Flags that take no value when given bare. */
  readonly booleanFlags: ReadonlySet<string>;
  /** Upstream defaults (Kubernetes 1.32–1.34) of the flags kubefort reads, as strings. */
  readonly defaults: Readonly<Record<string, string>>;
  /** Default values of feature gates kubefort reads. */
  readonly featureGateDefaults?: Readonly<Record<string, string>>;
  /** etcd also reads `ETCD_<FLAG>` environment variables; the flag wins. */
  readonly envPrefix?: string;
}

/** Where a component's configuration was read from. */
export interface ComponentOrigin {
  readonly via: 'process' | 'static-pod' | 'configz';
  /** The host file read: `/proc/1234/cmdline`, `/etc/kubernetes/manifests/kube-apiserver.yaml`. */
  readonly file: string;
  readonly pid?: number;
}

export interface ComponentInstance {
  readonly spec: ComponentSpec;
  readonly origin: ComponentOrigin;
  readonly argv: readonly string[];
  readonly flags: ParsedFlags;
  /** Environment variables (process environ, or the static pod container's env). */
  readonly env: Readonly<Record<string, string>>;
  /** The static pod manifest of the component, when one exists (even if the process was found too). */
  readonly manifest?: string;
}

export type SettingOrigin = 'flag' | 'env' | 'config' | 'configz' | 'default' | 'unset';

/** One resolved setting with the evidence of where its value came from. */
export interface Setting {
  readonly component: ComponentName;
  /** Flag name (kubelet: configuration key). */
  readonly key: string;
  /** The effective value, or undefined when unset and without default. */
  readonly value: string | undefined;
  readonly origin: SettingOrigin;
  /** Human evidence: `--profiling=false (/proc/812/cmdline)`. */
  readonly evidence: string;
  /** The host file the value was read from, when one was. */
  readonly file?: string;
  /** The value was set explicitly (flag, env, config file), not taken from a default. */
  readonly explicit: boolean;
}

export function makeInstance(spec: ComponentSpec, argv: readonly string[], env: Readonly<Record<string, string>>, origin: ComponentOrigin, manifest?: string): ComponentInstance {
  return {
    spec,
    origin,
    argv,
    flags: parseFlags(argv, spec.booleanFlags),
    env,
    ...(manifest === undefined ? {} : { manifest }),
  };
}

function where(instance: ComponentInstance): string {
  return instance.origin.via === 'process' ? `${instance.origin.file}` : `${instance.origin.file}, container command`;
}

function envName(prefix: string, flag: string): string {
  return `${prefix}${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** A flag's explicit occurrence, or undefined. */
export function flagOf(instance: ComponentInstance, flag: string): FlagOccurrence | undefined {
  return instance.flags.flags.get(flag);
}

/**
 * A flag's effective value: the flag (last occurrence), else the environment
 * variable for components that read one (etcd), else the upstream default.
 */
export function resolveFlag(instance: ComponentInstance, flag: string): Setting {
  const { spec } = instance;
  const occurrence = flagOf(instance, flag);
  const base = { component: spec.name, key: flag };
  if (occurrence !== undefined) {
    const times = instance.flags.repeated.get(flag)?.length ?? 1;
    return {
      ...base,
      value: occurrence.value,
      origin: 'flag',
      explicit: true,
      file: instance.origin.file,
      evidence: `${occurrence.raw} (${where(instance)}${times > 1 ? `; given ${times} times, the last wins` : ''})`,
    };
  }
  if (spec.envPrefix !== undefined) {
    const name = envName(spec.envPrefix, flag);
    const value = instance.env[name];
    if (value !== undefined) {
      const file = instance.origin.via === 'process' && instance.origin.pid !== undefined ? `/proc/${instance.origin.pid}/environ` : instance.origin.file;
      return { ...base, value, origin: 'env', explicit: true, file, evidence: `${name}=${value} (${file})` };
    }
  }
  const fallback = spec.defaults[flag];
  if (fallback !== undefined) {
    return { ...base, value: fallback, origin: 'default', explicit: false, evidence: `--${flag} not set; upstream default ${fallback === '' ? '(empty)' : fallback}` };
  }
  return { ...base, value: undefined, origin: 'unset', explicit: false, evidence: `--${flag} not set (${where(instance)})` };
}

/** A feature gate's effective value from `--feature-gates` (merged over repeats) or its default. */
export function resolveFeatureGate(instance: ComponentInstance, gate: string): Setting {
  const { spec } = instance;
  const base = { component: spec.name, key: `feature-gates:${gate}` };
  const occurrences = instance.flags.repeated.get('feature-gates') ?? [];
  for (let i = occurrences.length - 1; i >= 0; i--) {
    const occurrence = occurrences[i];
    if (occurrence === undefined) continue;
    const match = new RegExp(`(?:^|,)\\s*${gate}\\s*=\\s*([^,]*)`).exec(occurrence.value);
    if (match !== null) {
      return { ...base, value: (match[1] ?? '').trim(), origin: 'flag', explicit: true, file: instance.origin.file, evidence: `${occurrence.raw} (${where(instance)})` };
    }
  }
  const fallback = spec.featureGateDefaults?.[gate];
  if (fallback !== undefined) return { ...base, value: fallback, origin: 'default', explicit: false, evidence: `feature gate ${gate} not set; default ${fallback}` };
  return { ...base, value: undefined, origin: 'unset', explicit: false, evidence: `feature gate ${gate} not set` };
}

/** Does argv belong to this component? `hyperkube apiserver`, `/usr/local/bin/kube-apiserver`. */
export function matchesBinary(spec: ComponentSpec, argv: readonly string[]): boolean {
  const program = (argv[0] ?? '').split('/').pop() ?? '';
  return spec.binaries.some((words) => {
    if (words[0] !== program) return false;
    for (let i = 1; i < words.length; i++) if (argv[i] !== words[i]) return false;
    return true;
  });
}

/** The argv without the sub-command words of a multi-word binary (`hyperkube apiserver --x` → `hyperkube --x`). */
export function componentArgv(spec: ComponentSpec, argv: readonly string[]): readonly string[] {
  const program = (argv[0] ?? '').split('/').pop() ?? '';
  const words = spec.binaries.find((w) => w[0] === program && w.slice(1).every((word, i) => argv[i + 1] === word));
  return words === undefined || words.length === 1 ? argv : [argv[0] ?? '', ...argv.slice(words.length)];
}
