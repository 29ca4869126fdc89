/** kubefort's own scan of deploy/ is clean: every finding is suppressed in the manifest with a reason. */
import { readFileSync } from 'node:fs';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { scanManifests } from '../../src/engine/scan.js';
import { parseConfig } from '../../src/server/config.js';

describe('deploy/', () => {
  it('scans clean except suppressed necessities, each with its reason', async () => {
    const result = await scanManifests(['deploy/']);
    expect(result.findings.map((f) => `${f.checkId} ${f.resource.kind}/${f.resource.name}`)).toEqual([]);
    expect(result.errors.filter((e) => e.level === 'error')).toEqual([]);
    // The audit webhook kubeconfig is a kubeconfig, not a cluster object: the only notice.
    expect(result.errors.map((e) => e.code)).toEqual(['KF_WARN_UNKNOWN_KIND']);
    for (const s of result.suppressed) expect(s.suppression?.reason.length, `${s.checkId} ${s.resource.name}`).toBeGreaterThan(40);
    const server = result.suppressed.filter((s) => s.location.file?.endsWith('kubefort-server.yaml')).map((s) => s.checkName);
    expect([...new Set(server)].sort()).toEqual(['automount-service-account-token', 'networkpolicy-allows-all']);
  });

  it('runs the server non-root, read-only, without privileges, bound to the read-only ClusterRole', () => {
    const docs = jsYaml.loadAll(readFileSync('deploy/kubefort-server.yaml', 'utf8')) as { kind: string; roleRef?: { name: string }; spec?: { template?: { spec: { containers: { securityContext: Record<string, unknown> }[] } } } }[];
    const deployment = docs.find((d) => d.kind === 'Deployment');
    expect(deployment?.spec?.template?.spec.containers[0]?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(docs.find((d) => d.kind === 'ClusterRoleBinding')?.roleRef?.name).toBe('kubefort-reader');
    const configMap = docs.find((d) => d.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
    expect(parseConfig(jsYaml.load(configMap.data['kubefort.yaml'] ?? ''))).toMatchObject({ host: '0.0.0.0', clusters: [{ name: 'in-cluster', inCluster: true }] });
    const config = (jsYaml.load(readFileSync('deploy/audit-webhook-kubeconfig.yaml', 'utf8')) as { clusters: { cluster: { server: string } }[] }).clusters[0]?.cluster.server;
    expect(config).toMatch(/^https:\/\/.+\/api\/v1\/clusters\/in-cluster\/audit$/);
  });
});
