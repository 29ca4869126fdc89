import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding, ScanResult } from '../../src/core/finding.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/report/formatter.js';
import { formatters } from '../../src/report/index.js';
import { formatJson } from '../../src/report/json.js';
import { formatYaml } from '../../src/report/yaml.js';
import { EMPTY, FULL, NASTY, privilegedWeb } from './fixtures.js';

/** Strings YAML 1.1 or 1.2 readers turn into something else when written plain. */
const TRICKY = ['on', 'no', 'y', '~', 'null', '2026-01-31', '2026-03-01T12:00:00Z', '0o17', '0x1F', '1e3', '08', '1_000', '.inf', ':colon', '- dash', '#hash', `${NASTY}`, '  lead', 'trail  ', ''];

const tricky: ScanResult = {
  ...EMPTY,
  findings: TRICKY.map(
    (s, i): Finding => ({
      ...privilegedWeb,
      message: s,
      remediation: `line one\n  indented ${s}\n\nlast\n`,
      resource: { ...privilegedWeb.resource, name: s },
      location: { ...privilegedWeb.location, file: `ünï cødé/${s}.yaml`, path: s },
      fingerprint: i.toString(16).padStart(16, '0'),
    }),
  ),
  errors: [{ code: 'KF_ERR_YAML_PARSE', level: 'error', message: `control \u0000\u0007\u001b\u007f\u0085\u009f bom \uFEFF lone \uD800 separators \u2028\u2029 non-characters \uFFFE\uFFFF tab\tcr\r\nend`, file: 'x.yaml' }],
};

describe('yaml', () => {
  it.each([
    ['full', FULL],
    ['empty', EMPTY],
    ['tricky strings', tricky],
  ])('%s: carries exactly the JSON data, in the same key order', (_, result) => {
    const json = formatJson(result, DEFAULT_FORMAT_OPTIONS);
    const yaml = formatYaml(result, DEFAULT_FORMAT_OPTIONS);
    expect(`${JSON.stringify(parse(yaml), null, 2)}\n`).toBe(json);
  });

  it('reads the same under YAML 1.1 (yaml 1.1 mode, js-yaml with timestamps)', () => {
    for (const result of [FULL, tricky]) {
      const expected = JSON.parse(formatJson(result, DEFAULT_FORMAT_OPTIONS)) as unknown;
      const yaml = formatYaml(result, DEFAULT_FORMAT_OPTIONS);
      expect(parse(yaml, { version: '1.1' })).toEqual(expected);
      expect(jsYaml.load(yaml)).toEqual(expected);
    }
  });

  it('writes only characters every YAML reader accepts raw (YAML 1.1 printable, no BOM, no NEL or line separators)', () => {
    for (const result of [FULL, tricky]) {
      const yaml = formatYaml(result, DEFAULT_FORMAT_OPTIONS);
      expect(yaml.match(/[^\n\u0020-\u007E\u00A0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]/gu) ?? []).toEqual([]);
    }
    expect(formatYaml(tricky, DEFAULT_FORMAT_OPTIONS)).toContain(
      'message: "control \\u0000\\u0007\\u001b\\u007F\\u0085\\u009F bom \\uFEFF lone \\ud800 separators \\u2028\\u2029 non-characters \\uFFFE\\uFFFF tab\\tcr\\r\\nend"',
    );
  });

  it('writes multi-line text as literal blocks and everything else double-quoted', () => {
    const yaml = formatYaml(FULL, DEFAULT_FORMAT_OPTIONS);
    expect(yaml).toContain(
      [
        '    remediation: |-',
        '      Remove `privileged: true`, and grant only the capabilities the process needs:',
        '',
        '      ```yaml',
        '      securityContext:',
      ].join('\n'),
    );
    expect(yaml).toContain('    message: "container \\"app<&>\\"\'|\\" runs privileged"');
  });

  it('writes an empty result', () => {
    expect(formatYaml(EMPTY, DEFAULT_FORMAT_OPTIONS)).toMatchInlineSnapshot(`
      "apiVersion: "kubefort.io/v1alpha1"
      kind: "ScanResult"
      tool:
        name: "kubefort"
        version: "0.1.0"
      startedAt: "2026-03-01T12:00:00.000Z"
      durationMs: 1
      target:
        type: "cluster"
        context: "kind-kind"
      summary:
        resources: 0
        findings: 0
        suppressed: 0
        errors: 0
        warnings: 0
        bySeverity:
          critical: 0
          high: 0
          medium: 0
          low: 0
          info: 0
        byArea:
          version: 0
          apiserver: 0
          rbac: 0
          kubelet: 0
          node: 0
          network: 0
          audit: 0
          etcd: 0
          workload: 0
          supply-chain: 0
          general: 0
      findings: []
      suppressed: []
      errors: []
      checks:
        - "KF-W-001"
      "
    `);
  });

  it('is registered as an output format', () => {
    expect(formatters.yaml.format(FULL, DEFAULT_FORMAT_OPTIONS)).toBe(formatYaml(FULL, DEFAULT_FORMAT_OPTIONS));
  });
});
