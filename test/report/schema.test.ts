/**
 * The JSON output is a contract: schema/scan-result.v1alpha1.json and
 * schema/check-catalogue.v1alpha1.json describe it, docs/output-formats.md
 * explains it, and these tests keep the three in step with the code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { catalogue } from '../../src/cli/checks.js';
import { AREAS } from '../../src/core/area.js';
import { ERRORS } from '../../src/core/errors.js';
import type { ScanResult } from '../../src/core/finding.js';
import { FRAMEWORKS } from '../../src/core/framework.js';
import { liveResource, type Resource } from '../../src/core/resource.js';
import { SEVERITIES } from '../../src/core/severity.js';
import { scanResources } from '../../src/engine/scan.js';
import { parseExceptions } from '../../src/engine/suppressions.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/report/formatter.js';
import { formatJson } from '../../src/report/json.js';
import { formatYaml } from '../../src/report/yaml.js';
import { parseManifests } from '../../src/sources/manifests.js';
import { createAjv } from './ajv.js';
import { EMPTY, FULL } from './fixtures.js';

interface SchemaNode {
  enum?: string[];
  required?: string[];
  pattern?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}
interface JsonSchema {
  $id: string;
  $defs: Record<string, SchemaNode>;
  properties: Record<string, SchemaNode>;
}
const load = (name: string) => JSON.parse(readFileSync(new URL(`../../schema/${name}`, import.meta.url), 'utf8')) as JsonSchema;
const scanResultSchema = load('scan-result.v1alpha1.json');
const catalogueSchema = load('check-catalogue.v1alpha1.json');
const ajv = createAjv();
const validateScanResult = ajv.compile(scanResultSchema);
const validateCatalogue = ajv.compile(catalogueSchema);
const problems = (validate: typeof validateScanResult, value: unknown) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));

const FILES: Record<string, string> = {
  'deploy/web app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    metadata:
      annotations:
        kubefort.io/ignore: privileged-container
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
  annotations:
    kubefort.io/ignore: KF-W-001
    kubefort.io/ignore-reason: "break-glass <&>\\"'|"
    kubefort.io/ignore-until: "2099-12-31"
spec:
  containers:
    - name: shell
      image: busybox
      securityContext: {privileged: true}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
---
- just
- a list
---
key: [unclosed
`,
  'charts/ünï cødé/rendered.yaml': `---
# Source: mychart/templates/job.yaml
apiVersion: batch/v1
kind: Job
metadata: {name: batch, namespace: ops}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - {name: batch, image: "registry.example/batch@sha256:${'a'.repeat(64)}", securityContext: {privileged: true}}
---
# Source: mychart/templates/rbac.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "ci:deployer"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: ci, namespace: ci}]
`,
  'list.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'no-namespace' }, spec: { hostPID: true, containers: [{ name: 'c', image: 'nginx' }] } }] }),
};

const EXCEPTIONS = parseExceptions('exceptions.yaml', {
  kind: 'Exceptions',
  exceptions: [
    { checks: ['*'], match: { kind: 'Job', namespace: 'ops' }, reason: 'node agent', owner: 'platform-team' },
    { checks: ['*'], match: { kind: 'ClusterRoleBinding', name: 'ci:*' }, reason: 'migration', expires: '2025-01-31' },
  ],
});

/** A scan of the fixtures with every registered check: real engine output, every optional field exercised. */
function scanFixtures(): ScanResult {
  const resources: Resource[] = [];
  const errors = [];
  for (const [file, text] of Object.entries(FILES)) {
    const load = parseManifests(file, text);
    resources.push(...load.resources);
    errors.push(...load.errors);
  }
  resources.push(
    liveResource({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }, 'prod-ctx'),
    liveResource({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'live', namespace: 'team-a' }, spec: { containers: [{ name: 'c', image: 'nginx', securityContext: { privileged: true } }] } }, 'prod-ctx'),
  );
  return scanResources(resources, errors, { type: 'manifests', paths: Object.keys(FILES) }, { exceptions: EXCEPTIONS, today: '2026-03-01' });
}

