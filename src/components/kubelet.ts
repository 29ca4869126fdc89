/**
 * The kubelet's REAL configuration: the `--config` file the running kubelet names,
 * its `--config-dir` drop-ins, and its flags, merged the way the kubelet merges them
 * (flags win over drop-ins, drop-ins over the file), with the kubelet's own defaults
 * for unset keys. Those defaults depend on how the kubelet is configured: with a
 * config file, KubeletConfiguration v1beta1 defaults apply (anonymous auth off,
 * Webhook authorization, read-only port 0); without one, the legacy flag defaults do
 * (anonymous auth on, AlwaysAllow, read-only port 10255).
 *
 * The same evaluation accepts a `/configz` document (what the API server's
 * `nodes/<node>/proxy/configz` returns), which is already the merged effective config.
 */
import jsYaml from 'js-yaml';
import { getAt, isRecord } from '../core/path.js';
import { componentArgv, makeInstance, type ComponentInstance, type ComponentSpec, type Setting } from './component.js';
import { parseDuration, parseFeatureGates } from './flags.js';
import type { ReadText } from './kube-apiserver.js';

export interface KubeletKey {
  /** KubeletConfiguration path, dotted: `authentication.anonymous.enabled`. */
  readonly key: string;
  /** The equivalent command-line flag. */
  readonly flag?: string;
  /** Default when the kubelet runs with a config file and the key is omitted (v1beta1 defaults). */
  readonly configDefault?: string;
  /** Default when the kubelet runs on flags only. */
  readonly flagDefault?: string;
  /** Flag only: no configuration-file key exists. */
  readonly flagOnly?: boolean;
  /** v1beta1 defaulting treats a zero duration in the file as unset (`streamingConnectionIdleTimeout: 0s` becomes 4h). */
  readonly zeroIsDefault?: boolean;
}

/** The keys kubefort reads, with both defaults (pkg/kubelet/apis/config/v1beta1/defaults.go; cmd/kubelet/app/options applyLegacyDefaults). */
export const KUBELET_KEYS: readonly KubeletKey[] = [
  { key: 'authentication.anonymous.enabled', flag: 'anonymous-auth', configDefault: 'false', flagDefault: 'true' },
  { key: 'authentication.webhook.enabled', flag: 'authentication-token-webhook', configDefault: 'true', flagDefault: 'false' },
  { key: 'authentication.x509.clientCAFile', flag: 'client-ca-file' },
  { key: 'authorization.mode', flag: 'authorization-mode', configDefault: 'Webhook', flagDefault: 'AlwaysAllow' },
  { key: 'readOnlyPort', flag: 'read-only-port', configDefault: '0', flagDefault: '10255' },
  { key: 'streamingConnectionIdleTimeout', flag: 'streaming-connection-idle-timeout', configDefault: '4h0m0s', flagDefault: '4h0m0s', zeroIsDefault: true },
  { key: 'makeIPTablesUtilChains', flag: 'make-iptables-util-chains', configDefault: 'true', flagDefault: 'true' },
  { key: 'eventRecordQPS', flag: 'event-qps', configDefault: '50', flagDefault: '50' },
  { key: 'tlsCertFile', flag: 'tls-cert-file' },
  { key: 'tlsPrivateKeyFile', flag: 'tls-private-key-file' },
  { key: 'tlsCipherSuites', flag: 'tls-cipher-suites' },
  { key: 'tlsMinVersion', flag: 'tls-min-version' },
  { key: 'rotateCertificates', flag: 'rotate-certificates', configDefault: 'false', flagDefault: 'false' },
  { key: 'serverTLSBootstrap', flag: 'rotate-server-certificates', configDefault: 'false', flagDefault: 'false' },
  { key: 'podPidsLimit', flag: 'pod-max-pids', configDefault: '-1', flagDefault: '-1' },
  { key: 'seccompDefault', flag: 'seccomp-default', configDefault: 'false', flagDefault: 'false' },
  { key: 'protectKernelDefaults', flag: 'protect-kernel-defaults', configDefault: 'false', flagDefault: 'false' },
  { key: 'staticPodPath', flag: 'pod-manifest-path' },
  { key: 'hostname-override', flag: 'hostname-override', flagOnly: true },
  { key: 'featureGates.RotateKubeletServerCertificate', configDefault: 'true', flagDefault: 'true' },
];

