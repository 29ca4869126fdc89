import { defineCheck } from '../../core/check.js';
import { pssBaseline } from '../../core/framework.js';
import { podContextPath } from './_util.js';

/**
 * PSS baseline "Sysctls": namespaced sysctls isolated from other pods. The published list plus
 * `net.ipv4.tcp_rmem` and `net.ipv4.tcp_wmem`, which Pod Security Admission allows from policy v1.32.
 */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

export default defineCheck({
  meta: {
    id: 'KF-W-012',
    name: 'unsafe-sysctls',
    title: 'Pod sets unsafe sysctls',
    area: 'workload',
    severity: 'high',
    description:
      'Sysctls outside the safe set either are not namespaced (they change the kernel of the whole node, for every pod on it) or are namespaced but not isolated (memory, message-queue or network limits that let one pod starve or attack the others). Pod Security Standards baseline allows only the safe set, and the kubelet refuses other sysctls unless an administrator allowed them with `--allowed-unsafe-sysctls`.',
    remediation:
      'Remove the sysctl from `spec.securityContext.sysctls`. If the workload really needs it, tune it on dedicated nodes (a DaemonSet or the node image), not from the pod; only these may stay:\n\n```yaml\nspec:\n  securityContext:\n    sysctls:\n      - name: net.ipv4.ip_local_port_range\n        value: "1024 65535"\n      - name: net.ipv4.tcp_keepalive_time\n        value: "600"\n```',
    frameworks: [pssBaseline('Sysctls')],
    messages: {
      unsafe: 'the pod sets sysctl {{name}}, outside the safe set: it is not isolated from other pods on the node',
      spelling: 'the pod sets sysctl {{name}}: the kernel reads it as {{dotted}}, which is safe, but Pod Security Admission compares names exactly and rejects this spelling; write {{dotted}}',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      pod.spec.securityContext?.sysctls?.forEach((sysctl, index) => {
        const name = sysctl.name;
        if (name !== undefined && name !== null && SAFE_SYSCTLS.has(name)) return;
        const path = podContextPath(pod, 'sysctls', index, ...(name === undefined || name === null ? [] : ['name']));
        const shown = name ?? '(unnamed)';
        // Kubernetes accepts `/` as the separator (net/ipv4/tcp_syncookies); Pod Security Admission does not.
        const dotted = shown.includes('/') ? shown.replace(/[./]/g, (ch) => (ch === '/' ? '.' : '/')) : shown;
        if (dotted !== shown && SAFE_SYSCTLS.has(dotted)) report({ messageId: 'spelling', data: { name: shown, dotted }, resource: pod.resource, path, severity: 'low' });
        else report({ messageId: 'unsafe', data: { name: shown }, resource: pod.resource, path });
      });
    }
  },
});
