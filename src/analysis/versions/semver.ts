/** Kubernetes version strings: `v1.30.4`, `1.30.4-eks-a737599`, `v1.29.1+k3s1`, `v1.31.2-gke.1200000`. */
export interface KubeVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Platform suffix kept as a hint (`eks-a737599`, `k3s1`, `gke.1200000`). */
  readonly suffix?: string;
  readonly raw: string;
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+](.+))?$/;

export function parseKubeVersion(raw: string): KubeVersion | undefined {
  const m = VERSION.exec(raw.trim());
  if (m === null) return undefined;
  const version = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), raw };
  return m[4] === undefined ? version : { ...version, suffix: m[4] };
}

/** Compares major.minor.patch; suffixes do not order. */
export function compareVersions(a: Pick<KubeVersion, 'major' | 'minor' | 'patch'>, b: Pick<KubeVersion, 'major' | 'minor' | 'patch'>): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function minorOf(v: KubeVersion): string {
  return `${v.major}.${v.minor}`;
}

export function formatVersion(v: Pick<KubeVersion, 'major' | 'minor' | 'patch'>): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}
