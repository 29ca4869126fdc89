/** etcd: recognition, defaults, and ETCD_* environment variables (the flag wins when both are set). */
import type { ComponentSpec } from './component.js';

export const etcd: ComponentSpec = {
  name: 'etcd',
  binaries: [['etcd']],
  manifestNames: ['etcd'],
  booleanFlags: new Set(['client-cert-auth', 'auto-tls', 'peer-client-cert-auth', 'peer-auto-tls', 'experimental-initial-corrupt-check']),
  defaults: {
    'client-cert-auth': 'false',
    'auto-tls': 'false',
    'peer-client-cert-auth': 'false',
    'peer-auto-tls': 'false',
    // etcd's default is `<name>.etcd` relative to its working directory; `default.etcd` for the default name.
    'data-dir': 'default.etcd',
  },
  envPrefix: 'ETCD_',
};
