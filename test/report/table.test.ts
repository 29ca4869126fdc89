import { describe, expect, it } from 'vitest';
import bindingToClusterAdmin from '../../src/checks/rbac/cluster-admin-binding.js';
import hostNetwork from '../../src/checks/workload/host-network.js';
import type { ScanResult } from '../../src/core/finding.js';
import { scanResources } from '../../src/engine/scan.js';
import { DEFAULT_FORMAT_OPTIONS } from '../../src/report/formatter.js';
import { fixLine, formatTable } from '../../src/report/table.js';
import { parseManifests } from '../../src/sources/manifests.js';
import { CWD, EMPTY, FULL } from './fixtures.js';

const options = { ...DEFAULT_FORMAT_OPTIONS, color: false };
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

function scan(yaml: string): ScanResult {
  const load = parseManifests('pod.yml', yaml);
  return scanResources(load.resources, load.errors, { type: 'manifests' }, { checks: [hostNetwork, bindingToClusterAdmin], today: '2026-06-01' });
}

const AGENT = `apiVersion: v1
kind: Pod
metadata: {name: agent, namespace: logging}
spec:
  hostNetwork: true
  containers: [{name: agent, image: "agent:1"}]
`;

describe('table report', () => {
  it('counts in the summary line agree with their number', () => {
    expect(lastLine(formatTable(scan(AGENT), options))).toMatch(/^1 finding \(1 high\) · 0 suppressed · 0 input errors · 1 object scanned in \d+ ms$/);
    expect(lastLine(formatTable(FULL, options))).toBe('4 findings (1 critical, 1 high, 1 medium, 1 low) · 2 suppressed · 3 input errors · 9 objects scanned in 42 ms');
    expect(lastLine(formatTable({ ...EMPTY, summary: { ...EMPTY.summary, errors: 1 } }, options))).toBe('0 findings · 0 suppressed · 1 input error · 0 objects scanned in 1 ms');
  });

  it('prints only the known part of a position, never ?', () => {
    const table = formatTable(FULL, options);
    expect(table).not.toContain(':?');
    // no line: the file alone
    expect(table).toContain(`KF-W-001 privileged-container  ${CWD}/charts/ünï cødé/rendered.yaml\n`);
    // a line without a column
    expect(table).toContain('KF-R-001 cluster-admin-binding  /elsewhere/rbac.yaml:3\n');
    expect(table).toContain('KF-W-001 privileged-container  deploy/web app.yaml:17:13\n');
  });

  it('a finding with a file but no position (as audit policy lint reports some) names the file alone', () => {
    const result: ScanResult = {
      ...FULL,
      findings: [{ ...FULL.findings[0]!, location: { file: 'pod.yml', path: 'rules' } }],
      suppressed: [],
      errors: [],
    };
    expect(formatTable(result, options)).toContain('  pod.yml\n');
  });

  it('the fix line does not end in a colon that introduces a code block', () => {
    const table = formatTable(
      scan(`${AGENT}---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci-admin}
subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
`),
      options,
    );
    const fixes = table.split('\n').filter((l) => l.trimStart().startsWith('fix: '));
    expect(fixes).toEqual([
      '           fix: Bind a role that lists what the subject needs, and remove the cluster-admin binding (commands in the remediation)',
      '           fix: Remove `hostNetwork` from the pod spec (the default is `false`) and expose the workload through a Service instead (example in the remediation)',
    ]);
  });

  it('fixLine: the first line as it is, or without its introducing colon', () => {
    expect(fixLine('Pin the image by digest.')).toBe('Pin the image by digest.');
    expect(fixLine('\n\nUpgrade kubeadm: `kubeadm upgrade plan`.\nThen the kubelets.')).toBe('Upgrade kubeadm: `kubeadm upgrade plan`.');
    expect(fixLine('Set it on the pod:\n\n```yaml\nspec: {}\n```')).toBe('Set it on the pod (example in the remediation)');
    expect(fixLine('List what the subject needs, e.g.:\n\n```yaml\nrules: []\n```')).toBe('List what the subject needs (example in the remediation)');
    expect(fixLine('Apply it:\n```sh\nkubectl apply -f x.yaml\n```')).toBe('Apply it (commands in the remediation)');
    expect(fixLine('Either:\n- this\n- that')).toBe('Either (details in the remediation)');
  });

  it('the fix-first section shows what is specific to each entry', () => {
    const result = scan(AGENT);
    const table = formatTable(result, options);
    expect(table).toContain(`      what: the pod uses the host network: container "agent" shares the node's network stack, which NetworkPolicies do not isolate\n      why: `);
  });
});
