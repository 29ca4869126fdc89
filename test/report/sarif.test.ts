import { readFileSync } from 'node:fs';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import type { Finding, ScanResult } from '../../src/core/finding.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/report/formatter.js';
import { formatters } from '../../src/report/index.js';
import { artifactLocation, createSarifFormatter, formatSarif, SECURITY_SEVERITY, SRCROOT } from '../../src/report/sarif.js';
import { createAjv } from './ajv.js';
import { CATALOGUE, CWD, EMPTY, FULL, findMeta, NASTY, privilegedWeb } from './fixtures.js';
import { multitoolSchemaPath, validateSarif, type MultitoolReport } from './sarif-multitool.js';

const format = createSarifFormatter({ cwd: CWD, findMeta });
const fullText = format(FULL, DEFAULT_FORMAT_OPTIONS);
const full = JSON.parse(fullText) as Sarif.Log;
const run = full.runs[0] as Sarif.Run;
const results = run.results as Sarif.Result[];
const resultFor = (fingerprint: string): Sarif.Result => {
  const found = results.find((r) => r.partialFingerprints?.['kubefort/v1'] === fingerprint);
  if (found === undefined) throw new Error(`no result with fingerprint ${fingerprint}`);
  return found;
};

/** Checks neither the catalogue nor the registry knows (e.g. node benchmark controls): rules come from findings, or are minimal. */
const stray: Finding = { ...privilegedWeb, checkId: 'KF-X-999', checkName: 'stray-check', title: 'Stray', fingerprint: 'ffffffffffffffff' };
const STRAY: ScanResult = { ...EMPTY, findings: [stray, { ...stray, checkId: 'CIS-9.9', checkName: 'cis-9.9', fingerprint: 'eeeeeeeeeeeeeeee' }], checks: ['KF-X-000'] };

describe('SARIF validity', () => {
  let reports: Record<'full' | 'empty' | 'registry' | 'stray' | 'broken' | 'badEnum', MultitoolReport>;
  const mutate = (change: (log: { runs: { results: unknown[] }[] }) => void): string => {
    const copy = structuredClone(full) as unknown as { runs: { results: unknown[] }[] };
    change(copy);
    return JSON.stringify(copy);
  };
  beforeAll(() => {
    reports = validateSarif({
      full: fullText,
      empty: format(EMPTY, DEFAULT_FORMAT_OPTIONS),
      registry: formatSarif({ ...FULL, checks: allChecks.map((c) => c.meta.id) }, DEFAULT_FORMAT_OPTIONS),
      stray: format(STRAY, DEFAULT_FORMAT_OPTIONS),
      broken: mutate((log) => {
        (log.runs[0] as { results: unknown[] }).results[0] = {
          ruleId: 'KF-W-001',
          message: { text: 'x.' },
          bogus: true,
          locations: [{ physicalLocation: { artifactLocation: { uri: 'a b.yaml', uriBaseId: SRCROOT }, region: { startLine: 0 } } }],
        };
      }),
      badEnum: mutate((log) => {
        (log.runs[0] as { results: { level: string }[] }).results[0] = { ...(results[0] as object), level: 'fatal' };
      }),
    });
  }, 180_000);

  it('passes the SARIF Multitool (schema, SARIF rules, GitHub ingestion rules) with no error', () => {
    for (const name of ['full', 'empty', 'registry', 'stray'] as const) {
      expect(reports[name].analysed, `${name} was analysed`).toBe(true);
      expect(reports[name].toolErrors, name).toEqual([]);
      expect(reports[name].findings.filter((f) => f.level === 'error'), name).toEqual([]);
    }
  });

  it('has only the warning kubefort accepts by design: no region when the line is unknown (never a fake 1:1)', () => {
    const warnings = (name: keyof typeof reports) => reports[name].findings.filter((f) => f.level === 'warning').map((f) => `${f.rule} ${f.at}`);
    const noLine = results.findIndex((r) => r.locations?.[0]?.physicalLocation !== undefined && r.locations[0].physicalLocation.region === undefined);
    expect(noLine).toBeGreaterThanOrEqual(0);
    expect(warnings('full')).toEqual([`SARIF2017 runs[0].results[${noLine}].locations[0].physicalLocation`]);
    expect(warnings('empty')).toEqual([]);
    expect(warnings('stray')).toEqual([]);
    expect(warnings('registry')).toEqual([`SARIF2017 runs[0].results[${noLine}].locations[0].physicalLocation`]);
  });

  it('the validator does catch a broken log (the check is not vacuous)', () => {
    expect(reports.broken.analysed).toBe(true);
    expect(reports.broken.findings.filter((f) => f.level === 'error').map((f) => f.rule)).toEqual(expect.arrayContaining(['JSON1005', 'JSON1008', 'SARIF1002']));
  });

  it('knows the Multitool skips a log with an unknown enum value in silence, which ajv below catches', () => {
    expect(reports.badEnum.analysed).toBe(false);
    expect(reports.badEnum.findings).toEqual([]);
    const validate = createAjv({ strict: false }).compile(JSON.parse(readFileSync(multitoolSchemaPath(), 'utf8')) as object);
    expect(validate(JSON.parse(mutate((log) => ((log.runs[0] as { results: { level: string }[] }).results[0] = { ...(results[0] as object), level: 'fatal' }))))).toBe(false);
  });

  it('validates against the SARIF 2.1.0 JSON schema the Multitool ships, with ajv too', () => {
    const schema = JSON.parse(readFileSync(multitoolSchemaPath(), 'utf8')) as { title: string };
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    // strict off: the official schema itself trips ajv's strict-mode lints (e.g. `required` inside `anyOf`).
    const validate = createAjv({ strict: false }).compile(schema);
    for (const [name, log] of Object.entries({ full, empty: JSON.parse(format(EMPTY, DEFAULT_FORMAT_OPTIONS)) as unknown })) {
      expect(validate(log) ? [] : validate.errors, name).toEqual([]);
    }
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a b.yaml' } } }] }] }] })).toBe(false);
  });
});

