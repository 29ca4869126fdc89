import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { missingResource } from './_resources.js';

export default defineCheck({
  meta: {
    id: 'KF-W-024',
    name: 'cpu-limit-missing',
    title: 'Container without a CPU limit',
    area: 'workload',
    severity: 'low',
    description:
      'Without a CPU limit a container may use every idle core of its node: a busy loop, a cryptominer after a compromise, or a traffic spike slows every neighbour down to its request. Low severity, because CPU is compressible and some teams omit CPU limits on purpose (throttling hurts latency) while keeping requests. Long-running containers (and native sidecars) are checked, not init or ephemeral containers; a pod-level limit or a LimitRange default in the namespace (when the input has it) counts as set.',
    remediation:
      'Set a limit on each container, or a default for the namespace:\n\n```yaml\nresources:\n  requests: {cpu: 250m}\n  limits: {cpu: "1"}\n---\napiVersion: v1\nkind: LimitRange\nmetadata: {name: defaults, namespace: <namespace>}\nspec:\n  limits:\n    - type: Container\n      default: {cpu: "1"}\n      defaultRequest: {cpu: 250m}\n```',
    frameworks: [nsa('Network separation and hardening: resource policies')],
    messages: { missing: '{{container}} has no CPU limit' },
    kinds: ['LimitRange'],
  },
  run(inventory, { report }) {
    for (const m of missingResource(inventory, 'limits', 'cpu')) {
      report({ messageId: 'missing', data: { container: m.container.label }, resource: m.pod.resource, path: m.path });
    }
  },
});