describe('schema/scan-result.v1alpha1.json', () => {
  const scanned = scanFixtures();
  const json = JSON.parse(formatJson(scanned, DEFAULT_FORMAT_OPTIONS)) as ScanResult;

  it('the fixture scan exercises the optional parts of the contract', () => {
    const all = [...json.findings, ...json.suppressed];
    expect(all.some((f) => f.location.file === undefined && f.location.cluster === 'prod-ctx')).toBe(true);
    expect(all.some((f) => f.resource.namespace === undefined)).toBe(true);
    expect(all.some((f) => f.location.template === 'mychart/templates/job.yaml')).toBe(true);
    expect(all.some((f) => f.location.line !== undefined && f.location.column !== undefined)).toBe(true);
    expect(json.suppressed.some((f) => f.suppression?.kind === 'annotation' && f.suppression.expires === '2099-12-31')).toBe(true);
    expect(json.suppressed.some((f) => f.suppression?.kind === 'exception' && f.suppression.owner === 'platform-team')).toBe(true);
    expect(json.findings.some((f) => f.expiredSuppression?.expires === '2025-01-31')).toBe(true);
    expect(new Set(json.errors.map((e) => e.code))).toEqual(new Set(['KF_ERR_BAD_ANNOTATION', 'KF_ERR_NOT_AN_OBJECT', 'KF_ERR_YAML_PARSE', 'KF_WARN_UNKNOWN_KIND']));
    expect(json.findings.length).toBeGreaterThan(3);
  });

  it('validates the JSON output of a real scan', () => {
    expect(problems(validateScanResult, json)).toEqual([]);
  });

  it('validates the YAML output read back', () => {
    expect(problems(validateScanResult, parseYaml(formatYaml(scanned, DEFAULT_FORMAT_OPTIONS)))).toEqual([]);
  });

  it('validates the hand-built edge cases and an empty result', () => {
    for (const result of [FULL, EMPTY]) expect(problems(validateScanResult, JSON.parse(formatJson(result, DEFAULT_FORMAT_OPTIONS)))).toEqual([]);
  });

  it('has a summary that agrees with the lists', () => {
    const { summary } = json;
    expect(summary.findings).toBe(json.findings.length);
    expect(summary.suppressed).toBe(json.suppressed.length);
    expect(summary.errors).toBe(json.errors.filter((e) => e.level === 'error').length);
    expect(summary.warnings).toBe(json.errors.filter((e) => e.level === 'warning').length);
    expect(Object.values(summary.bySeverity).reduce((a, b) => a + b, 0)).toBe(json.findings.length);
    expect(Object.values(summary.byArea).reduce((a, b) => a + b, 0)).toBe(json.findings.length);
  });

  it.each([
    ['an unknown severity', (r: Record<string, unknown>) => ((r.findings as Record<string, unknown>[])[0]!.severity = 'urgent')],
    ['an unknown top-level field', (r: Record<string, unknown>) => (r.extra = true)],
    ['a finding without fingerprint', (r: Record<string, unknown>) => delete (r.findings as Record<string, unknown>[])[0]!.fingerprint],
    ['a made-up line 0', (r: Record<string, unknown>) => (((r.findings as Record<string, unknown>[])[0]!.location as Record<string, unknown>).line = 0)],
    ['a column without a line', (r: Record<string, unknown>) => ((r.findings as Record<string, unknown>[])[0]!.location = { path: '', column: 3 })],
    ['a suppressed finding among findings', (r: Record<string, unknown>) => (r.findings as unknown[]).push((r.suppressed as unknown[])[0])],
    ['a suppressed entry without suppression', (r: Record<string, unknown>) => delete (r.suppressed as Record<string, unknown>[])[0]!.suppression],
    ['a warning code at error level', (r: Record<string, unknown>) => (r.errors as unknown[]).push({ code: 'KF_WARN_UNKNOWN_KIND', level: 'error', message: 'x' })],
    ['an area missing from byArea', (r: Record<string, unknown>) => delete ((r.summary as Record<string, unknown>).byArea as Record<string, unknown>).etcd],
    ['an unknown area in byArea', (r: Record<string, unknown>) => (((r.summary as Record<string, unknown>).byArea as Record<string, unknown>).misc = 0)],
    ['a start time that is not a date-time', (r: Record<string, unknown>) => (r.startedAt = 'yesterday')],
    ['an expiry that is not a date', (r: Record<string, unknown>) => (((r.suppressed as Record<string, unknown>[])[0]!.suppression as Record<string, unknown>).expires = '31/12/2099')],
  ])('rejects %s', (_, mutate) => {
    const copy = JSON.parse(formatJson(FULL, DEFAULT_FORMAT_OPTIONS)) as Record<string, unknown>;
    mutate(copy);
    expect(validateScanResult(copy)).toBe(false);
  });

  it('has the enums of the code', () => {
    expect(scanResultSchema.$defs.severity?.enum).toEqual([...SEVERITIES]);
    expect(scanResultSchema.$defs.area?.enum).toEqual([...AREAS]);
    expect(scanResultSchema.$defs.frameworkRef?.properties?.framework?.enum).toEqual([...FRAMEWORKS]);
    expect(scanResultSchema.$defs.summary?.properties?.bySeverity?.required).toEqual([...SEVERITIES]);
    expect(scanResultSchema.$defs.summary?.properties?.byArea?.required).toEqual([...AREAS]);
    const code = new RegExp(scanResultSchema.$defs.scanError?.properties?.code?.pattern ?? '(?!)');
    for (const [name, { level }] of Object.entries(ERRORS)) {
      expect(code.test(name), name).toBe(true);
      expect(name.startsWith('KF_WARN_') ? 'warning' : 'error', name).toBe(level);
    }
  });
});

