import { describe, expect, it } from 'vitest';
import { formatHtml, escapeHtml } from '../../src/report/html.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/report/formatter.js';
import { scanManifests, scanResources } from '../../src/engine/scan.js';
import { parseManifests } from '../../src/sources/manifests.js';
import { formatters } from '../../src/report/index.js';

describe('html report', () => {
  it('is registered', () => {
    expect(formatters.html.format).toBe(formatHtml);
  });

  it('is self-contained: no script, no external reference', async () => {
    const html = formatHtml(await scanManifests(['test/fixtures/risk'], { today: '2026-06-01' }), DEFAULT_FORMAT_OPTIONS);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=/i);
    expect(html).toContain('<h2>Fix first</h2>');
    expect(html).toContain('<svg');
    expect(html).toContain('Workload hardening');
    expect(html).toContain('<details><summary>remediation</summary>');
  });

  it('escapes every piece of manifest text', () => {
    const evil = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x<script>alert(1)</script>"\n  namespace: "n\\"'&"\nspec:\n  containers:\n    - name: "<img src=x onerror=alert(1)>"\n      image: i:1\n      securityContext: {privileged: true}\n`;
    const load = parseManifests('<evil>.yaml', evil);
    const html = formatHtml(scanResources(load.resources, load.errors, { type: 'manifests' }, { today: '2026-06-01' }), DEFAULT_FORMAT_OPTIONS);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<evil>');
    expect(html).toContain('x&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(escapeHtml(`<>&"'\``)).toBe('&#60;&#62;&#38;&#34;&#39;&#96;');
  });

  it('the fix-first list says what is specific to each entry; counts agree with their number', async () => {
    const r = await scanManifests(['test/fixtures/risk'], { today: '2026-06-01' });
    const html = formatHtml(r, DEFAULT_FORMAT_OPTIONS);
    expect(html).toContain('<th>Object</th><th>What</th><th>Why</th>');
    expect(html).toContain('<td><code>shop/Deployment/storefront</code></td><td>container &#34;web&#34; runs privileged</td><td>high severity;');
    const long = 'x'.repeat(130);
    const one = formatHtml({ ...r, summary: { ...r.summary, findings: 1, resources: 1, errors: 1, warnings: 1 }, fixFirst: [{ ...r.fixFirst![0]!, message: long }] }, DEFAULT_FORMAT_OPTIONS);
    expect(one).toContain(`<td title="${long}">${'x'.repeat(119)}…</td>`);
    expect(one).toContain('1 finding in 1 object · 0 suppressed · 1 input error · 1 warning ·');
  });

  it('says so when there is nothing', () => {
    const html = formatHtml(scanResources([], [], { type: 'manifests' }), DEFAULT_FORMAT_OPTIONS);
    expect(html).toContain('<p>No findings.</p>');
  });
});
