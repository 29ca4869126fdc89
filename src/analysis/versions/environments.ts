/**
 * The practice upgrades the test environment before production. Given environments in
 * promotion order (test first), find each later one that runs a newer version than an
 * earlier one: production is then the first to meet every regression.
 */
import { compareVersions, type KubeVersion } from './semver.js';

export interface EnvironmentVersion {
  readonly name: string;
  readonly version: KubeVersion;
}

export interface OrderViolation {
  /** The environment that should be upgraded first. */
  readonly earlier: EnvironmentVersion;
  /** The environment that is ahead of it. */
  readonly later: EnvironmentVersion;
}

export function promotionOrderViolations(environments: readonly EnvironmentVersion[]): OrderViolation[] {
  const violations: OrderViolation[] = [];
  for (let i = 0; i < environments.length; i++) {
    for (let j = i + 1; j < environments.length; j++) {
      const earlier = environments[i] as EnvironmentVersion;
      const later = environments[j] as EnvironmentVersion;
      if (compareVersions(later.version, earlier.version) > 0) violations.push({ earlier, later });
    }
  }
  return violations;
}
