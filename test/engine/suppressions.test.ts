import { describe, expect, it } from 'vitest';
import { KubefortError } from '../../src/core/errors.js';
import { scanResources } from '../../src/engine/scan.js';
import { parseExceptions } from '../../src/engine/suppressions.js';
import { parseManifests } from '../../src/sources/manifests.js';
import privileged from '../../src/checks/workload/privileged-container.js';

const deployment = (annotations: string, templateAnnotations = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: agent
  namespace: monitoring
${annotations}
spec:
  template:
    metadata:
${templateAnnotations || '      labels: {app: agent}'}
    spec:
      containers:
        - name: agent
          image: agent:1.0
          securityContext:
            privileged: true
`;

function scan(yaml: string, options: Parameters<typeof scanResources>[3] = {}) {
  const load = parseManifests('s.yaml', yaml);
  return scanResources(load.resources, load.errors, { type: 'manifests' }, { checks: [privileged], today: '2026-06-01', ...options });
}

describe('inline suppression annotations', () => {
  it('suppresses by check id or name with a reason, and counts it', () => {
    for (const id of ['KF-W-001', 'privileged-container']) {
      const r = scan(deployment(`  annotations:\n    kubefort.io/ignore: "${id}"\n    kubefort.io/ignore-reason: needs raw devices`));
      expect(r.findings).toHaveLength(0);
      expect(r.suppressed).toHaveLength(1);
      expect(r.summary.suppressed).toBe(1);
      expect(r.suppressed[0]?.suppression).toMatchObject({ kind: 'annotation', reason: 'needs raw devices' });
    }
  });

  it('honours the annotation on the pod template as well', () => {
    const r = scan(deployment('', `      annotations:\n        kubefort.io/ignore: KF-W-001\n        kubefort.io/ignore-reason: vendor chart`));
    expect(r.findings).toHaveLength(0);
    expect(r.suppressed).toHaveLength(1);
  });

  it('refuses a suppression without a reason, reporting both the finding and the bad annotation', () => {
    const r = scan(deployment(`  annotations:\n    kubefort.io/ignore: KF-W-001`));
    expect(r.findings).toHaveLength(1);
    expect(r.errors.map((e) => e.code)).toEqual(['KF_ERR_BAD_ANNOTATION']);
    expect(r.errors[0]?.line).toBe(7);
  });

  it('brings an expired suppression back as a finding', () => {
    const r = scan(deployment(`  annotations:\n    kubefort.io/ignore: KF-W-001\n    kubefort.io/ignore-reason: temporary\n    kubefort.io/ignore-until: "2026-01-31"`));
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.expiredSuppression?.expires).toBe('2026-01-31');
    expect(r.findings[0]?.message).toContain('suppression expired 2026-01-31');
  });

  it('ignores annotations in strict mode', () => {
    const r = scan(deployment(`  annotations:\n    kubefort.io/ignore: KF-W-001\n    kubefort.io/ignore-reason: x`), { allowAnnotationSuppressions: false });
    expect(r.findings).toHaveLength(1);
  });
});

describe('exceptions file', () => {
  const rules = parseExceptions('exc.yaml', {
    apiVersion: 'kubefort.io/v1alpha1',
    kind: 'Exceptions',
    exceptions: [
      { checks: ['privileged-container'], match: { kind: 'Deployment', namespace: 'monitoring', name: 'age*' }, reason: 'node agent', owner: 'team-obs', expires: '2026-12-31' },
    ],
  });

  it('suppresses matching findings with reason and owner', () => {
    const r = scan(deployment(''), { exceptions: rules });
    expect(r.findings).toHaveLength(0);
    expect(r.suppressed[0]?.suppression).toMatchObject({ kind: 'exception', owner: 'team-obs', source: 'exc.yaml#exceptions[0]' });
  });

  it('does not match other namespaces', () => {
    const r = scan(deployment('').replace('namespace: monitoring', 'namespace: shop'), { exceptions: rules });
    expect(r.findings).toHaveLength(1);
  });

  it('expires', () => {
    const r = scan(deployment(''), { exceptions: rules, today: '2027-01-01' });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.expiredSuppression?.kind).toBe('exception');
  });

  it('rejects malformed files naming the entry and field', () => {
    const bad = (exceptions: unknown[]) => () => parseExceptions('e.yaml', { kind: 'Exceptions', exceptions });
    expect(bad([{ checks: ['x'], match: {} }])).toThrow(/exceptions\[0\]\.reason is required/);
    expect(bad([{ checks: ['x'], reason: 'r', expires: 'tomorrow' }])).toThrow(/exceptions\[0\]\.expires must be a date/);
    expect(bad([{ checks: ['x'], reason: 'r', colour: 'red' }])).toThrow(/exceptions\[0\]\.colour is not a known field/);
    expect(bad([{ checks: [], reason: 'r' }])).toThrow(KubefortError);
  });
});