describe('schema/check-catalogue.v1alpha1.json', () => {
  const data = JSON.parse(JSON.stringify(catalogue())) as { checks: { id: string; name: string }[] };

  it('validates what `kubefort checks -o json` prints', () => {
    expect(problems(validateCatalogue, data)).toEqual([]);
    expect(data.checks.length).toBeGreaterThan(0);
  });

  it('has unique ids and names (which the schema cannot say)', () => {
    expect(new Set(data.checks.map((c) => c.id)).size).toBe(data.checks.length);
    expect(new Set(data.checks.map((c) => c.name)).size).toBe(data.checks.length);
  });

  it('rejects a check with a missing remediation or a bad name', () => {
    const copy = structuredClone(data) as { checks: Record<string, unknown>[] };
    delete copy.checks[0]!.remediation;
    expect(validateCatalogue(copy)).toBe(false);
    const renamed = structuredClone(data) as { checks: Record<string, unknown>[] };
    renamed.checks[0]!.name = 'Privileged Container';
    expect(validateCatalogue(renamed)).toBe(false);
  });

  it('shares the enums of the scan result schema', () => {
    const check = catalogueSchema.$defs.check?.properties;
    expect(check?.area?.enum).toEqual([...AREAS]);
    expect(check?.severity?.enum).toEqual([...SEVERITIES]);
    expect(check?.frameworks?.items?.properties?.framework?.enum).toEqual([...FRAMEWORKS]);
  });
});

describe('docs/output-formats.md', () => {
  const doc = readFileSync(new URL('../../docs/output-formats.md', import.meta.url), 'utf8');

  it('documents every field of both schemas', () => {
    const names = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'properties' && typeof value === 'object' && value !== null) for (const name of Object.keys(value)) names.add(name);
          walk(value);
        }
      }
    };
    walk(scanResultSchema);
    walk(catalogueSchema);
    expect([...names].filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });

  it('names every registered output format', async () => {
    const { formatters } = await import('../../src/report/index.js');
    expect(Object.keys(formatters).filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });
});
