/** kube-apiserver: recognition, defaults, and the settings that need a file (authorization config, encryption config). */
import jsYaml from 'js-yaml';
import { isRecord } from '../core/path.js';
import { resolveFlag, type ComponentInstance, type ComponentSpec, type Setting } from './component.js';

export const kubeApiserver: ComponentSpec = {
  name: 'kube-apiserver',
  binaries: [['kube-apiserver'], ['hyperkube', 'apiserver'], ['hyperkube', 'kube-apiserver'], ['apiserver']],
  manifestNames: ['kube-apiserver'],
  booleanFlags: new Set(['anonymous-auth', 'profiling', 'service-account-lookup', 'service-account-extend-token-expiration', 'allow-privileged', 'enable-aggregator-routing', 'audit-log-compress']),
  defaults: {
    'anonymous-auth': 'true',
    'authorization-mode': 'AlwaysAllow',
    'enable-admission-plugins': '',
    'disable-admission-plugins': '',
    profiling: 'true',
    'audit-log-maxage': '0',
    'audit-log-maxbackup': '0',
    'audit-log-maxsize': '0',
    'request-timeout': '1m0s',
    'service-account-lookup': 'true',
    'service-account-extend-token-expiration': 'true',
  },
};

/** Reads a host file's text; undefined when it does not exist or cannot be read. */
export type ReadText = (path: string) => string | undefined;

/**
 * The authorization modes in force. With `--authorization-config` (structured
 * authorization, 1.30+) there is no `--authorization-mode`: the modes are the
 * `authorizers[].type` of that file, in order.
 */
export function authorizationModes(instance: ComponentInstance, read: ReadText): Setting {
  const config = instance.flags.flags.get('authorization-config');
  if (config === undefined) return resolveFlag(instance, 'authorization-mode');
  const base = { component: instance.spec.name, key: 'authorization-mode', file: config.value };
  const text = read(config.value);
  if (text === undefined) return { ...base, value: undefined, origin: 'unset', explicit: false, evidence: `${config.raw}: the file could not be read` };
  try {
    const doc: unknown = jsYaml.load(text);
    const authorizers = isRecord(doc) && Array.isArray(doc.authorizers) ? doc.authorizers : [];
    const types = authorizers.map((a) => (isRecord(a) && typeof a.type === 'string' ? a.type : '?'));
    return { ...base, value: types.join(','), origin: 'config', explicit: true, evidence: `authorizers[].type = ${types.join(',') || '(none)'} in ${config.value} (named by ${config.raw})` };
  } catch (error) {
    return { ...base, value: undefined, origin: 'unset', explicit: false, evidence: `${config.value}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

/**
 * The first provider that encrypts Secrets in the EncryptionConfiguration named by
 * `--encryption-provider-config` (the one used for writes), e.g. `aescbc`, `identity`.
 */
export function secretsEncryptionProvider(instance: ComponentInstance, read: ReadText): Setting {
  const flag = instance.flags.flags.get('encryption-provider-config');
  const base = { component: instance.spec.name, key: 'encryption-provider-config:secrets' };
  if (flag === undefined) return { ...base, value: undefined, origin: 'unset', explicit: false, evidence: '--encryption-provider-config not set: Secrets are stored unencrypted in etcd' };
  const text = read(flag.value);
  if (text === undefined) return { ...base, value: undefined, origin: 'unset', explicit: false, file: flag.value, evidence: `${flag.raw}: the file could not be read` };
  try {
    const doc: unknown = jsYaml.load(text);
    const resources = isRecord(doc) && Array.isArray(doc.resources) ? doc.resources : [];
    for (const entry of resources) {
      if (!isRecord(entry) || !Array.isArray(entry.resources) || !Array.isArray(entry.providers)) continue;
      const names = entry.resources.filter((r): r is string => typeof r === 'string');
      if (!names.some((r) => r === 'secrets' || r === '*.*' || r === '*.')) continue;
      const first: unknown = entry.providers[0];
      const provider = isRecord(first) ? (Object.keys(first)[0] ?? '') : '';
      return { ...base, value: provider, origin: 'config', explicit: true, file: flag.value, evidence: `first provider for secrets: ${provider} (${flag.value})` };
    }
    return { ...base, value: undefined, origin: 'unset', explicit: false, file: flag.value, evidence: `${flag.value} has no entry for secrets` };
  } catch (error) {
    return { ...base, value: undefined, origin: 'unset', explicit: false, file: flag.value, evidence: `${flag.value}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}
