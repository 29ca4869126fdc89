/**
 * Kubernetes release calendar and known CVEs of core components, bundled so that
 * kubefort works offline. `kubefort data update` can replace it with a newer file.
 *
 * Sources: the Kubernetes release pages (kubernetes/website data/releases/schedule.yaml
 * and eol.yaml: release date, start of maintenance mode, end of life) and the official
 * Kubernetes CVE feed with the affected/fixed versions of its advisories
 * (kubernetes-sigs/cve-feed-osv). Where sources differ by a day, the Kubernetes site's date is used.
 */
export interface MinorRelease {
  readonly minor: string; // '1.34'
  readonly released: string; // YYYY-MM-DD
  /** End of standard support: maintenance mode starts (critical fixes only). */
  readonly endOfStandardSupport: string;
  /** End of life: no more patches. */
  readonly endOfLife: string;
  /** Latest patch release as of `asOf`. */
  readonly latestPatch: string; // '1.34.11'
}

/** A CVE of a core component, with the ranges it affects. */
export interface KnownCve {
  readonly id: string;
  readonly title: string;
  readonly component: 'kube-apiserver' | 'kubelet' | 'kube-controller-manager' | 'kube-proxy';
  readonly severity: 'critical' | 'high' | 'medium' | 'low';
  /** Affected ranges: `introduced` (inclusive) up to `fixed` (exclusive); no `fixed` = unfixed in that line. */
  readonly affected: readonly { readonly introduced: string; readonly fixed?: string }[];
  readonly url: string;
  /** A mitigation when upgrading is not enough or not possible. */
  readonly mitigation?: string;
}

export interface VersionData {
  readonly asOf: string;
  readonly source: string;
  readonly releases: readonly MinorRelease[];
  readonly cves: readonly KnownCve[];
}

