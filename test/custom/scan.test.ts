import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { loadCustomChecks } from '../../src/custom/index.js';
import { scanManifests } from '../../src/engine/scan.js';

it('a scan runs custom checks next to the built-in ones, and an admission policy in the inputs is evaluated', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kubefort-custom-scan-'));
  const checksDir = join(dir, 'checks');
  await mkdir(checksDir);
  await writeFile(
    join(checksDir, 'team.yaml'),
    `apiVersion: kubefort.io/v1alpha1
kind: CustomCheck
id: ACME-010
title: Pods name their team
area: general
severity: low
kinds: [Pod]
expression: has(object.metadata.labels) && 'team' in object.metadata.labels
message: no team label
remediation: Add a team label.
`,
  );
  const manifest = join(dir, 'all.yaml');
  await writeFile(
    manifest,
    `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: no-latest }
spec:
  matchConstraints:
    resourceRules:
      - { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"] }
  validations:
    - expression: object.spec.containers.all(c, !c.image.endsWith(':latest'))
      message: images must be pinned
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: no-latest }
spec: { policyName: no-latest, validationActions: [Deny] }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: default }
spec:
  containers: [{ name: a, image: "nginx:latest" }]
`,
  );
  const custom = await loadCustomChecks(checksDir, allChecks.map((c) => c.meta.id));
  const result = await scanManifests([manifest], { checks: [...allChecks, ...custom] });
  const ids = result.findings.map((f) => f.checkId);
  expect(ids).toContain('ACME-010');
  expect(ids).toContain('KF-G-010');
  expect(result.findings.find((f) => f.checkId === 'KF-G-010')?.message).toContain('images must be pinned');
  expect(result.errors.filter((e) => e.code === 'KF_WARN_UNKNOWN_KIND')).toEqual([]);
});
