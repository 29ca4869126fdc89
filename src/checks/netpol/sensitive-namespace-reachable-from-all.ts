import { defineCheck } from '../../core/check.js';
import { nsa } from '../../core/framework.js';
import { ConnSet, workloadExposure } from '../../analysis/netpol/index.js';
import { netpolEngine, workloadLocation } from './_util.js';

/** DNS must be reachable from everywhere: it is not an exposure. */
const DNS = ConnSet.ports('UDP', 53).union(ConnSet.ports('TCP', 53));

export default defineCheck({
  meta: {
    id: 'KF-N-015',
    name: 'sensitive-namespace-reachable-from-all',
    title: 'Sensitive namespace reachable from every namespace',
    area: 'network',
    severity: 'high',
    description:
      'Workloads of a sensitive namespace (kube-system, or one listed in the sensitive namespaces or labelled with the sensitive label) that accept connections from every pod of every namespace: either no ingress policy isolates them, or a rule allows all peers or `namespaceSelector: {}`. One compromised pod anywhere can then talk to control-plane add-ons, secret stores or payment systems. DNS (TCP and UDP 53) is not counted.',
    remediation:
      'Give the namespace a default deny for ingress and allow only the namespaces that need each workload, by name:\n\n```yaml\ningress:\n  - from:\n      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: payments-api}}\n```',
    frameworks: [nsa('Network separation and hardening: network policies')],
    messages: {
      reachable: '{{workload}} in sensitive namespace "{{namespace}}" accepts {{conns}} from every pod of every namespace{{why}}',
    },
    kinds: ['NetworkPolicy', 'Namespace'],
  },
  run(inventory, { report, options }) {
    const engine = netpolEngine(inventory);
    const sensitive = new Set(options.sensitiveNamespaces);
    for (const ns of engine.model.namespaces.values()) {
      const annotations = ns.resource?.object.metadata.annotations ?? {};
      if (ns.labels[options.sensitiveLabel] === 'true' || annotations[options.sensitiveLabel] === 'true') sensitive.add(ns.name);
    }
    for (const workload of engine.model.workloads) {
      if (!sensitive.has(workload.namespace)) continue;
      const exposure = workloadExposure(engine, workload);
      const conns = exposure.ingress.fromEntireCluster;
      if (conns.subtract(DNS).isEmpty) continue;
      const at = workloadLocation(engine, workload);
      report({
        messageId: 'reachable',
        data: { workload: workload.id, namespace: workload.namespace, conns: conns.toString(), why: exposure.ingress.isolated ? ' (a rule allows every namespace)' : ' (no ingress policy isolates it)' },
        resource: at.resource,
        path: at.path,
      });
    }
  },
});