export const BUNDLED_VERSION_DATA: VersionData = {
  asOf: '2026-09-15',
  source: 'kubernetes.io release schedule and end-of-life data; official Kubernetes CVE feed / cve-feed-osv',
  releases: [
    { minor: '1.25', released: '2022-08-23', endOfStandardSupport: '2023-08-28', endOfLife: '2023-10-28', latestPatch: '1.25.16' },
    { minor: '1.26', released: '2022-12-09', endOfStandardSupport: '2023-12-28', endOfLife: '2024-02-28', latestPatch: '1.26.15' },
    { minor: '1.27', released: '2023-04-11', endOfStandardSupport: '2024-04-28', endOfLife: '2024-06-28', latestPatch: '1.27.16' },
    { minor: '1.28', released: '2023-08-15', endOfStandardSupport: '2024-08-28', endOfLife: '2024-10-22', latestPatch: '1.28.15' },
    { minor: '1.29', released: '2023-12-13', endOfStandardSupport: '2024-12-28', endOfLife: '2025-02-28', latestPatch: '1.29.15' },
    { minor: '1.30', released: '2024-04-17', endOfStandardSupport: '2025-04-28', endOfLife: '2025-07-15', latestPatch: '1.30.14' },
    { minor: '1.31', released: '2024-08-13', endOfStandardSupport: '2025-08-28', endOfLife: '2025-11-11', latestPatch: '1.31.14' },
    { minor: '1.32', released: '2024-12-11', endOfStandardSupport: '2025-12-28', endOfLife: '2026-02-28', latestPatch: '1.32.13' },
    { minor: '1.33', released: '2025-04-23', endOfStandardSupport: '2026-04-28', endOfLife: '2026-06-28', latestPatch: '1.33.13' },
    { minor: '1.34', released: '2025-08-27', endOfStandardSupport: '2026-08-27', endOfLife: '2026-10-27', latestPatch: '1.34.11' },
    { minor: '1.35', released: '2025-12-17', endOfStandardSupport: '2026-12-28', endOfLife: '2027-02-28', latestPatch: '1.35.8' },
    { minor: '1.36', released: '2026-04-22', endOfStandardSupport: '2027-04-28', endOfLife: '2027-06-28', latestPatch: '1.36.4' },
    { minor: '1.37', released: '2026-08-26', endOfStandardSupport: '2027-08-28', endOfLife: '2027-10-28', latestPatch: '1.37.1' },
  ],
  cves: [
    {
      id: 'CVE-2020-8554',
      title: 'Man in the middle using LoadBalancer or ExternalIPs',
      component: 'kube-apiserver',
      severity: 'medium',
      affected: [{ introduced: '1.0.0' }],
      url: 'https://github.com/kubernetes/kubernetes/issues/97076',
      mitigation: 'Enable the DenyServiceExternalIPs admission plugin and restrict who may patch services/status.',
    },
    {
      id: 'CVE-2021-25741',
      title: 'Symlink exchange can allow host filesystem access (subPath)',
      component: 'kubelet',
      severity: 'high',
      affected: [
        { introduced: '1.0.0', fixed: '1.19.15' },
        { introduced: '1.20.0', fixed: '1.20.11' },
        { introduced: '1.21.0', fixed: '1.21.5' },
        { introduced: '1.22.0', fixed: '1.22.2' },
      ],
      url: 'https://github.com/kubernetes/kubernetes/issues/104980',
    },
    {
      id: 'CVE-2022-3172',
      title: 'Aggregated API server can cause clients to be redirected (SSRF)',
      component: 'kube-apiserver',
      severity: 'medium',
      affected: [
        { introduced: '1.0.0', fixed: '1.22.14' },
        { introduced: '1.23.0', fixed: '1.23.11' },
        { introduced: '1.24.0', fixed: '1.24.5' },
        { introduced: '1.25.0', fixed: '1.25.1' },
      ],
      url: 'https://github.com/kubernetes/kubernetes/issues/112513',
    },
    {
      id: 'CVE-2023-5528',
      title: 'Insufficient input sanitization in in-tree storage plugin leads to privilege escalation on Windows nodes',
      component: 'kubelet',
      severity: 'high',
      affected: [
        { introduced: '1.0.0', fixed: '1.25.16' },
        { introduced: '1.26.0', fixed: '1.26.11' },
        { introduced: '1.27.0', fixed: '1.27.8' },
        { introduced: '1.28.0', fixed: '1.28.4' },
      ],
      url: 'https://github.com/kubernetes/kubernetes/issues/121879',
    },
    {
      id: 'CVE-2024-3177',
      title: 'Bypassing mountable secrets policy imposed by the ServiceAccount admission plugin',
      component: 'kube-apiserver',
      severity: 'low',
      affected: [
        { introduced: '1.0.0', fixed: '1.27.13' },
        { introduced: '1.28.0', fixed: '1.28.9' },
        { introduced: '1.29.0', fixed: '1.29.4' },
      ],
      url: 'https://github.com/kubernetes/kubernetes/issues/124336',
    },
    {
      id: 'CVE-2024-10220',
      title: 'Arbitrary command execution through gitRepo volume',
      component: 'kubelet',
      severity: 'high',
      affected: [
        { introduced: '1.0.0', fixed: '1.28.12' },
        { introduced: '1.29.0', fixed: '1.29.7' },
        { introduced: '1.30.0', fixed: '1.30.3' },
      ],
      url: 'https://github.com/kubernetes/kubernetes/issues/128885',
      mitigation: 'Forbid gitRepo volumes (deprecated) with an admission policy.',
    },
    {
      id: 'CVE-2025-0426',
      title: 'Node denial of service via the kubelet checkpoint API',
      component: 'kubelet',
      severity: 'medium',
      affected: [
        { introduced: '1.0.0', fixed: '1.29.14' },
        { introduced: '1.30.0', fixed: '1.30.10' },
        { introduced: '1.31.0', fixed: '1.31.6' },
        { introduced: '1.32.0', fixed: '1.32.2' },
      ],
      url: 'https://github.com/kubernetes/kubernetes/issues/130016',
      mitigation: 'Disable the kubelet read-only port and restrict access to the kubelet API (nodes/proxy).',
    },
  ],
};
