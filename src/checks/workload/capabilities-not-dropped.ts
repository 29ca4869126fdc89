import { defineCheck } from '../../core/check.js';
import { cis, pssRestricted } from '../../core/framework.js';
import { canonicalCapability, containerContextPath, describeCapability, isWindowsPod } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-W-019',
    name: 'capabilities-not-dropped',
    title: 'Capabilities not dropped',
    area: 'workload',
    severity: 'medium',
    description:
      "Containers start with the runtime's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW on some runtimes …), which a compromised process can use to tamper with files, change identity or forge packets. Pod Security Standards restricted requires every container of a Linux pod to drop `ALL` (written exactly so) and to add back nothing but NET_BIND_SERVICE.",
    remediation: 'Drop everything; add back NET_BIND_SERVICE only if the process binds a port below 1024 (better: listen on a higher port):\n\n```yaml\ncontainers:\n  - name: app\n    securityContext:\n      capabilities:\n        drop: ["ALL"]\n        add: ["NET_BIND_SERVICE"]   # only if needed\n```',
    frameworks: [cis('5.2.8'), cis('5.2.9'), pssRestricted('Capabilities')],
    messages: {
      allNotDropped: '{{container}} does not drop ALL capabilities{{detail}}',
      adds: '{{container}} adds capability {{capability}}; restricted allows adding only NET_BIND_SERVICE',
    },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      if (isWindowsPod(pod)) continue; // a Linux-only control: PSS exempts spec.os.name windows
      for (const c of pod.containers) {
        const capabilities = c.container.securityContext?.capabilities;
        const drop = capabilities?.drop;
        if (drop === undefined || drop === null || !drop.includes('ALL')) {
          const variant = drop?.find((d) => canonicalCapability(d) === 'ALL');
          const detail =
            variant !== undefined
              ? ` by that name: it drops "${variant}", which runtimes read as ALL, but Pod Security Admission requires exactly "ALL"`
              : drop !== undefined && drop !== null && drop.length > 0
                ? ` (it drops only ${drop.join(', ')})`
                : '';
          const path =
            drop !== undefined && drop !== null
              ? [...c.path, 'securityContext', 'capabilities', 'drop']
              : capabilities !== undefined && capabilities !== null
                ? [...c.path, 'securityContext', 'capabilities']
                : containerContextPath(c);
          report({ messageId: 'allNotDropped', data: { container: c.label, detail }, resource: pod.resource, path, ...(variant === undefined ? {} : { severity: 'low' as const }) });
        }
        capabilities?.add?.forEach((written, index) => {
          if (written === 'NET_BIND_SERVICE') return;
          report({
            messageId: 'adds',
            data: { container: c.label, capability: describeCapability(written) },
            resource: pod.resource,
            path: [...c.path, 'securityContext', 'capabilities', 'add', index],
            // CAP_NET_BIND_SERVICE or net_bind_service: the right capability, spelled as admission rejects it.
            ...(canonicalCapability(written) === 'NET_BIND_SERVICE' ? { severity: 'low' as const } : {}),
          });
        });
      }
    }
  },
});
