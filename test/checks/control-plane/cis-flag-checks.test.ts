/**
 * The generated CIS control-plane checks, on kubeadm static pod manifests: the insecure
 * fixture fails every flag-decided automated control, the hardened one none, and the
 * findings point at the flag's own line.
 */
import { describe, expect, it } from 'vitest';
import { loadBenchmark } from '../../../src/components/cis/index.js';
import { cisFlagChecks, decidedByFlags } from '../../../src/checks/control-plane/cis-flag-checks.js';
import { scanManifests } from '../../../src/engine/scan.js';

const manifests = (fixture: string) => `test/fixtures/nodes/${fixture}/etc/kubernetes/manifests`;
const automatedByFlags = loadBenchmark('cis-1.12').controls.filter((c) => c.automated && decidedByFlags(c)).map((c) => `CIS-${c.id}`);

describe('CIS control-plane checks from static pods', () => {
  it('covers every control decided by a control-plane flag', () => {
    expect(cisFlagChecks.length).toBeGreaterThanOrEqual(40);
    expect(automatedByFlags.length).toBeGreaterThanOrEqual(30);
  });

  it('fails every flag-decided automated control on the insecure kubeadm manifests', async () => {
    const result = await scanManifests([manifests('kubeadm-insecure')], { checks: cisFlagChecks });
    expect(result.errors).toEqual([]);
    const failed = new Set(result.findings.map((f) => f.checkId));
    expect(automatedByFlags.filter((id) => !failed.has(id))).toEqual([]);
    const anonymous = result.findings.find((f) => f.checkId === 'CIS-1.2.1');
    expect(anonymous).toMatchObject({ area: 'apiserver', resource: { kind: 'Pod', namespace: 'kube-system', name: 'kube-apiserver' } });
    const alwaysAllow = result.findings.find((f) => f.checkId === 'CIS-1.2.6');
    expect(alwaysAllow?.location).toMatchObject({ line: 32, path: 'spec.containers[0].command[20]' });
    expect(alwaysAllow?.message).toContain('--authorization-mode=AlwaysAllow');
  });

  it('passes every automated control on the hardened kubeadm manifests', async () => {
    const result = await scanManifests([manifests('kubeadm-hardened')], { checks: cisFlagChecks });
    expect(result.findings.filter((f) => automatedByFlags.includes(f.checkId)).map((f) => `${f.checkId}: ${f.message}`)).toEqual([]);
  });

  it('exempts control-plane static pods from workload checks by default, visibly', async () => {
    const withDefaults = await scanManifests([manifests('kubeadm-hardened')]);
    const without = await scanManifests([manifests('kubeadm-hardened')], { defaultExceptions: false });
    expect(withDefaults.findings.some((f) => f.checkName === 'host-network')).toBe(false);
    expect(withDefaults.suppressed.find((f) => f.checkName === 'host-network')?.suppression?.source).toBe('kubefort default exceptions');
    expect(without.findings.some((f) => f.checkName === 'host-network')).toBe(true);
  });
});
