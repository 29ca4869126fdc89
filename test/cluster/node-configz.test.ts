/**
 * `kubefort node --from-cluster` against a real API server. The harness runs no kubelet,
 * so the node proxy cannot reach one: every node must then be reported as not verified
 * (never passed), and an identity without nodes/proxy must be told it lacks the right.
 * The evaluation of a configz document itself is tested in test/node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../harness/cluster.js';
import { kubefort } from '../support/cli.js';

describe('kubefort node --from-cluster', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ profile: 'hardened', nodes: 2 });
  }, 180_000);
  afterAll(() => cluster?.stop());

  it('reports every node whose kubelet it could not reach as not verified, exit 2', () => {
    const run = kubefort(['node', '--from-cluster', '--kubeconfig', cluster.kubeconfig, '-o', 'json']);
    const report = JSON.parse(run.stdout) as { nodes: { node: string; verified: boolean; problem?: string; results: unknown[] }[] };
    expect(run.code).toBe(2);
    expect(report.nodes.map((n) => n.node).sort()).toEqual([...cluster.nodes].sort());
    for (const n of report.nodes) {
      expect(n.verified).toBe(false);
      expect(n.results).toEqual([]);
      expect(n.problem).toMatch(/could not read nodes\/.+\/proxy\/configz \(HTTP \d+/);
    }
  }, 60_000);

  it('says when the identity lacks nodes/proxy', async () => {
    const kubeconfig = await cluster.identity('no-proxy', ['viewers']);
    const run = kubefort(['node', '--from-cluster', '--kubeconfig', kubeconfig, '--node-name', cluster.nodes[0] ?? '', '-o', 'json']);
    const report = JSON.parse(run.stdout) as { nodes: { problem?: string }[] };
    expect(run.code).toBe(2);
    expect(report.nodes[0]?.problem).toMatch(/kubefort lacks permission to read nodes\/.+\/proxy\/configz \(HTTP 403/);
  }, 60_000);
});
