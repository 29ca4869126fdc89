import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { fixTexts } from '../../src/fix/apply.js';
import { unifiedDiff } from '../../src/fix/diff.js';
import { kubectlPatch, strategicPatch } from '../../src/fix/patch.js';
import { FIX_TABLE } from '../../src/fix/table.js';
import { applyEdit, parsePath } from '../../src/fix/yaml-edit.js';
import { findCheck } from '../../src/checks/index.js';
import { scanResources } from '../../src/engine/scan.js';
import { parseManifests } from '../../src/sources/manifests.js';
import type { Check } from '../../src/core/check.js';

const POLARIS = '/work/shared/conformance/polaris/checks';
const FIXTURE = 'test/fixtures/fix/web.yaml';

function check(id: string): Check {
  const c = findCheck(id);
  if (c === undefined) throw new Error(id);
  return c;
}

describe('yaml-edit', () => {
  it('parses formatted paths back', () => {
    expect(parsePath('spec.template.spec.containers[0].securityContext')).toEqual(['spec', 'template', 'spec', 'containers', 0, 'securityContext']);
    expect(parsePath('metadata.annotations["kubefort.io/ignore"]')).toEqual(['metadata', 'annotations', 'kubefort.io/ignore']);
    expect(parsePath('')).toEqual([]);
  });

  it('replaces a scalar in place and keeps the rest byte for byte', () => {
    const text = 'a: 1 # one\nb:\n  c: true   # keep\n  d: x\n';
    const r = applyEdit(text, { documentIndex: 0, path: ['b', 'c'], value: false });
    expect(r).toEqual({ ok: true, text: 'a: 1 # one\nb:\n  c: false   # keep\n  d: x\n' });
  });

  it('inserts missing maps in block style at the map indentation, before trailing comments', () => {
    const text = 'spec:\n  containers:\n    - name: a\n      image: x\n      # after\nother: 1\n';
    const r = applyEdit(text, { documentIndex: 0, path: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], value: ['ALL'] });
    expect(r).toEqual({ ok: true, text: 'spec:\n  containers:\n    - name: a\n      image: x\n      securityContext:\n        capabilities:\n          drop:\n            - ALL\n      # after\nother: 1\n' });
  });

  it('inserts into flow maps, and into the right document', () => {
    const text = 'a: 1\n---\nc: {name: d, x: {}}\n';
    expect(applyEdit(text, { documentIndex: 1, path: ['c', 'sc', 'ro'], value: true })).toEqual({ ok: true, text: 'a: 1\n---\nc: {name: d, x: {}, sc: {ro: true}}\n' });
    expect(applyEdit(text, { documentIndex: 1, path: ['c', 'x', 'k'], value: 'v' })).toEqual({ ok: true, text: 'a: 1\n---\nc: {name: d, x: {k: v}}\n' });
  });

  it('replaces a block list keeping its column; refuses what it cannot reach', () => {
    const text = 'drop:\n  - NET_RAW\n  - CHOWN\nz: 1\n';
    expect(applyEdit(text, { documentIndex: 0, path: ['drop'], value: ['ALL'] })).toEqual({ ok: true, text: 'drop:\n  - ALL\nz: 1\n' });
    expect(applyEdit('a: [1]\n', { documentIndex: 0, path: ['a', 'b'], value: true }).ok).toBe(false);
    expect(applyEdit('a:\n', { documentIndex: 0, path: ['a', 'b'], value: true }).ok).toBe(false);
  });
});

describe('fix table', () => {
  it('names only registered checks and message ids they have', () => {
    for (const [id, entry] of Object.entries(FIX_TABLE)) {
      const c = check(id);
      for (const m of entry.messageIds) expect(Object.keys(c.meta.messages), `${id} ${m}`).toContain(m);
    }
  });
});

