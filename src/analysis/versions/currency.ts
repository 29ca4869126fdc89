/** Where a version stands against the release calendar and the CVE list. Pure functions of data and a date. */
import type { DataSets } from '../../core/check.js';
import { BUNDLED_VERSION_DATA, type KnownCve, type MinorRelease, type VersionData } from './data.js';
import { compareVersions, minorOf, parseKubeVersion, type KubeVersion } from './semver.js';

declare module '../../core/check.js' {
  interface DataSets {
    /** Release calendar and CVEs; the bundled data when absent. */
    versions?: VersionData;
  }
}

export function versionData(data: DataSets): VersionData {
  return data.versions ?? BUNDLED_VERSION_DATA;
}

export type SupportState =
  | { readonly state: 'supported'; readonly release: MinorRelease; readonly daysToEndOfLife: number }
  | { readonly state: 'maintenance'; readonly release: MinorRelease; readonly daysToEndOfLife: number }
  | { readonly state: 'end-of-life'; readonly release: MinorRelease; readonly daysSinceEndOfLife: number }
  /** Older than anything in the data: long out of support. */
  | { readonly state: 'ancient' }
  /** Newer than the data knows (a fresh release, or stale data). */
  | { readonly state: 'unknown' };

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

export function supportState(version: KubeVersion, data: VersionData, today: string): SupportState {
  const release = data.releases.find((r) => r.minor === minorOf(version));
  if (release === undefined) {
    const oldest = data.releases[0];
    const oldestVersion = oldest === undefined ? undefined : parseKubeVersion(oldest.minor);
    return oldestVersion !== undefined && compareVersions(version, oldestVersion) < 0 ? { state: 'ancient' } : { state: 'unknown' };
  }
  if (today > release.endOfLife) return { state: 'end-of-life', release, daysSinceEndOfLife: days(release.endOfLife, today) };
  const daysToEndOfLife = days(today, release.endOfLife);
  return today > release.endOfStandardSupport ? { state: 'maintenance', release, daysToEndOfLife } : { state: 'supported', release, daysToEndOfLife };
}

/** How many patch releases of its own minor the version is behind. */
export function patchLag(version: KubeVersion, data: VersionData): { latest: string; behind: number } | undefined {
  const release = data.releases.find((r) => r.minor === minorOf(version));
  const latest = release === undefined ? undefined : parseKubeVersion(release.latestPatch);
  if (release === undefined || latest === undefined) return undefined;
  return { latest: release.latestPatch, behind: Math.max(0, latest.patch - version.patch) };
}

/** CVEs of a component whose affected ranges contain the version. */
export function cvesAffecting(version: KubeVersion, component: KnownCve['component'], data: VersionData): KnownCve[] {
  return data.cves.filter(
    (cve) =>
      cve.component === component &&
      cve.affected.some((range) => {
        const introduced = parseKubeVersion(range.introduced);
        const fixed = range.fixed === undefined ? undefined : parseKubeVersion(range.fixed);
        return introduced !== undefined && compareVersions(version, introduced) >= 0 && (fixed === undefined || compareVersions(version, fixed) < 0);
      }),
  );
}

/** The first fixed version at or above `version` for a CVE, to say what to upgrade to. */
export function fixedIn(cve: KnownCve, version: KubeVersion): string | undefined {
  const fixes = cve.affected
    .map((r) => (r.fixed === undefined ? undefined : parseKubeVersion(r.fixed)))
    .filter((v): v is KubeVersion => v !== undefined && compareVersions(v, version) > 0)
    .sort(compareVersions);
  return fixes[0] === undefined ? undefined : `${fixes[0].major}.${fixes[0].minor}.${fixes[0].patch}`;
}

/**
 * Kubernetes version skew policy: the kubelet may be up to three minors older than the
 * API server (since 1.28; two before) and never newer.
 */
export function kubeletSkew(apiserver: KubeVersion, kubelet: KubeVersion): { allowed: boolean; minorsBehind: number } {
  const minorsBehind = (apiserver.major - kubelet.major) * 100 + apiserver.minor - kubelet.minor;
  const maxBehind = apiserver.major === 1 && apiserver.minor < 28 ? 2 : 3;
  return { allowed: minorsBehind >= 0 && minorsBehind <= maxBehind, minorsBehind };
}
