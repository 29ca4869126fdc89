// Audit events as managed clusters' exporters deliver them (fixtures written for these tests):
// GKE Cloud Logging entries, EKS CloudWatch lines and `aws logs` output, AKS diagnostic records.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../src/detect/engine.js';
import type { AuditEvent } from '../../src/detect/event.js';
import { readFileEvents, type ReadProblem } from '../../src/detect/read.js';
import { ALL_RULES } from '../../src/detect/rules/index.js';
import { kubefort } from '../support/cli.js';

const FIXTURES = 'test/detect/fixtures/managed';

async function read(file: string): Promise<{ events: AuditEvent[]; problems: ReadProblem[]; alerts: string[] }> {
  const events: AuditEvent[] = [];
  const problems: ReadProblem[] = [];
  const engine = new DetectionEngine({ rules: ALL_RULES });
  const alerts: string[] = [];
  await readFileEvents(file, {
    event: (e) => {
      events.push(e);
      alerts.push(...engine.process(e).map((a) => a.rule));
    },
    problem: (p) => problems.push(p),
  });
  return { events, problems, alerts };
}

describe('GKE: Cloud Logging entries (protoPayload AuditLog)', () => {
  it('rebuilds events: verb and resources from methodName and resourceName, code from the status, exec as a 101 with its command', async () => {
    const { events, problems, alerts } = await read(join(FIXTURES, 'gke.jsonl'));
    expect(problems).toEqual([]);
    expect(events.map((e) => `${e.verb} ${e.objectRef?.apiGroup}/${e.objectRef?.resource}/${e.objectRef?.subresource} ${e.objectRef?.namespace}/${e.objectRef?.name} ${e.code} ${e.stage}`)).toEqual([
      'update coordination.k8s.io/leases/ kube-system/kube-scheduler 200 ResponseComplete',
      'create rbac.authorization.k8s.io/clusterrolebindings/ /backdoor 201 ResponseComplete',
      'create /pods/exec shop/web-0 101 ResponseStarted',
      'list /secrets/ / 200 ResponseComplete',
      'get /secrets/ kube-system/bootstrap-token-abcdef 403 ResponseComplete',
    ]);
    const [lease, binding, exec, , denied] = events;
    expect(lease).toMatchObject({ auditID: 'gke-1-op', requestURI: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler', user: { username: 'system:kube-scheduler', groups: [] }, sourceIP: '10.128.0.2', level: 'Metadata', stageTimestamp: '2026-01-05T10:00:00.100000Z', decision: 'allow' });
    expect(binding?.requestObject).toMatchObject({ kind: 'ClusterRoleBinding', roleRef: { name: 'cluster-admin' } });
    expect(binding?.requestObject).not.toHaveProperty('@type');
    expect(binding?.level).toBe('RequestResponse');
    expect(exec?.requestURI).toBe('/api/v1/namespaces/shop/pods/web-0/exec?command=sh&command=-c&command=curl%20-s%20-H%20Metadata-Flavor%3AGoogle%20http%3A%2F%2F169.254.169.254%2FcomputeMetadata%2Fv1%2Finstance%2Fservice-accounts%2Fdefault%2Ftoken');
    expect(denied).toMatchObject({ decision: 'forbid', statusMessage: expect.stringContaining('cannot get resource "secrets"') });
    expect(alerts).toEqual(['cluster-admin-binding', 'pod-exec', 'suspicious-exec-command', 'secret-listing']);
  });

  it('reads `gcloud logging read --format=json` output (one pretty-printed array)', async () => {
    const { events, alerts } = await read(join(FIXTURES, 'gke-gcloud.json'));
    expect(events).toHaveLength(2);
    expect(alerts).toEqual(['cluster-admin-binding']);
  });

  it('reports an entry that is not a Kubernetes API request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-gke-'));
    writeFileSync(join(dir, 'bad.jsonl'), `${JSON.stringify({ protoPayload: { serviceName: 'k8s.io', methodName: 'google.container.v1.ClusterManager.GetCluster' }, insertId: 'x' })}\n`);
    const { events, problems } = await read(join(dir, 'bad.jsonl'));
    expect(events).toEqual([]);
    expect(problems).toEqual([{ file: join(dir, 'bad.jsonl'), line: 1, message: expect.stringContaining('GKE audit entry: methodName "google.container.v1.ClusterManager.GetCluster"') }]);
  });
});

describe('EKS: CloudWatch', () => {
  it('reads the log stream as JSON lines, `aws logs filter-log-events` output and subscription records alike', async () => {
    const runs = await Promise.all(['eks-cloudwatch.jsonl', 'eks-filter-log-events.json', 'eks-subscription.json'].map((f) => read(join(FIXTURES, f))));
    for (const { events, problems, alerts } of runs) {
      expect(problems).toEqual([]);
      expect(events.map((e) => e.auditID)).toEqual(['eks-1', 'eks-2']);
      expect(events[0]).toMatchObject({ user: { username: 'arn:aws:sts::111122223333:assumed-role/dev/jane', extra: { sessionName: ['jane'] } }, sourceIP: '192.0.2.10' });
      expect(alerts).toEqual(['secret-listing']);
    }
  });
});

describe('AKS: diagnostic settings (kube-audit, kube-audit-admin)', () => {
  it('reads storage-account records (one per line) and Event Hubs batches, the event in properties.log', async () => {
    for (const f of ['aks-storage.json', 'aks-eventhub.json']) {
      const { events, problems, alerts } = await read(join(FIXTURES, f));
      expect(problems).toEqual([]);
      expect(events.map((e) => `${e.auditID} ${e.verb} ${e.stage} ${e.code}`)).toEqual(['aks-11 create ResponseComplete 201', 'aks-12 get ResponseStarted 101']);
      expect(alerts).toEqual(['host-namespace-pod', 'kube-system-change', 'pod-in-system-namespace', 'privileged-pod', 'pod-exec']);
    }
  });

  it('reports a record whose log is not JSON, with its place in the batch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-aks-'));
    writeFileSync(join(dir, 'hub.json'), `${JSON.stringify({ records: [{ category: 'kube-audit', properties: { log: 'I0107 09:00:00 not json' } }] })}\n`);
    const { problems } = await read(join(dir, 'hub.json'));
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^records\[0\]: properties\.log is not JSON/)]);
  });
});

it('kubefort audit analyze reads every exporter format in one run', () => {
  const files = ['gke.jsonl', 'eks-filter-log-events.json', 'aks-storage.json'].map((f) => join(FIXTURES, f));
  const out = kubefort(['audit', 'analyze', ...files, '-o', 'json']);
  expect(out.code).toBe(0);
  const result = JSON.parse(out.stdout) as { alerts: { rule: string }[]; problems: unknown[]; events: number };
  expect(result.events).toBe(9);
  expect(result.problems).toEqual([]);
  expect(result.alerts.map((a) => a.rule)).toContain('suspicious-exec-command');
});