const BY_KEY = new Map(KUBELET_KEYS.map((k) => [k.key, k]));

export function isKubeletKey(key: string): boolean {
  return BY_KEY.has(key);
}

export const kubelet: ComponentSpec = {
  name: 'kubelet',
  binaries: [['kubelet'], ['hyperkube', 'kubelet']],
  manifestNames: [],
  booleanFlags: new Set(['anonymous-auth', 'authentication-token-webhook', 'make-iptables-util-chains', 'rotate-certificates', 'rotate-server-certificates', 'seccomp-default', 'protect-kernel-defaults', 'fail-swap-on', 'register-node']),
  defaults: Object.fromEntries(KUBELET_KEYS.filter((k) => k.flag !== undefined && k.flagDefault !== undefined).map((k) => [k.flag as string, k.flagDefault as string])),
  featureGateDefaults: { RotateKubeletServerCertificate: 'true' },
};

export interface KubeletDocument {
  readonly path: string;
  readonly doc: Record<string, unknown> | undefined;
  /** Why the document could not be used (unreadable, not YAML, not an object). */
  readonly problem?: string;
}

/** Everything the effective kubelet configuration is made of. */
export interface KubeletView {
  /** The running kubelet's flags; absent when evaluating a configz document alone. */
  readonly instance?: ComponentInstance;
  /** The `--config` file, when the kubelet names one. */
  readonly config?: KubeletDocument;
  /** `--config-dir` drop-ins in the order the kubelet applies them. */
  readonly dropIns: readonly KubeletDocument[];
  /** A `/configz` document: the effective configuration reported by the kubelet itself. */
  readonly configz?: KubeletDocument;
}

function parseDocument(path: string, text: string | undefined): KubeletDocument {
  if (text === undefined) return { path, doc: undefined, problem: 'the file could not be read' };
  try {
    const doc: unknown = jsYaml.load(text);
    if (!isRecord(doc)) return { path, doc: undefined, problem: 'not a YAML/JSON object' };
    return { path, doc };
  } catch (error) {
    return { path, doc: undefined, problem: `not valid YAML/JSON: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}` };
  }
}

/**
 * Builds the view of a running kubelet from its argv. `read` reads a host file,
 * `list` lists a host directory's entries (names); both pure lookups over facts.
 */
export function kubeletView(instance: ComponentInstance, read: ReadText, list: (dir: string) => readonly string[] | undefined): KubeletView {
  const configFlag = instance.flags.flags.get('config');
  const dirFlag = instance.flags.flags.get('config-dir');
  const dropIns: KubeletDocument[] = [];
  if (dirFlag !== undefined && dirFlag.value !== '') {
    const names = [...(list(dirFlag.value) ?? [])].filter((n) => n.endsWith('.conf')).sort();
    for (const name of names) {
      const path = `${dirFlag.value.replace(/\/$/, '')}/${name}`;
      dropIns.push(parseDocument(path, read(path)));
    }
  }
  return {
    instance,
    ...(configFlag === undefined || configFlag.value === '' ? {} : { config: parseDocument(configFlag.value, read(configFlag.value)) }),
    dropIns,
  };
}

/** A view from a `/configz` response (`{"kubeletconfig": {...}}`, or the bare configuration). */
export function kubeletViewFromConfigz(source: string, json: unknown): KubeletView {
  const inner = isRecord(json) && isRecord(json.kubeletconfig) ? json.kubeletconfig : json;
  return { dropIns: [], configz: isRecord(inner) ? { path: source, doc: inner } : { path: source, doc: undefined, problem: 'not a configz document' } };
}

