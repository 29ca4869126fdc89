import { defineCheck } from '../../core/check.js';
import { cis, pssBaseline } from '../../core/framework.js';

export default defineCheck({
  meta: {
    id: 'KF-W-006',
    name: 'host-port',
    title: 'Container binds a host port',
    area: 'workload',
    severity: 'medium',
    description:
      "A `hostPort` opens a port on the node's own address and forwards it to the container: the workload is reachable from outside the cluster network, bypassing Services and NetworkPolicies, and it ties the pod to nodes where that port is free.",
    remediation: 'Remove `hostPort` (or set it to 0) and expose the port through a Service (`ClusterIP`, or `NodePort`/`LoadBalancer` when it must be reachable from outside):\n\n```yaml\ncontainers:\n  - name: web\n    ports:\n      - containerPort: 8080   # no hostPort\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n```',
    frameworks: [cis('5.2.12'), pssBaseline('Host Ports')],
    messages: { hostPort: '{{container}} binds host port {{hostPort}}/{{protocol}} on the node' },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      for (const c of pod.containers) {
        c.container.ports?.forEach((port, index) => {
          const hostPort = port.hostPort;
          if (hostPort === undefined || hostPort === null || hostPort === 0) return;
          report({
            messageId: 'hostPort',
            data: { container: c.label, hostPort, protocol: port.protocol ?? 'TCP' },
            resource: pod.resource,
            path: [...c.path, 'ports', index, 'hostPort'],
          });
        });
      }
    }
  },
});
