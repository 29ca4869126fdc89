import type { CheckOptions } from '../../core/check.js';
import { defineCheck } from '../../core/check.js';
import type { Inventory } from '../../core/inventory.js';
import type { JsonPath } from '../../core/path.js';
import { arr, obj, record, str } from '../../core/shape.js';
import type { PodSpecView } from '../../core/workloads.js';

const metadataShape = obj({ metadata: obj({ labels: record(str), annotations: record(str) }) });
const requirement = obj({ key: str, operator: str, values: arr(str) });
const affinityShape = obj({
  nodeAffinity: obj({ requiredDuringSchedulingIgnoredDuringExecution: obj({ nodeSelectorTerms: arr(obj({ matchExpressions: arr(requirement), matchFields: arr(requirement) })) }) }),
});

/** Node labels every node (or every node of a zone) carries: selecting on them does not dedicate nodes. */
const GENERIC_NODE_LABELS = new Set([
  'kubernetes.io/os', 'kubernetes.io/arch', 'beta.kubernetes.io/os', 'beta.kubernetes.io/arch',
  'topology.kubernetes.io/zone', 'topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region', 'node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type',
]);

/** Why a workload is sensitive, or undefined. */
function sensitivity(inventory: Inventory, pod: PodSpecView, options: CheckOptions): string | undefined {
  const key = options.sensitiveLabel;
  const namespace = pod.resource.ref.namespace;
  if (namespace !== undefined && options.sensitiveNamespaces.includes(namespace)) return `namespace "${namespace}" is listed as sensitive`;
  const marked = (meta: { labels?: Readonly<Record<string, string>>; annotations?: Readonly<Record<string, string>> } | undefined) =>
    meta?.labels?.[key] === 'true' || meta?.annotations?.[key] === 'true';
  const ns = namespace === undefined ? undefined : inventory.get('Namespace', undefined, namespace);
  if (ns !== undefined && marked(inventory.read(ns, metadataShape)?.metadata)) return `Namespace "${namespace}" is marked ${key}=true`;
  if (marked(inventory.read(pod.resource, metadataShape)?.metadata)) return `the workload is marked ${key}=true`;
  if (marked(pod.podMeta)) return `its pod template is marked ${key}=true`;
  return undefined;
}

/** True when a required node-affinity term or nodeSelector restricts the pod to a chosen set of nodes. */
function pinned(inventory: Inventory, pod: PodSpecView): boolean {
  const { spec } = pod;
  if (spec.nodeName !== undefined && spec.nodeName !== '') return true;
  if (Object.keys(spec.nodeSelector ?? {}).some((k) => !GENERIC_NODE_LABELS.has(k))) return true;
  const terms = inventory.read(pod.resource, affinityShape, [...pod.specPath, 'affinity'])?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  // Terms are ORed: every term must pin, else the pod may go wherever the loosest term allows.
  return (
    terms.length > 0 &&
    terms.every(
      (t) =>
        (t.matchFields ?? []).some((f) => f.operator === 'In') ||
        (t.matchExpressions ?? []).some((e) => e.key !== undefined && !GENERIC_NODE_LABELS.has(e.key) && (e.operator === 'In' || e.operator === 'Exists')),
    )
  );
}

export default defineCheck({
  meta: {
    id: 'KF-W-028',
    name: 'sensitive-workload-isolation',
    title: 'Sensitive workload not pinned to dedicated nodes',
    area: 'workload',
    severity: 'medium',
    description:
      'Pods on one node share its kernel, kubelet credentials and host network: a container escape in any pod reaches every other pod on that node. Sensitive workloads (payment, secrets management, control-plane add-ons) belong on nodes that run nothing else. A workload is sensitive when its namespace is in the `sensitiveNamespaces` option (default: kube-system), or when the Namespace object, the workload or its pod template carries the label (or annotation) named by the `sensitiveLabel` option (default `kubefort.io/sensitive`) with value `"true"`. It passes when it is pinned: `nodeName`, a `nodeSelector`, or a required node affinity (every term) on a label other than generic ones such as `kubernetes.io/os` or the zone. DaemonSets run on every node by design and are not checked. Whether non-sensitive workloads tolerate the dedicated nodes\' taints is out of scope.',
    remediation:
      'Taint and label dedicated nodes, then pin the sensitive workload to them:\n\n```sh\nkubectl taint nodes <node> dedicated=payments:NoSchedule\nkubectl label nodes <node> dedicated=payments\n```\n\n```yaml\nspec:\n  nodeSelector:\n    dedicated: payments\n  tolerations:\n    - {key: dedicated, operator: Equal, value: payments, effect: NoSchedule}\n```',
    frameworks: [],
    messages: {
      notPinned: 'sensitive workload ({{why}}) can run on any node: {{detail}}',
    },
    kinds: ['Namespace'],
  },
  run(inventory, { report, options }) {
    for (const pod of inventory.podSpecs()) {
      if (pod.resource.ref.kind === 'DaemonSet') continue;
      const why = sensitivity(inventory, pod, options);
      if (why === undefined || pinned(inventory, pod)) continue;
      const generic = Object.keys(pod.spec.nodeSelector ?? {});
      const detail =
        generic.length > 0
          ? `its nodeSelector names only labels every node carries (${generic.join(', ')})`
          : 'no nodeSelector or required node affinity selects dedicated nodes';
      const path: JsonPath = generic.length > 0 ? [...pod.specPath, 'nodeSelector'] : pod.specPath;
      report({ messageId: 'notPinned', data: { why, detail }, resource: pod.resource, path });
    }
  },
});
