import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { serviceShape, type ServiceBody } from '../../core/k8s.js';
import { obj, record, str } from '../../core/shape.js';

const annotationsShape = obj({ metadata: obj({ annotations: record(str) }) });

/** Cloud annotations that make a LoadBalancer private to the VPC/VNet (value as documented by each provider). */
const INTERNAL_LB: readonly (readonly [string, string])[] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', 'true'],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', 'internal'],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', 'true'],
  ['networking.gke.io/load-balancer-type', 'Internal'],
  ['cloud.google.com/load-balancer-type', 'Internal'],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', 'true'],
  ['service.beta.kubernetes.io/openstack-internal-load-balancer', 'true'],
];

/** The legacy annotation cloud providers still honour in place of `spec.loadBalancerSourceRanges`. */
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

const OPEN = new Set(['0.0.0.0/0', '::/0']);

/** `80/TCP, 443/TCP`; with `nodePorts`, `80→30080/TCP` where a node port is fixed. */
function describePorts(service: ServiceBody, nodePorts: boolean): string {
  const ports = (service.spec?.ports ?? []).map((p) => {
    const node = nodePorts && p.nodePort !== undefined ? `→${p.nodePort}` : '';
    return `${p.port ?? '?'}${node}/${p.protocol ?? 'TCP'}`;
  });
  return ports.length === 0 ? 'no ports' : `port${ports.length === 1 ? '' : 's'} ${ports.join(', ')}`;
}

/** Who can reach a LoadBalancer: an internal one, source ranges, or everyone (`open`). */
function loadBalancerReach(sourceRanges: readonly string[] | undefined, annotations: Readonly<Record<string, string>>): { reach: string; open: boolean } {
  if (INTERNAL_LB.some(([key, value]) => annotations[key]?.toLowerCase() === value.toLowerCase())) {
    return { reach: 'on an internal load balancer (cloud annotation)', open: false };
  }
  const annotated = (annotations[SOURCE_RANGES_ANNOTATION] ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
  const ranges = sourceRanges !== undefined && sourceRanges.length > 0 ? sourceRanges : annotated;
  if (ranges.length === 0) return { reach: 'to every address: no loadBalancerSourceRanges', open: true };
  const everyone = ranges.filter((r) => OPEN.has(r));
  if (everyone.length > 0) return { reach: `to every address (source ranges include ${everyone.join(', ')})`, open: true };
  return { reach: `to source ranges ${ranges.join(', ')}`, open: false };
}

export default defineCheck({
  meta: {
    id: 'KF-N-001',
    name: 'service-exposed',
    title: 'Service exposed outside the cluster',
    area: 'network',
    severity: 'medium',
    description:
      'A NodePort Service listens on every node\'s address; a LoadBalancer Service gets a cloud load balancer, on the internet unless restricted; `externalIPs` make every node accept traffic for those addresses (and whoever can set them can intercept traffic to them, CVE-2020-8554). Each is an entry point that bypasses the Ingress or gateway where TLS, authentication and rate limits usually live. A LoadBalancer without `loadBalancerSourceRanges` (or with 0.0.0.0/0) is high; one restricted by source ranges, or made internal by a known cloud annotation, stays medium.',
    remediation:
      'Prefer `type: ClusterIP` behind an Ingress or Gateway. When a LoadBalancer is needed, restrict who can reach it:\n\n```yaml\nspec:\n  type: LoadBalancer\n  loadBalancerSourceRanges: ["203.0.113.0/24"]\n```\n\nor make it internal (e.g. `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`). Remove `externalIPs`, and block them cluster-wide with the DenyServiceExternalIPs admission plugin.',
    frameworks: [nsa('Network separation and hardening: network policies')],
    messages: {
      nodePort: 'NodePort Service opens {{ports}} on every node',
      loadBalancer: 'LoadBalancer Service exposes {{ports}} {{reach}}',
      externalIPs: 'Service accepts traffic for external IPs {{ips}} on every node ({{ports}})',
    },
    kinds: ['Service'],
  },
  run(inventory, { report }) {
    for (const resource of inventory.ofKind('Service')) {
      const service = inventory.read(resource, serviceShape);
      const spec = service?.spec;
      if (service === undefined || spec === undefined) continue;
      if (spec.type === 'NodePort') {
        report({ messageId: 'nodePort', data: { ports: describePorts(service, true) }, resource, path: ['spec', 'type'] });
      } else if (spec.type === 'LoadBalancer') {
        const { reach, open } = loadBalancerReach(spec.loadBalancerSourceRanges, inventory.read(resource, annotationsShape)?.metadata?.annotations ?? {});
        report({
          messageId: 'loadBalancer',
          data: { ports: describePorts(service, false), reach },
          resource,
          path: ['spec', 'type'],
          severity: open ? 'high' : undefined,
        });
      }
      if (spec.externalIPs !== undefined && spec.externalIPs.length > 0) {
        report({ messageId: 'externalIPs', data: { ips: spec.externalIPs.join(', '), ports: describePorts(service, false) }, resource, path: ['spec', 'externalIPs'] });
      }
    }
  },
});
