import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/report/formatter.js';
import { formatters } from '../../src/report/index.js';
import { cell, code, formatMarkdown } from '../../src/report/markdown.js';
import { EMPTY, FULL, NASTY, privilegedWeb } from './fixtures.js';

const withSuppressed = { ...DEFAULT_FORMAT_OPTIONS, showSuppressed: true };

/** Cells of a GFM table row: split on `|` not escaped by a backslash. */
function cells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** Every table in the text has rows with as many cells as its header. */
function tableShapes(md: string): string[] {
  const problems: string[] = [];
  let width: number | undefined;
  for (const line of md.split('\n')) {
    if (!line.startsWith('| ')) {
      width = undefined;
      continue;
    }
    const n = cells(line).length;
    if (width === undefined) width = n;
    else if (n !== width) problems.push(`${n} cells, header has ${width}: ${line}`);
  }
  return problems;
}

describe('markdown', () => {
  it('writes a summary by area and severity, a table per area, the fix once per check, and input problems', () => {
    expect(formatMarkdown(FULL, withSuppressed)).toMatchInlineSnapshot(`
      "# kubefort scan report

      4 findings in 9 objects (manifests) · 2 suppressed · 3 input errors · 1 warning · 4 checks · kubefort 0.1.0, 2026-03-01T12:00:00.000Z, 42 ms

      ## Summary

      | Area | Critical | High | Medium | Low | Info | Total |
      | --- | ---: | ---: | ---: | ---: | ---: | ---: |
      | RBAC least privilege | 0 | 0 | 0 | 1 | 0 | 1 |
      | Namespaces and NetworkPolicies | 0 | 0 | 1 | 0 | 0 | 1 |
      | Workload hardening | 1 | 1 | 0 | 0 | 0 | 2 |
      | **Total** | **1** | **1** | **1** | **1** | **0** | **4** |

      ## RBAC least privilege

      | Severity | Check | Object | Location | Message |
      | --- | --- | --- | --- | --- |
      | Low | KF-R-001 cluster-admin-binding | \`ClusterRoleBinding/ci:deployer\` | \`/elsewhere/rbac.yaml:3\`<br>\`roleRef.name\` | ci:deployer binds cluster-admin (suppression expired 2025-01-31) |
      | High | KF-R-001 cluster-admin-binding | \`ClusterRoleBinding/ops\` | \`rbac.yaml:4:3\`<br>\`roleRef.name\` | ops binds cluster-admin _(suppressed: break-glass &lt;&amp;&gt;"'\\|)_ |

      ### How to fix KF-R-001: Binding to cluster-admin

      Bind a narrower ClusterRole.

      | verb | resource |
      |---|---|
      | get | pods |

      ## Namespaces and NetworkPolicies

      | Severity | Check | Object | Location | Message |
      | --- | --- | --- | --- | --- |
      | Medium | KF-N-001 namespace-without-default-deny | \`Namespace/team-a\` | cluster \`prod-ctx\` | namespace team-a has no default-deny NetworkPolicy |

      ### How to fix KF-N-001: Namespace without a default-deny NetworkPolicy

      Add a NetworkPolicy with an empty \`podSelector\` and both policy types.

      ## Workload hardening

      | Severity | Check | Object | Location | Message |
      | --- | --- | --- | --- | --- |
      | Critical | KF-W-001 privileged-container | \`Pod/debug\` | \`/work/repo/charts/ünï cødé/rendered.yaml\`<br>\`spec.containers[0].securityContext.privileged\`<br>from \`mychart/templates/pod.yaml\` | container "shell" runs privileged |
      | High | KF-W-001 privileged-container | \`prod/Deployment/web\` | \`deploy/web app.yaml:17:13\`<br>\`spec.template.spec.containers[0].securityContext.privileged\` | container "app&lt;&amp;&gt;"'\\|" runs privileged |
      | High | KF-W-001 privileged-container | \`ops/Job/batch\` | \`<stdin>:9:11\`<br>\`spec.template.spec.containers[0].securityContext.privileged\` | container "batch" runs privileged _(suppressed: node agent)_ |

      ### How to fix KF-W-001: Privileged container

      Remove \`privileged: true\`, and grant only the capabilities the process needs:

      \`\`\`yaml
      securityContext:
        privileged: false
        capabilities:
          drop: ["ALL"]
      \`\`\`

      ## Input problems

      | Level | Code | Location | Object | Message |
      | --- | --- | --- | --- | --- |
      | error | \`KF_ERR_YAML_PARSE\` | \`deploy/broken.yaml:5:3\` (document 1) |  | bad indentation of a mapping entry &lt;&amp;&gt;"'\\| near "\\\\u0001\\\\u001B" |
      | error | \`KF_ERR_BAD_ANNOTATION\` | \`deploy/web app.yaml:6:5\` (document 0) | \`prod/Deployment/web\` | kubefort.io/ignore needs a kubefort.io/ignore-reason annotation; the suppression is not applied |
      | error | \`KF_ERR_CHECK_FAILED\` |  |  | check KF-N-001 (namespace-without-default-deny) failed: boom |
      | warning | \`KF_WARN_UNKNOWN_KIND\` | \`crds/widget.yaml\` |  | no check inspects kind Widget (2 objects) |
      "
    `);
  });

  it('lists suppressed findings only when asked (they are always counted)', () => {
    const md = formatMarkdown(FULL, DEFAULT_FORMAT_OPTIONS);
    expect(md).toContain('· 2 suppressed ·');
    expect(md).not.toContain('ClusterRoleBinding/ops');
    expect(md).not.toContain('ops/Job/batch');
    expect(md).toContain('`prod/Deployment/web`');
  });

  it('keeps every table row to its header width, whatever the data', () => {
    expect(tableShapes(formatMarkdown(FULL, withSuppressed))).toEqual([]);
    const awful = `a|b\\|c\n| x | y |\r\n\`code|\`${NASTY}`;
    const finding: Finding = { ...privilegedWeb, message: awful, checkName: awful, location: { ...privilegedWeb.location, file: awful, path: awful, template: awful } };
    const md = formatMarkdown({ ...EMPTY, findings: [finding], errors: [{ code: 'KF_ERR_READ', level: 'error', message: awful, file: awful, object: awful }] }, withSuppressed);
    expect(tableShapes(md)).toEqual([]);
  });

  it('writes an empty result as a short report', () => {
    expect(formatMarkdown(EMPTY, DEFAULT_FORMAT_OPTIONS)).toMatchInlineSnapshot(`
      "# kubefort scan report

      0 findings in 0 objects (cluster \`kind-kind\`) · 0 suppressed · 0 input errors · 0 warnings · 1 check · kubefort 0.1.0, 2026-03-01T12:00:00.000Z, 1 ms

      ## Summary

      No findings.
      "
    `);
  });

  it('the fix-first table says what is specific to each entry, shortened and escaped', () => {
    const entry = { fingerprint: privilegedWeb.fingerprint, checkId: 'KF-W-001', title: 'Privileged container', severity: 'high' as const, resource: privilegedWeb.resource, score: 25.2, reason: 'high severity; privileged container "app"' };
    const md = formatMarkdown({ ...FULL, fixFirst: [{ ...entry, message: privilegedWeb.message }, { ...entry, message: `Role "a | b" holds a primitive: ${'y '.repeat(80)}` }, entry] }, DEFAULT_FORMAT_OPTIONS);
    expect(md).toContain('| # | Risk | Check | Object | What | Why |');
    expect(md).toContain(`| 1 | 25.2 | KF-W-001 Privileged container | \`prod/Deployment/web\` | ${cell(privilegedWeb.message)} | high severity; privileged container "app" |`);
    expect(md).toContain('| 2 | 25.2 | KF-W-001 Privileged container | `prod/Deployment/web` | Role "a \\| b" holds a primitive… |');
    // written before entries had a message
    expect(md).toContain('| 3 | 25.2 | KF-W-001 Privileged container | `prod/Deployment/web` |  | high severity;');
    expect(tableShapes(md)).toEqual([]);
  });

  it('is registered as an output format', () => {
    expect(formatters.markdown.format(EMPTY, DEFAULT_FORMAT_OPTIONS)).toBe(formatMarkdown(EMPTY, DEFAULT_FORMAT_OPTIONS));
  });
});

