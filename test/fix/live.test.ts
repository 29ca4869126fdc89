/**
 * `kubefort fix` on a live cluster prints kubectl patch commands. Context names repeat across
 * clusters (`kubernetes-admin@kubernetes`), so each command names the kubeconfig the scan read
 * as well as its context: pasted anywhere, it patches the cluster that was scanned.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../src/checks/index.js';
import type { Finding } from '../../src/core/finding.js';
import type { KubeObject } from '../../src/core/resource.js';
import { scanResources } from '../../src/engine/scan.js';
import { kubeconfigFiles, kubectlPatch } from '../../src/fix/patch.js';
import { parseManifests } from '../../src/sources/manifests.js';

const DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart, namespace: shop}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1\n";
const BODY = `'{"spec":{"template":{"spec":{"containers":[{"name":"app","securityContext":{"readOnlyRootFilesystem":true}}]}}}}'`;

function liveFinding(context: string): { finding: Finding; object: KubeObject } {
  const load = parseManifests('x.yaml', DEPLOYMENT);
  const ro = findCheck('KF-W-020');
  if (ro === undefined) throw new Error('KF-W-020');
  const r = scanResources(load.resources, [], { type: 'cluster', context }, { checks: [ro], today: '2026-06-01' });
  const f = r.findings[0] as Finding;
  // as a live scan locates it: the cluster (context) instead of a file
  const finding = { ...f, location: { path: f.location.path, cluster: context } } as Finding;
  return { finding, object: load.resources[0]?.object as KubeObject };
}

describe('kubectl patch commands name the kubeconfig', () => {
  const { finding, object } = liveFinding('kubefort-admin@kubefort-harness');

  it('the QA repro: --kubeconfig given, $KUBECONFIG unset → --kubeconfig in every command, shell-quoted', () => {
    const files = kubeconfigFiles('/tmp/kfh/admin.kubeconfig', {}, '/work');
    expect(files).toEqual(['/tmp/kfh/admin.kubeconfig']);
    expect(kubectlPatch(finding, object, { kubeconfig: files })).toBe(
      `kubectl --kubeconfig '/tmp/kfh/admin.kubeconfig' --context 'kubefort-admin@kubefort-harness' patch deployment 'cart' -n 'shop' --type strategic -p ${BODY}`,
    );
  });

  it('quotes a path with spaces and quotes, and makes a relative one absolute (the command may run elsewhere)', () => {
    expect(kubectlPatch(finding, object, { kubeconfig: kubeconfigFiles("it's here/kube config", {}, '/home/ops') })).toContain(`--kubeconfig '/home/ops/it'\\''s here/kube config' --context`);
  });

  it('the flag wins over $KUBECONFIG, as in kubectl', () => {
    expect(kubeconfigFiles('a.yaml', { KUBECONFIG: '/x/b.yaml' }, '/w')).toEqual(['/w/a.yaml']);
  });

  it('$KUBECONFIG with one file is carried as --kubeconfig, with several as KUBECONFIG= (kubectl merges the list; --kubeconfig takes one file)', () => {
    expect(kubectlPatch(finding, object, { kubeconfig: kubeconfigFiles(undefined, { KUBECONFIG: 'prod.yaml' }, '/w') })).toMatch(/^kubectl --kubeconfig '\/w\/prod\.yaml' --context /);
    expect(kubeconfigFiles(undefined, { KUBECONFIG: '/a.yaml::b.yaml' }, '/w')).toEqual(['/a.yaml', '/w/b.yaml']);
    expect(kubectlPatch(finding, object, { kubeconfig: ['/a.yaml', '/w/b.yaml'] })).toMatch(/^KUBECONFIG='\/a\.yaml:\/w\/b\.yaml' kubectl --context 'kubefort-admin@kubefort-harness' patch /);
  });

  it('neither: ~/.kube/config when it exists (what the scan read), else nothing (in-cluster)', () => {
    const home = mkdtempSync(join(tmpdir(), 'kf-home-'));
    expect(kubeconfigFiles(undefined, { HOME: home }, '/w')).toEqual([]);
    expect(kubectlPatch(finding, object, { kubeconfig: [] })).toMatch(/^kubectl --context 'kubefort-admin@kubefort-harness' patch /);
    mkdirSync(join(home, '.kube'));
    writeFileSync(join(home, '.kube', 'config'), 'apiVersion: v1\nkind: Config\n');
    expect(kubeconfigFiles(undefined, { HOME: home }, '/w')).toEqual([resolve(home, '.kube', 'config')]);
    expect(kubeconfigFiles(undefined, { HOME: home, KUBECONFIG: '' }, '/w')).toEqual([resolve(home, '.kube', 'config')]);
  });
});
