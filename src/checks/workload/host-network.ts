import { defineCheck } from '../../core/check.js';
import { cis, pssBaseline } from '../../core/framework.js';
import { allLabels } from './_util.js';

export default defineCheck({
  meta: {
    id: 'KF-W-004',
    name: 'host-network',
    title: 'Pod uses the host network namespace',
    area: 'workload',
    severity: 'high',
    description:
      "With `hostNetwork: true` the pod's containers use the node's network stack: they can bind any node port, sniff node traffic, reach services listening on localhost (kubelet, etcd on control-plane nodes, cloud metadata), and NetworkPolicies no longer isolate them.",
    remediation: 'Remove `hostNetwork` from the pod spec (the default is `false`) and expose the workload through a Service instead:\n\n```yaml\nspec:\n  hostNetwork: false\n```',
    frameworks: [cis('5.2.5'), pssBaseline('Host Namespaces')],
    messages: { hostNetwork: "the pod uses the host network: {{containers}} {{share}} the node's network stack, which NetworkPolicies do not isolate" },
    kinds: [],
  },
  run(inventory, { report }) {
    for (const pod of inventory.podSpecs()) {
      if (pod.spec.hostNetwork !== true) continue;
      report({ messageId: 'hostNetwork', data: { containers: allLabels(pod), share: pod.containers.length === 1 ? 'shares' : 'share' }, resource: pod.resource, path: [...pod.specPath, 'hostNetwork'] });
    }
  },
});
