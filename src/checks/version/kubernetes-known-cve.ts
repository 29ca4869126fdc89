import { defineCheck } from '../../core/check.js';
import { cvesAffecting, fixedIn, versionData } from '../../analysis/versions/currency.js';
import { apiServerVersion, kubeletVersions, type FoundVersion } from '../../analysis/versions/discover.js';
import type { KnownCve } from '../../analysis/versions/data.js';

export default defineCheck({
  meta: {
    id: 'KF-V-003',
    name: 'kubernetes-known-cve',
    title: 'Known vulnerability in a Kubernetes component',
    area: 'version',
    severity: 'high',
    description:
      'The running version of the API server or a kubelet is in the affected range of a published Kubernetes CVE. The data comes from the official Kubernetes CVE feed and is bundled, dated, and refreshed with `kubefort data update`.',
    remediation: 'Upgrade the component to the fixed version named in the finding (or a later patch); apply the mitigation listed in the advisory until then.',
    frameworks: [],
    messages: {
      affected: '{{component}} {{version}} ({{source}}) is affected by {{cve}}: {{title}}; fixed in {{fixed}}{{mitigation}}',
    },
    kinds: ['Node', 'Pod'],
  },
  run(inventory, { report, options }) {
    const data = versionData(options.data);
    const judge = (found: FoundVersion, component: KnownCve['component']) => {
      for (const cve of cvesAffecting(found.version, component, data)) {
        report({
          messageId: 'affected',
          data: {
            component,
            version: found.version.raw,
            source: found.source,
            cve: cve.id,
            title: cve.title,
            fixed: fixedIn(cve, found.version) ?? 'no release yet',
            mitigation: cve.mitigation === undefined ? '' : `; mitigation: ${cve.mitigation}`,
          },
          resource: found.resource,
          path: found.path,
          severity: cve.severity,
          key: cve.id,
        });
      }
    };
    const apiserver = apiServerVersion(inventory);
    if (apiserver !== undefined) judge(apiserver, 'kube-apiserver');
    for (const kubelet of kubeletVersions(inventory)) judge(kubelet, 'kubelet');
  },
});