describe('markdown escaping', () => {
  it.each([
    ['pipes and markup', NASTY, `&lt;&amp;&gt;"'\\|`],
    ['emphasis, code, links, strikethrough, math, mentions', '*a* _b_ `c` [d](e) ~f~ $g$ @h \\', '\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\~f\\~ \\$g\\$ \\@h \\\\'],
    ['raw HTML', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['line breaks', 'a\nb\r\nc', 'a<br>b<br>c'],
    ['control characters', 'a\u0007b\u001bc', 'a\\\\u0007b\\\\u001Bc'],
    ['plain text untouched', 'container "app" runs privileged: 1.2-3', 'container "app" runs privileged: 1.2-3'],
  ])('cell: %s', (_, input, expected) => {
    expect(cell(input)).toBe(expected);
  });

  it.each([
    ['plain', 'prod/Deployment/web', '`prod/Deployment/web`'],
    ['pipe', 'a|b', '`a\\|b`'],
    ['backticks inside', 'a`b``c', '```a`b``c```'],
    ['backtick at an edge', '`a', '`` `a ``'],
    ['line break', 'a\nb', '`a b`'],
    ['markup is literal in code', '<&>', '`<&>`'],
  ])('code: %s', (_, input, expected) => {
    expect(code(input)).toBe(expected);
  });
});

