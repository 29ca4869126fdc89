import { defineCheck } from '../../core/check.js';
import { kubeletSkew } from '../../analysis/versions/currency.js';
import { apiServerVersion, kubeletVersions } from '../../analysis/versions/discover.js';

export default defineCheck({
  meta: {
    id: 'KF-V-004',
    name: 'kubelet-version-skew',
    title: 'Kubelet version outside the supported skew',
    area: 'version',
    severity: 'high',
    description:
      'The kubelet must not be newer than the API server and may lag it by at most three minor versions (two before Kubernetes 1.28). Outside that window the combination is untested, and an old kubelet misses the node-side security fixes of every release in between.',
    remediation: 'Upgrade the node: drain it (`kubectl drain NODE --ignore-daemonsets`), upgrade the kubelet package to the control plane\'s minor, restart the kubelet, uncordon.',
    frameworks: [],
    messages: {
      newer: 'kubelet {{kubelet}} on {{node}} is newer than the API server {{apiserver}}',
      tooOld: 'kubelet {{kubelet}} on {{node}} is {{behind}} minor versions behind the API server {{apiserver}} (at most {{max}} allowed)',
    },
    kinds: ['Node'],
  },
  run(inventory, { report }) {
    const apiserver = apiServerVersion(inventory);
    if (apiserver === undefined) return;
    for (const kubelet of kubeletVersions(inventory)) {
      const skew = kubeletSkew(apiserver.version, kubelet.version);
      if (skew.allowed) continue;
      const data = { kubelet: kubelet.version.raw, node: kubelet.resource.ref.name, apiserver: apiserver.version.raw, behind: skew.minorsBehind, max: apiserver.version.minor < 28 ? 2 : 3 };
      report({ messageId: skew.minorsBehind < 0 ? 'newer' : 'tooOld', data, resource: kubelet.resource, path: kubelet.path });
    }
  },
});
