import { defineCheck } from '../../core/check.js';
import { pssBaseline } from '../../core/framework.js';
import { getAt } from '../../core/path.js';

/** Every handler that can carry a `host`: probes and lifecycle hooks, over HTTP or TCP. */
const HANDLERS = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
] as const;
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

export default defineCheck({
  meta: {
    id: 'KF-W-021',
    name: 'probe-host',
    title: 'Probe or lifecycle hook aimed at another host',
    area: 'workload',
    severity: 'medium',
    description:
      'The kubelet runs probes and lifecycle hooks from the node. A `host` in an httpGet or tcpSocket handler makes the kubelet connect to any address the pod author chooses, from the node\'s network position: a server-side request forgery that reaches node-local and cloud metadata services. Pod Security Standards baseline forbids it since Kubernetes 1.34.',
    remediation: 'Remove `host` from the handler; the kubelet then targets the pod\'s own IP:\n\n```yaml\nlivenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n```',
    frameworks: [pssBaseline('Host Probes / Lifecycle Hooks')],
    messages: { host: '{{container}} {{handler}}.{{action}} targets host {{host}}' },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      for (const c of pod.containers) {
        for (const handler of HANDLERS) {
          for (const action of ACTIONS) {
            const path = [...handler, action, 'host'];
            const host = getAt(c.container, path);
            if (typeof host !== 'string' || host === '') continue;
            report({ messageId: 'host', data: { container: c.label, handler: handler.join('.'), action, host }, resource: pod.resource, path: [...c.path, ...path] });
          }
        }
      }
    }
  },
});