describe('SARIF run and rules', () => {
  it('is one run of kubefort with version and information URI', () => {
    expect(full.version).toBe('2.1.0');
    expect(full.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'kubefort', version: '0.1.0', semanticVersion: '0.1.0', informationUri: 'https://github.com/kubefort/kubefort' });
  });

  it('has a rule with full metadata for every check that ran, findings or not, in order', () => {
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(FULL.checks);
    expect(rules[3]).toEqual({
      id: 'KF-S-001',
      name: 'image-tag-latest',
      shortDescription: { text: 'Image uses the latest tag.' },
      fullDescription: { text: 'A moving tag makes deployments unreproducible.' },
      help: {
        text: 'A moving tag makes deployments unreproducible.\n\nHow to fix: Pin the image by digest.',
        markdown: 'A moving tag makes deployments unreproducible.\n\n**How to fix**\n\nPin the image by digest.',
      },
      defaultConfiguration: { level: 'note' },
      properties: { tags: ['security', 'kubernetes', 'supply-chain'], precision: 'very-high', 'security-severity': '3.0', severity: 'low', area: 'supply-chain', frameworks: [] },
    });
    expect(rules[0]?.properties?.tags).toEqual(['security', 'kubernetes', 'workload', 'cis-1.12', 'pss-baseline', 'nsa-cisa']);
    expect(rules[0]?.help?.markdown).toContain('**How to fix**\n\nRemove `privileged: true`');
    expect(rules[0]?.help?.markdown).toContain('- CIS Kubernetes Benchmark v1.12: 5.2.2');
  });

  it('maps severities to levels and GitHub security-severity scores', () => {
    expect(SECURITY_SEVERITY).toEqual({ critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' });
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((r) => [r.id, r.defaultConfiguration?.level, r.properties?.['security-severity']])).toEqual([
      ['KF-W-001', 'error', '8.0'],
      ['KF-N-001', 'warning', '5.5'],
      ['KF-R-001', 'error', '8.0'],
      ['KF-S-001', 'note', '3.0'],
    ]);
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.level, r.properties?.severity])).toEqual([
      ['KF-W-001', 0, 'error', 'critical'],
      ['KF-W-001', 0, 'error', 'high'],
      ['KF-N-001', 1, 'warning', 'medium'],
      ['KF-R-001', 2, 'note', 'low'],
      ['KF-R-001', 2, 'error', 'high'],
      ['KF-W-001', 0, 'error', 'high'],
    ]);
  });

  it('takes rule metadata from the check registry by default', () => {
    const log = JSON.parse(formatSarif(EMPTY, DEFAULT_FORMAT_OPTIONS)) as Sarif.Log;
    const rule = log.runs[0]?.tool.driver.rules?.[0];
    expect(rule?.id).toBe('KF-W-001');
    expect(rule?.fullDescription?.text).toBe(CATALOGUE[0]?.description);
  });

  it('derives a rule from the findings of a check it does not know, and a minimal one without findings', () => {
    const log = JSON.parse(format(STRAY, DEFAULT_FORMAT_OPTIONS)) as Sarif.Log;
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    expect(rules.map((r) => [r.id, r.name, r.shortDescription?.text])).toEqual([
      ['KF-X-000', undefined, 'KF-X-000.'],
      ['KF-X-999', 'stray-check', 'Stray.'],
      ['CIS-9.9', undefined, 'Stray.'],
    ]);
    expect(rules[0]?.help).toEqual({ text: 'kubefort check KF-X-000.', markdown: 'kubefort check KF-X-000' });
    expect(rules[0]?.defaultConfiguration).toEqual({ level: 'note' });
    expect(log.runs[0]?.results?.[0]).toMatchObject({ ruleId: 'KF-X-999', ruleIndex: 1 });
  });
});

