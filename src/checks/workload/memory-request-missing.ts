import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { missingResource } from './_resources.js';

export default defineCheck({
  meta: {
    id: 'KF-W-027',
    name: 'memory-request-missing',
    title: 'Container without a memory request',
    area: 'workload',
    severity: 'low',
    description:
      'The scheduler places pods by their requests. A container without a memory request is scheduled as if it needed no memory, so its node may be overcommitted, and under memory pressure the kubelet evicts pods that exceed their requests first. When only a memory limit is set, Kubernetes copies it into the request, so that case passes. Long-running containers (and native sidecars) are checked, not init or ephemeral containers; a pod-level request or limit, or a LimitRange default in the namespace (when the input has it), counts as set.',
    remediation:
      'Request the memory the container needs at steady state:\n\n```yaml\nresources:\n  requests: {memory: 256Mi}\n```',
    frameworks: [nsa('Network separation and hardening: resource policies')],
    messages: { missing: '{{container}} has no memory request' },
    kinds: ['LimitRange'],
  },
  run(inventory, { report }) {
    for (const m of missingResource(inventory, 'requests', 'memory')) {
      report({ messageId: 'missing', data: { container: m.container.label }, resource: m.pod.resource, path: m.path });
    }
  },
});
