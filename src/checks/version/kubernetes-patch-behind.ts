import { defineCheck } from '../../core/check.js';
import { patchLag, versionData } from '../../analysis/versions/currency.js';
import { apiServerVersion, kubeletVersions, type FoundVersion } from '../../analysis/versions/discover.js';

export default defineCheck({
  meta: {
    id: 'KF-V-002',
    name: 'kubernetes-patch-behind',
    title: 'Kubernetes patch releases not applied',
    area: 'version',
    severity: 'medium',
    description:
      'Patch releases of a supported minor carry security and bug fixes and no API changes; there is little reason to run anything but the latest patch. Three or more patches behind usually means a missed security fix.',
    remediation: 'Apply the latest patch of the minor in use (kubeadm: `kubeadm upgrade apply v1.X.<latest>`, then upgrade each node\'s kubelet package and restart it).',
    frameworks: [],
    messages: {
      behind: '{{component}} {{version}} ({{source}}) is {{behind}} patch release(s) behind {{latest}}',
    },
    kinds: ['Node', 'Pod'],
  },
  run(inventory, { report, options }) {
    const data = versionData(options.data);
    const judge = (found: FoundVersion, component: string) => {
      const lag = patchLag(found.version, data);
      if (lag === undefined || lag.behind === 0) return;
      report({
        messageId: 'behind',
        data: { component, version: found.version.raw, source: found.source, behind: lag.behind, latest: lag.latest },
        resource: found.resource,
        path: found.path,
        ...(lag.behind >= 3 ? { severity: 'high' as const } : {}),
      });
    };
    const apiserver = apiServerVersion(inventory);
    if (apiserver !== undefined) judge(apiserver, 'kube-apiserver');
    for (const kubelet of kubeletVersions(inventory)) judge(kubelet, 'kubelet');
  },
});