describe('SARIF results', () => {
  it('puts a file finding at a path relative to %SRCROOT%, URI-encoded, with the known line and column', () => {
    const r = resultFor('0123456789abcdef');
    expect(r.message.text).toBe(`prod/Deployment/web: container "app${NASTY}" runs privileged.`);
    expect(r.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'deploy/web%20app.yaml', uriBaseId: SRCROOT }, region: { startLine: 17, startColumn: 13 } },
        logicalLocations: [
          { name: 'web', fullyQualifiedName: 'prod/Deployment/web', kind: 'resource' },
          {
            name: 'spec.template.spec.containers[0].securityContext.privileged',
            fullyQualifiedName: 'prod/Deployment/web#spec.template.spec.containers[0].securityContext.privileged',
            kind: 'property',
          },
        ],
      },
    ]);
    expect(r.partialFingerprints).toEqual({ 'kubefort/v1': '0123456789abcdef' });
    expect(r.suppressions).toBeUndefined();
  });

  it('makes an absolute path inside the working directory relative, and gives no region without a line', () => {
    const r = resultFor('1111111111111111');
    expect(r.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'charts/%C3%BCn%C3%AF%20c%C3%B8d%C3%A9/rendered.yaml', uriBaseId: SRCROOT } });
    expect(r.locations?.[0]?.logicalLocations?.[0]).toEqual({ name: 'debug', fullyQualifiedName: 'Pod/debug', kind: 'resource' });
    expect(r.properties).toMatchObject({ helmTemplate: 'mychart/templates/pod.yaml', documentIndex: 2, jsonPath: 'spec.containers[0].securityContext.privileged' });
    expect(r.properties).not.toHaveProperty('file');
  });

  it('gives a live-cluster finding logical locations only', () => {
    const r = resultFor('2222222222222222');
    expect(r.locations).toEqual([{ logicalLocations: [{ name: 'team-a', fullyQualifiedName: 'Namespace/team-a', kind: 'resource' }] }]);
    expect(r.properties).toMatchObject({ cluster: 'prod-ctx', jsonPath: '' });
  });

  it('gives a file outside the working directory an absolute file URI, and a line without a column', () => {
    const r = resultFor('3333333333333333');
    expect(r.locations?.[0]?.physicalLocation).toEqual({ artifactLocation: { uri: 'file:///elsewhere/rbac.yaml' }, region: { startLine: 3 } });
    expect(r.suppressions).toBeUndefined();
    expect(r.properties?.expiredSuppression).toEqual({ kind: 'exception', reason: 'migration', expires: '2025-01-31', source: 'exceptions.yaml#exceptions[0]' });
  });

  it('keeps suppressed findings, with inSource (annotation) or external (exceptions file) suppressions', () => {
    expect(resultFor('4444444444444444').suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: `break-glass ${NASTY}`, properties: { source: 'ClusterRoleBinding/ops metadata.annotations["kubefort.io/ignore"]', expires: '2099-12-31' } },
    ]);
    const stdin = resultFor('5555555555555555');
    expect(stdin.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'node agent', properties: { source: 'exceptions.yaml#exceptions[1]', owner: 'platform-team' } }]);
    expect(stdin.locations?.[0]?.physicalLocation).toBeUndefined();
    expect(stdin.properties?.file).toBe('<stdin>');
  });

  it('never writes a fake 1:1 region', () => {
    const regions = results.map((r) => r.locations?.[0]?.physicalLocation?.region).filter((x) => x !== undefined);
    expect(regions).toEqual([{ startLine: 17, startColumn: 13 }, { startLine: 3 }, { startLine: 4, startColumn: 3 }]);
  });

  it('reports input problems as tool execution notifications described in the driver', () => {
    const invocation = run.invocations?.[0];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.startTimeUtc).toBe('2026-03-01T12:00:00.000Z');
    expect(invocation?.endTimeUtc).toBe('2026-03-01T12:00:00.042Z');
    const notes = invocation?.toolExecutionNotifications ?? [];
    expect(notes.map((n) => [n.descriptor?.id, n.descriptor?.index, n.level])).toEqual([
      ['KF_ERR_YAML_PARSE', 0, 'error'],
      ['KF_ERR_BAD_ANNOTATION', 1, 'error'],
      ['KF_ERR_CHECK_FAILED', 2, 'error'],
      ['KF_WARN_UNKNOWN_KIND', 3, 'warning'],
    ]);
    expect(notes[0]?.message.text).toBe(`bad indentation of a mapping entry ${NASTY} near "\u0001\u001b".`);
    expect(notes[0]?.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'deploy/broken.yaml', uriBaseId: SRCROOT }, region: { startLine: 5, startColumn: 3 } } }]);
    expect(notes[1]?.locations?.[0]?.logicalLocations).toEqual([{ fullyQualifiedName: 'prod/Deployment/web', kind: 'resource' }]);
    expect(notes[2]?.locations).toBeUndefined();
    expect(run.tool.driver.notifications?.map((n) => [n.id, n.name, n.defaultConfiguration?.level])).toEqual([
      ['KF_ERR_YAML_PARSE', 'YamlParse', 'error'],
      ['KF_ERR_BAD_ANNOTATION', 'BadAnnotation', 'error'],
      ['KF_ERR_CHECK_FAILED', 'CheckFailed', 'error'],
      ['KF_WARN_UNKNOWN_KIND', 'UnknownKind', 'warning'],
    ]);
  });

  it('declares %SRCROOT% as the working directory', () => {
    expect(run.originalUriBaseIds).toEqual({ [SRCROOT]: { uri: 'file:///work/repo/', description: { text: 'The directory kubefort was run in: relative artifact URIs are resolved against it.' } } });
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('writes an empty result as an empty results array (not a missing one), with the rules that ran', () => {
    const log = JSON.parse(format(EMPTY, DEFAULT_FORMAT_OPTIONS)) as Sarif.Log;
    const only = log.runs[0] as Sarif.Run;
    expect(only.results).toEqual([]);
    expect(only.tool.driver.rules?.map((r) => r.id)).toEqual(['KF-W-001']);
    expect(only.tool.driver.notifications).toBeUndefined();
    expect(only.invocations).toEqual([{ executionSuccessful: true, startTimeUtc: '2026-03-01T12:00:00.000Z', endTimeUtc: '2026-03-01T12:00:00.001Z' }]);
    expect(only.properties).toEqual({ target: 'cluster', context: 'kind-kind', summary: EMPTY.summary });
  });
});

