import { expect, it } from 'vitest';
import { promotionOrderViolations } from '../../../src/analysis/versions/environments.js';
import { parseKubeVersion, type KubeVersion } from '../../../src/analysis/versions/semver.js';

const v = (raw: string) => parseKubeVersion(raw) as KubeVersion;

it('flags production running ahead of staging, in promotion order', () => {
  const violations = promotionOrderViolations([
    { name: 'dev', version: v('v1.37.1') },
    { name: 'staging', version: v('v1.36.2') },
    { name: 'prod', version: v('v1.36.4-gke.100') },
  ]);
  expect(violations.map((x) => `${x.later.name}>${x.earlier.name}`)).toEqual(['prod>staging']);
});

it('parses platform suffixes', () => {
  expect(v('v1.30.4-eks-a737599')).toMatchObject({ major: 1, minor: 30, patch: 4, suffix: 'eks-a737599' });
  expect(v('v1.29.1+k3s1')).toMatchObject({ minor: 29, patch: 1, suffix: 'k3s1' });
  expect(parseKubeVersion('latest')).toBeUndefined();
});
