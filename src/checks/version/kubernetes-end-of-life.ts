import { defineCheck } from '../../core/check.js';
import { supportState, versionData } from '../../analysis/versions/currency.js';
import { apiServerVersion, kubeletVersions, type FoundVersion } from '../../analysis/versions/discover.js';

/** Warn this many days before a minor's end of life: an upgrade takes planning. */
const WARN_DAYS = 60;

export default defineCheck({
  meta: {
    id: 'KF-V-001',
    name: 'kubernetes-end-of-life',
    title: 'Kubernetes minor version out of support',
    area: 'version',
    severity: 'critical',
    description:
      'A Kubernetes minor version gets patches for about 14 months. After its end of life, newly found vulnerabilities in the API server and kubelet are never fixed for it. Within the last 60 days, only critical fixes still arrive and the upgrade must already be planned.',
    remediation:
      'Upgrade one minor version at a time, control plane first, then the kubelets (kubeadm: `kubeadm upgrade plan`, then `kubeadm upgrade apply v1.X.Y`; managed clusters: the provider\'s upgrade). Upgrade the test environment before production.',
    frameworks: [],
    messages: {
      endOfLife: '{{component}} {{version}} ({{source}}) reached end of life on {{date}}, {{days}} days ago; supported minors are {{supported}}',
      nearEndOfLife: '{{component}} {{version}} ({{source}}) reaches end of life on {{date}}, in {{days}} days',
      ancient: '{{component}} {{version}} ({{source}}) is older than any release kubefort knows; it has been out of support for years',
      unknown: '{{component}} {{version}} ({{source}}) is newer than kubefort\'s release data (as of {{asOf}}); run `kubefort data update`',
    },
    kinds: ['Node', 'Pod'],
  },
  run(inventory, { report, options }) {
    const data = versionData(options.data);
    const supported = data.releases.filter((r) => r.endOfLife >= options.today).map((r) => r.minor).join(', ');
    const judge = (found: FoundVersion, component: string) => {
      const base = { component, version: found.version.raw, source: found.source };
      const state = supportState(found.version, data, options.today);
      const at = { resource: found.resource, path: found.path };
      switch (state.state) {
        case 'end-of-life':
          report({ ...at, messageId: 'endOfLife', data: { ...base, date: state.release.endOfLife, days: state.daysSinceEndOfLife, supported } });
          break;
        case 'ancient':
          report({ ...at, messageId: 'ancient', data: base });
          break;
        case 'maintenance':
        case 'supported':
          if (state.daysToEndOfLife <= WARN_DAYS) report({ ...at, messageId: 'nearEndOfLife', data: { ...base, date: state.release.endOfLife, days: state.daysToEndOfLife }, severity: 'high' });
          break;
        case 'unknown':
          report({ ...at, messageId: 'unknown', data: { ...base, asOf: data.asOf }, severity: 'info' });
          break;
      }
    };
    const apiserver = apiServerVersion(inventory);
    if (apiserver !== undefined) judge(apiserver, 'kube-apiserver');
    for (const kubelet of kubeletVersions(inventory)) judge(kubelet, 'kubelet');
  },
});
