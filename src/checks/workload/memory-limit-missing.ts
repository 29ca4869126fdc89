import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { missingResource } from './_resources.js';

export default defineCheck({
  meta: {
    id: 'KF-W-025',
    name: 'memory-limit-missing',
    title: 'Container without a memory limit',
    area: 'workload',
    severity: 'medium',
    description:
      'Memory is not compressible: a container without a memory limit that leaks, or is made to allocate by an attacker, pushes its node into memory pressure, and the kubelet then evicts or the kernel OOM-kills other pods, possibly system ones. A limit confines the damage to the container itself. Long-running containers (and native sidecars) are checked, not init or ephemeral containers; a pod-level limit or a LimitRange default in the namespace (when the input has it) counts as set.',
    remediation:
      'Set a memory limit on each container (often equal to the request), or a namespace default:\n\n```yaml\nresources:\n  requests: {memory: 256Mi}\n  limits: {memory: 256Mi}\n---\napiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults, namespace: <namespace>}\nspec:\n  limits:\n    - type: Container\n      default: {memory: 512Mi}\n```',
    frameworks: [nsa('Network separation and hardening: resource policies')],
    messages: { missing: '{{container}} has no memory limit' },
    kinds: ['LimitRange'],
  },
  run(inventory, { report }) {
    for (const m of missingResource(inventory, 'limits', 'memory')) {
      report({ messageId: 'missing', data: { container: m.container.label }, resource: m.pod.resource, path: m.path });
    }
  },
});