describe('artifactLocation', () => {
  it.each([
    ['deploy/a.yaml', CWD, { uri: 'deploy/a.yaml', uriBaseId: SRCROOT }],
    ['./deploy/../a b.yaml', CWD, { uri: 'a%20b.yaml', uriBaseId: SRCROOT }],
    [`${CWD}/x#1?.yaml`, CWD, { uri: 'x%231%3F.yaml', uriBaseId: SRCROOT }],
    ['c:odd.yaml', CWD, { uri: 'c%3Aodd.yaml', uriBaseId: SRCROOT }],
    ['100%.yaml', CWD, { uri: '100%25.yaml', uriBaseId: SRCROOT }],
    ['../sibling/a.yaml', CWD, { uri: 'file:///work/sibling/a.yaml' }],
    ['/work/repository/a.yaml', CWD, { uri: 'file:///work/repository/a.yaml' }],
    ['..hidden/a.yaml', CWD, { uri: '..hidden/a.yaml', uriBaseId: SRCROOT }],
    ['deploy/a.yaml', undefined, { uri: 'deploy/a.yaml', uriBaseId: SRCROOT }],
    ['../a.yaml', undefined, { uri: '../a.yaml' }],
    ['/abs/ü.yaml', undefined, { uri: 'file:///abs/%C3%BC.yaml' }],
    ['<stdin>', CWD, undefined],
  ])('%s (cwd %s)', (file, cwd, expected) => {
    expect(artifactLocation(file, cwd)).toEqual(expected);
  });
});

describe('registered as an output format', () => {
  it('resolves paths against the process working directory', () => {
    const result: ScanResult = { ...EMPTY, findings: [{ ...privilegedWeb, location: { ...privilegedWeb.location, file: `${process.cwd()}/deploy/web app.yaml` } }] };
    const log = JSON.parse(formatters.sarif.format(result, DEFAULT_FORMAT_OPTIONS)) as Sarif.Log;
    expect(log.runs[0]?.results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation).toEqual({ uri: 'deploy/web%20app.yaml', uriBaseId: SRCROOT });
  });
});