/** A kubelet instance from argv (tests, configz callers that also know the flags). */
export function kubeletInstance(argv: readonly string[], file: string, pid?: number): ComponentInstance {
  return makeInstance(kubelet, componentArgv(kubelet, argv), {}, { via: 'process', file, ...(pid === undefined ? {} : { pid }) });
}

function stringify(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v)).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The effective value of one kubelet key, with where it came from. */
export function resolveKubeletSetting(view: KubeletView, key: string): Setting {
  const spec = BY_KEY.get(key);
  const base = { component: 'kubelet' as const, key };
  const path = key.split('.');
  const gate = key.startsWith('featureGates.') ? key.slice('featureGates.'.length) : undefined;
  const { instance } = view;
  if (instance !== undefined) {
    if (gate !== undefined) {
      const occurrences = instance.flags.repeated.get('feature-gates') ?? [];
      for (let i = occurrences.length - 1; i >= 0; i--) {
        const occurrence = occurrences[i];
        const value = occurrence === undefined ? undefined : parseFeatureGates(occurrence.value)[gate];
        if (occurrence !== undefined && value !== undefined) return { ...base, value, origin: 'flag', explicit: true, file: instance.origin.file, evidence: `${occurrence.raw} (${instance.origin.file})` };
      }
    } else if (spec?.flag !== undefined) {
      const occurrence = instance.flags.flags.get(spec.flag);
      if (occurrence !== undefined) {
        const inFile = view.config?.doc === undefined ? undefined : stringify(getAt(view.config.doc, path));
        const shadow = inFile !== undefined && inFile !== occurrence.value ? `; overrides ${key}: ${inFile} in ${view.config?.path ?? ''}` : '';
        return { ...base, value: occurrence.value, origin: 'flag', explicit: true, file: instance.origin.file, evidence: `${occurrence.raw} (${instance.origin.file}${shadow})` };
      }
    }
  }
  if (view.configz?.doc !== undefined) {
    const value = stringify(getAt(view.configz.doc, path));
    if (value !== undefined) return { ...base, value, origin: 'configz', explicit: true, file: view.configz.path, evidence: `${key}: ${value} (${view.configz.path})` };
  }
  if (spec?.flagOnly !== true) {
    const documents = [...view.dropIns].reverse();
    if (view.config !== undefined) documents.push(view.config);
    for (const document of documents) {
      if (document.doc === undefined) continue;
      const value = stringify(getAt(document.doc, path));
      if (value !== undefined && spec?.zeroIsDefault === true && spec.configDefault !== undefined && parseDuration(value) === 0) {
        return { ...base, value: spec.configDefault, origin: 'default', explicit: false, file: document.path, evidence: `${key}: ${value} (${document.path}) is a zero value, which the kubelet replaces by its default ${spec.configDefault}` };
      }
      if (value !== undefined) return { ...base, value, origin: 'config', explicit: true, file: document.path, evidence: `${key}: ${value} (${document.path})` };
    }
  }
  const usesConfigApi = view.configz !== undefined || view.config !== undefined || view.dropIns.length > 0;
  const fallback = usesConfigApi ? spec?.configDefault : spec?.flagDefault;
  const flagName = spec?.flag === undefined ? '' : `--${spec.flag} not set; `;
  if (fallback !== undefined) {
    const why = usesConfigApi
      ? `${key} not set in ${view.configz?.path ?? view.config?.path ?? view.dropIns.map((d) => d.path).join(", ")}${view.config?.problem === undefined ? '' : ` (${view.config.problem})`}; KubeletConfiguration default ${fallback}`
      : `${flagName}no --config file; kubelet flag default ${fallback}`;
    return { ...base, value: fallback, origin: 'default', explicit: false, evidence: why };
  }
  const where = view.configz?.path ?? view.config?.path ?? view.dropIns[view.dropIns.length - 1]?.path;
  return { ...base, value: undefined, origin: 'unset', explicit: false, evidence: `${flagName}${spec?.flagOnly === true ? 'flag only' : `${key} not set${where === undefined ? '' : ` in ${where}`}`}` };
}