describe('verified fix', () => {
  it('fixes the fixture, keeps comments and formatting, and the re-scan proves it', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const r = fixTexts(new Map([[FIXTURE, text]]), { today: '2026-06-01' });
    const fixed = r.outcomes.filter((o) => o.status === 'fixed').map((o) => `${o.finding.checkId} ${o.finding.message.slice(0, 20)}`);
    expect(fixed.length).toBeGreaterThanOrEqual(8);
    const out = r.changed.get(FIXTURE) as string;
    for (const keep of ['# The web tier. Keep this comment.', 'name: web        # trailing comment stays', '# a comment between keys', 'ports: [{containerPort: 8080}]', 'image: "registry.example.com/web:1.2.3"'])
      expect(out).toContain(keep);
    expect(out).toContain('allowPrivilegeEscalation: false');
    expect(out).toContain('securityContext: {readOnlyRootFilesystem: true');
    // every line of the original is still there, in order, except the two values that changed
    const removed = unifiedDiff('f', text, out).split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'));
    expect(removed).toEqual(['-            allowPrivilegeEscalation: true', '-        - {name: sidecar, image: "registry.example.com/proxy:2.0", securityContext: {readOnlyRootFilesystem: false}}']);
    // the re-scan: fixable findings gone, none new
    const fixableIds = new Set(Object.keys(FIX_TABLE));
    expect(r.after.findings.filter((f) => fixableIds.has(f.checkId) && r.outcomes.find((o) => o.finding.fingerprint === f.fingerprint)?.status === 'fixed')).toEqual([]);
    const rescan = scanResources(parseManifests(FIXTURE, out).resources, [], { type: 'manifests' }, { today: '2026-06-01' });
    expect(rescan.summary.findings).toBe(r.after.summary.findings);
    expect(rescan.summary.findings).toBeLessThan(r.before.summary.findings);
    expect(rescan.errors.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('never applies a change the re-scan cannot verify, and leaves privileged containers to a person', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: n}\nspec:\n  containers:\n    - name: c\n      image: c:1\n      securityContext: {privileged: true}\n';
    const r = fixTexts(new Map([['p.yaml', text]]), { checks: [check('KF-W-015')], today: '2026-06-01' });
    expect(r.outcomes).toHaveLength(1);
    expect(r.outcomes[0]?.status).toBe('needs-person');
    expect(r.outcomes[0]?.detail).toMatch(/privileged/);
    expect(r.changed.size).toBe(0);
  });

  it('is idempotent: a second run changes nothing', () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const once = fixTexts(new Map([[FIXTURE, text]]), { today: '2026-06-01' });
    const twice = fixTexts(new Map([[FIXTURE, once.changed.get(FIXTURE) as string]]), { today: '2026-06-01' });
    expect(twice.changed.size).toBe(0);
    expect(twice.outcomes.filter((o) => o.status === 'fixed')).toEqual([]);
  });
});

describe('Polaris mutated files where the meaning matches', () => {
  // Not matched on purpose: pullPolicyNotAlways (Polaris wants Always for every image; KF-S-003 only for mutable
  // references with an explicit IfNotPresent/Never), runAsRootAllowed and insecureCapabilities.add (an explicit
  // runAsNonRoot: false or an added capability is someone's decision: kubefort leaves it to a person).
  const cases: [string, string, string, string][] = [
    ['insecureCapabilities', 'failure.yaml', 'mutated.yaml', 'KF-W-019'],
    ['insecureCapabilities', 'failure.drop-most.yaml', 'mutated.drop-most.yaml', 'KF-W-019'],
  ];
  it.each(cases)('%s %s', (dir, failure, mutated, id) => {
    const input = readFileSync(join(POLARIS, dir, failure), 'utf8');
    const r = fixTexts(new Map([['in.yaml', input]]), { checks: [check(id)], today: '2026-06-01' });
    expect(r.outcomes.map((o) => o.status)).toContain('fixed');
    expect(r.after.findings).toEqual([]);
    expect(parse(r.changed.get('in.yaml') as string)).toEqual(parse(readFileSync(join(POLARIS, dir, mutated), 'utf8')));
  });

  it('covers every mutated file it claims (the list above exists)', () => {
    for (const [dir, , mutated] of cases) expect(readdirSync(join(POLARIS, dir))).toContain(mutated);
  });
});

describe('imagePullPolicy', () => {
  it('sets Always for a mutable reference with an explicit IfNotPresent', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n      imagePullPolicy: IfNotPresent # was\n';
    const r = fixTexts(new Map([['p.yaml', text]]), { checks: [check('KF-S-003')], today: '2026-06-01' });
    expect(r.changed.get('p.yaml')).toBe(text.replace('IfNotPresent', 'Always'));
    expect(r.after.findings).toEqual([]);
  });
});

describe('live findings: kubectl patch', () => {
  it('prints a strategic merge patch keyed by container name', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1\n';
    const load = parseManifests('x.yaml', text);
    const r = scanResources(load.resources, [], { type: 'cluster' }, { checks: [check('KF-W-020')], today: '2026-06-01' });
    const object = load.resources[0]?.object;
    if (object === undefined) throw new Error('no object');
    expect(kubectlPatch(r.findings[0] as never, object)).toBe(
      `kubectl patch deployment 'web' -n 'shop' --type strategic -p '{"spec":{"template":{"spec":{"containers":[{"name":"app","securityContext":{"readOnlyRootFilesystem":true}}]}}}}'`,
    );
    expect(strategicPatch(object, [{ path: ['spec', 'template', 'spec', 'automountServiceAccountToken'], value: false }])).toEqual({ spec: { template: { spec: { automountServiceAccountToken: false } } } });
    expect(parseAllDocuments(text)).toHaveLength(1);
  });
});
