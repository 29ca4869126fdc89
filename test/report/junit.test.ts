import { describe, expect, it } from 'vitest';
import type { Finding, ScanResult } from '../../src/core/finding.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/report/formatter.js';
import { formatters } from '../../src/report/index.js';
import { attr, createJunitFormatter, text } from '../../src/report/junit.js';
import { EMPTY, FULL, findMeta, NASTY, privilegedWeb, suppressedBatch } from './fixtures.js';
import { parseXml, type XmlElement } from './xml.js';

const junit = createJunitFormatter({ findMeta });
const render = (result: ScanResult) => junit(result, DEFAULT_FORMAT_OPTIONS);

const child = (e: XmlElement, name: string): XmlElement | undefined => e.children.find((c) => c.name === name);
const cases = (root: XmlElement) => root.children.flatMap((s) => s.children.filter((c) => c.name === 'testcase').map((c) => ({ suite: s.attributes.name, c })));

describe('junit', () => {
  it('writes one suite per area, one case per check and object, input problems last', () => {
    expect(render(FULL)).toMatchInlineSnapshot(`
      "<?xml version="1.0" encoding="UTF-8"?>
      <testsuites name="kubefort" tests="11" failures="4" errors="3" skipped="2" time="0.042" timestamp="2026-03-01T12:00:00.000Z">
        <testsuite name="RBAC least privilege" package="kubefort.rbac" tests="2" failures="1" errors="0" skipped="1" time="0" timestamp="2026-03-01T12:00:00.000Z">
          <testcase name="KF-R-001 cluster-admin-binding: ClusterRoleBinding/ci:deployer" classname="kubefort.rbac.cluster-admin-binding" file="/elsewhere/rbac.yaml" time="0">
            <failure message="ci:deployer binds cluster-admin (suppression expired 2025-01-31)" type="low">LOW KF-R-001 Binding to cluster-admin
      object: ClusterRoleBinding/ci:deployer (rbac.authorization.k8s.io/v1)
      /elsewhere/rbac.yaml:3 roleRef.name: ci:deployer binds cluster-admin (suppression expired 2025-01-31)

      How to fix: Bind a narrower ClusterRole.

      | verb | resource |
      |---|---|
      | get | pods |</failure>
          </testcase>
          <testcase name="KF-R-001 cluster-admin-binding: ClusterRoleBinding/ops" classname="kubefort.rbac.cluster-admin-binding" file="rbac.yaml" time="0">
            <skipped message="suppressed: break-glass &lt;&amp;&gt;&quot;&apos;|"/>
          </testcase>
        </testsuite>
        <testsuite name="Namespaces and NetworkPolicies" package="kubefort.network" tests="1" failures="1" errors="0" skipped="0" time="0" timestamp="2026-03-01T12:00:00.000Z">
          <testcase name="KF-N-001 namespace-without-default-deny: Namespace/team-a" classname="kubefort.network.namespace-without-default-deny" time="0">
            <failure message="namespace team-a has no default-deny NetworkPolicy" type="medium">MEDIUM KF-N-001 Namespace without a default-deny NetworkPolicy
      object: Namespace/team-a (v1)
      cluster prod-ctx: namespace team-a has no default-deny NetworkPolicy

      How to fix: Add a NetworkPolicy with an empty \`podSelector\` and both policy types.</failure>
          </testcase>
        </testsuite>
        <testsuite name="Workload hardening" package="kubefort.workload" tests="3" failures="2" errors="0" skipped="1" time="0" timestamp="2026-03-01T12:00:00.000Z">
          <testcase name="KF-W-001 privileged-container: Pod/debug" classname="kubefort.workload.privileged-container" file="/work/repo/charts/ünï cødé/rendered.yaml" time="0">
            <failure message="container &quot;shell&quot; runs privileged" type="critical">CRITICAL KF-W-001 Privileged container
      object: Pod/debug (v1)
      /work/repo/charts/ünï cødé/rendered.yaml spec.containers[0].securityContext.privileged: container "shell" runs privileged

      How to fix: Remove \`privileged: true\`, and grant only the capabilities the process needs:

      \`\`\`yaml
      securityContext:
        privileged: false
        capabilities:
          drop: ["ALL"]
      \`\`\`</failure>
          </testcase>
          <testcase name="KF-W-001 privileged-container: prod/Deployment/web" classname="kubefort.workload.privileged-container" file="deploy/web app.yaml" time="0">
            <failure message="container &quot;app&lt;&amp;&gt;&quot;&apos;|&quot; runs privileged" type="high">HIGH KF-W-001 Privileged container
      object: prod/Deployment/web (apps/v1)
      deploy/web app.yaml:17:13 spec.template.spec.containers[0].securityContext.privileged: container "app&lt;&amp;&gt;"'|" runs privileged

      How to fix: Remove \`privileged: true\`, and grant only the capabilities the process needs:

      \`\`\`yaml
      securityContext:
        privileged: false
        capabilities:
          drop: ["ALL"]
      \`\`\`</failure>
          </testcase>
          <testcase name="KF-W-001 privileged-container: ops/Job/batch" classname="kubefort.workload.privileged-container" time="0">
            <skipped message="suppressed: node agent"/>
          </testcase>
        </testsuite>
        <testsuite name="Images and supply chain" package="kubefort.supply-chain" tests="1" failures="0" errors="0" skipped="0" time="0" timestamp="2026-03-01T12:00:00.000Z">
          <testcase name="KF-S-001 image-tag-latest" classname="kubefort.supply-chain.image-tag-latest" time="0"/>
        </testsuite>
        <testsuite name="Input problems" package="kubefort.input" tests="4" failures="0" errors="3" skipped="0" time="0" timestamp="2026-03-01T12:00:00.000Z">
          <testcase name="KF_ERR_YAML_PARSE deploy/broken.yaml:5:3" classname="kubefort.input" file="deploy/broken.yaml" time="0">
            <error message="bad indentation of a mapping entry &lt;&amp;&gt;&quot;&apos;| near &quot;\\u0001\\u001B&quot;" type="KF_ERR_YAML_PARSE">KF_ERR_YAML_PARSE: bad indentation of a mapping entry &lt;&amp;&gt;"'| near "\\u0001\\u001B"
      at deploy/broken.yaml:5:3
      document 1</error>
          </testcase>
          <testcase name="KF_ERR_BAD_ANNOTATION deploy/web app.yaml:6:5" classname="kubefort.input" file="deploy/web app.yaml" time="0">
            <error message="kubefort.io/ignore needs a kubefort.io/ignore-reason annotation; the suppression is not applied" type="KF_ERR_BAD_ANNOTATION">KF_ERR_BAD_ANNOTATION: kubefort.io/ignore needs a kubefort.io/ignore-reason annotation; the suppression is not applied
      at deploy/web app.yaml:6:5
      document 0
      object prod/Deployment/web</error>
          </testcase>
          <testcase name="KF_ERR_CHECK_FAILED" classname="kubefort.input" time="0">
            <error message="check KF-N-001 (namespace-without-default-deny) failed: boom" type="KF_ERR_CHECK_FAILED">KF_ERR_CHECK_FAILED: check KF-N-001 (namespace-without-default-deny) failed: boom</error>
          </testcase>
          <testcase name="KF_WARN_UNKNOWN_KIND crds/widget.yaml" classname="kubefort.input" file="crds/widget.yaml" time="0">
            <system-out>KF_WARN_UNKNOWN_KIND: no check inspects kind Widget (2 objects)
      at crds/widget.yaml</system-out>
          </testcase>
        </testsuite>
      </testsuites>
      "
    `);
  });

  it('is well-formed XML whose counts add up', () => {
    for (const result of [FULL, EMPTY]) {
      const root = parseXml(render(result));
      expect(root.name).toBe('testsuites');
      const all = cases(root);
      const count = (name: string) => all.filter(({ c }) => child(c, name) !== undefined).length;
      expect(Number(root.attributes.tests)).toBe(all.length);
      expect(Number(root.attributes.failures)).toBe(count('failure'));
      expect(Number(root.attributes.errors)).toBe(count('error'));
      expect(Number(root.attributes.skipped)).toBe(count('skipped'));
      for (const suite of root.children) {
        const mine = suite.children.filter((c) => c.name === 'testcase');
        expect(Number(suite.attributes.tests), suite.attributes.name).toBe(mine.length);
        expect(Number(suite.attributes.failures)).toBe(mine.filter((c) => child(c, 'failure') !== undefined).length);
      }
    }
  });

  it('round-trips markup, quotes and line breaks through attributes and text', () => {
    const root = parseXml(render(FULL));
    const web = cases(root).find(({ c }) => c.attributes.name === 'KF-W-001 privileged-container: prod/Deployment/web')?.c as XmlElement;
    expect(child(web, 'failure')?.attributes.message).toBe(privilegedWeb.message);
    expect(child(web, 'failure')?.text).toContain(`deploy/web app.yaml:17:13 spec.template.spec.containers[0].securityContext.privileged: ${privilegedWeb.message}`);
    expect(web.attributes.file).toBe('deploy/web app.yaml');
    const skipped = cases(root).find(({ c }) => c.attributes.name === 'KF-R-001 cluster-admin-binding: ClusterRoleBinding/ops')?.c as XmlElement;
    expect(child(skipped, 'skipped')?.attributes.message).toBe(`suppressed: break-glass ${NASTY}`);
  });

  it('has an empty result as one passing case per check that ran', () => {
    expect(render(EMPTY)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="kubefort" tests="1" failures="0" errors="0" skipped="0" time="0.001" timestamp="2026-03-01T12:00:00.000Z">',
        '  <testsuite name="Workload hardening" package="kubefort.workload" tests="1" failures="0" errors="0" skipped="0" time="0" timestamp="2026-03-01T12:00:00.000Z">',
        '    <testcase name="KF-W-001 privileged-container" classname="kubefort.workload.privileged-container" time="0"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
    expect(render({ ...EMPTY, checks: [] })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kubefort" tests="0" failures="0" errors="0" skipped="0" time="0.001" timestamp="2026-03-01T12:00:00.000Z">\n</testsuites>\n',
    );
  });

  it('groups several findings on one object into one case, and lists suppressed ones of a failing case', () => {
    const second: Finding = { ...privilegedWeb, message: 'container "sidecar" runs privileged', location: { ...privilegedWeb.location, line: 30, column: 13, path: 'spec.template.spec.containers[1].securityContext.privileged' }, fingerprint: 'aaaaaaaaaaaaaaaa' };
    const hidden: Finding = { ...privilegedWeb, message: 'container "init" runs privileged', location: { ...privilegedWeb.location, line: 9 }, fingerprint: 'bbbbbbbbbbbbbbbb', suppression: { kind: 'exception', reason: 'bootstrap', source: 'x#0' } };
    const result: ScanResult = { ...EMPTY, findings: [privilegedWeb, second], suppressed: [hidden] };
    const root = parseXml(render(result));
    const all = cases(root);
    expect(all).toHaveLength(1);
    const failure = child(all[0]?.c as XmlElement, 'failure');
    expect(failure?.attributes.message).toBe(`${privilegedWeb.message} (and 1 more)`);
    expect(failure?.text.split('\n').slice(2, 5)).toEqual([
      `deploy/web app.yaml:17:13 spec.template.spec.containers[0].securityContext.privileged: ${privilegedWeb.message}`,
      'deploy/web app.yaml:30:13 spec.template.spec.containers[1].securityContext.privileged: container "sidecar" runs privileged',
      'deploy/web app.yaml:9:13 spec.template.spec.containers[0].securityContext.privileged: container "init" runs privileged [suppressed: bootstrap]',
    ]);
  });

  it('gives stdin no file attribute', () => {
    const root = parseXml(render({ ...EMPTY, suppressed: [suppressedBatch] }));
    expect(cases(root)[0]?.c.attributes).toEqual({ name: 'KF-W-001 privileged-container: ops/Job/batch', classname: 'kubefort.workload.privileged-container', time: '0' });
  });

  it('is registered as an output format, reading check metadata from the registry', () => {
    const out = formatters.junit.format(EMPTY, DEFAULT_FORMAT_OPTIONS);
    expect(out).toContain('<testcase name="KF-W-001 privileged-container" classname="kubefort.workload.privileged-container" time="0"/>');
  });
});

describe('junit escaping', () => {
  it.each([
    ['markup', `a<b>&c"d'e`, 'a&lt;b&gt;&amp;c"d\'e', 'a&lt;b&gt;&amp;c&quot;d&apos;e'],
    ['line breaks and tabs', 'a\r\nb\tc\nd', 'a&#13;\nb\tc\nd', 'a&#13;&#10;b&#9;c&#10;d'],
    ['C0 controls XML 1.0 cannot carry', 'nul\u0000 bell\u0007 esc\u001b', 'nul\\u0000 bell\\u0007 esc\\u001B', 'nul\\u0000 bell\\u0007 esc\\u001B'],
    ['lone surrogates', 'x\uD800y\uDC00z', 'x\\uD800y\\uDC00z', 'x\\uD800y\\uDC00z'],
    ['non-characters U+FFFE and U+FFFF', 'a\uFFFEb\uFFFF', 'a\\uFFFEb\\uFFFF', 'a\\uFFFEb\\uFFFF'],
    ['astral characters and DEL stay', 'ok 🚀 ü \u007f', 'ok 🚀 ü \u007f', 'ok 🚀 ü \u007f'],
    ['CDATA end', ']]>', ']]&gt;', ']]&gt;'],
  ])('%s', (_, input, asText, asAttribute) => {
    expect(text(input)).toBe(asText);
    expect(attr(input)).toBe(asAttribute);
  });

  it('survives a real parse with every kind of awkward character in every field', () => {
    const awful = `x${NASTY}\u0000\u0007\r\n\t\uD800🚀]]>`;
    const finding: Finding = { ...privilegedWeb, checkName: awful, message: awful, remediation: awful, location: { ...privilegedWeb.location, file: awful, path: awful } };
    const root = parseXml(render({ ...EMPTY, findings: [finding], errors: [{ code: 'KF_ERR_READ', level: 'error', message: awful, file: awful, object: awful }] }));
    const failure = child(cases(root)[0]?.c as XmlElement, 'failure');
    const visible = `x${NASTY}\\u0000\\u0007\r\n\t\\uD800🚀]]>`;
    expect(failure?.attributes.message).toBe(visible);
    expect(failure?.text).toContain(visible);
  });
});

describe('the XML reader the tests rely on', () => {
  it.each([
    ['bare ampersand', '<a>x & y</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['less-than in an attribute', '<a b="<"/>'],
    ['control character', '<a>\u0001</a>'],
    ['reference to a control character', '<a>&#1;</a>'],
    ['unbalanced tags', '<a><b></a></b>'],
    ['duplicate attribute', '<a b="1" b="2"/>'],
    ['two roots', '<a/><b/>'],
  ])('rejects %s', (_, body) => {
    expect(() => parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`)).toThrow();
  });
});
