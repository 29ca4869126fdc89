/**
 * kube-proxy: recognition, defaults, and its `--config` file (KubeProxyConfiguration).
 * When `--config` is given kube-proxy takes its settings from the file, so a key set
 * there wins over the equivalent flag.
 */
import jsYaml from 'js-yaml';
import { getAt, isRecord } from '../core/path.js';
import { resolveFlag, type ComponentInstance, type ComponentSpec, type Setting } from './component.js';
import type { ReadText } from './kube-apiserver.js';

export const kubeProxy: ComponentSpec = {
  name: 'kube-proxy',
  binaries: [['kube-proxy'], ['hyperkube', 'proxy'], ['hyperkube', 'kube-proxy'], ['proxy']],
  manifestNames: ['kube-proxy'],
  booleanFlags: new Set(['profiling', 'masquerade-all']),
  defaults: { 'metrics-bind-address': '127.0.0.1:10249' },
};

/** Flag → KubeProxyConfiguration path. */
const CONFIG_KEYS: Readonly<Record<string, readonly string[]>> = {
  'metrics-bind-address': ['metricsBindAddress'],
  kubeconfig: ['clientConnection', 'kubeconfig'],
};

/**
 * Resolves a kube-proxy setting: config file key (when `--config` names a readable
 * file that sets it), else the flag, else the default. `read` receives the path as
 * the process sees it plus the pid, so a containerised kube-proxy's file can be read
 * through `/proc/<pid>/root`.
 */
export function resolveProxySetting(instance: ComponentInstance, flag: string, read: ReadText): Setting {
  const config = instance.flags.flags.get('config');
  const path = CONFIG_KEYS[flag];
  if (config !== undefined && path !== undefined) {
    const text = read(config.value);
    if (text !== undefined) {
      let doc: unknown;
      try {
        doc = jsYaml.load(text);
      } catch {
        doc = undefined;
      }
      const value = isRecord(doc) ? getAt(doc, path) : undefined;
      if (typeof value === 'string' && value !== '') {
        return { component: 'kube-proxy', key: flag, value, origin: 'config', explicit: true, file: config.value, evidence: `${path.join('.')}: ${value} (${config.value})` };
      }
    }
  }
  return resolveFlag(instance, flag);
}
