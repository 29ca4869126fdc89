import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { missingResource } from './_resources.js';

export default defineCheck({
  meta: {
    id: 'KF-W-026',
    name: 'cpu-request-missing',
    title: 'Container without a CPU request',
    area: 'workload',
    severity: 'low',
    description:
      'The scheduler places pods by their requests. A container without a CPU request is scheduled as if it needed nothing, so nodes are overcommitted and it gets only a minimal share of CPU under contention. When only a CPU limit is set, Kubernetes copies it into the request, so that case passes. Long-running containers (and native sidecars) are checked, not init or ephemeral containers; a pod-level request or limit, or a LimitRange default in the namespace (when the input has it), counts as set.',
    remediation:
      'Request the CPU the container needs at steady state:\n\n```yaml\nresources:\n  requests: {cpu: 250m}\n```\n\n`kubectl top pod --containers` shows current use.',
    frameworks: [nsa('Network separation and hardening: resource policies')],
    messages: { missing: '{{container}} has no CPU request' },
    kinds: ['LimitRange'],
  },
  run(inventory, { report }) {
    for (const m of missingResource(inventory, 'requests', 'cpu')) {
      report({ messageId: 'missing', data: { container: m.container.label }, resource: m.pod.resource, path: m.path });
    }
  },
});
