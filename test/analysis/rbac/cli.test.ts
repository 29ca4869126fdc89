import { describe, expect, it } from 'vitest';
import { kubefort } from '../../support/cli.js';

const F = 'test/fixtures/rbac/pods-to-cluster-admin.yaml';

describe('kubefort rbac', () => {
  it('paths: prints the chain from a pod-creating service account to cluster-admin hop by hop, with the grant behind each hop', () => {
    const run = kubefort(['rbac', 'paths', '-f', F, '--sink', 'cluster-admin', '--subject', 'sa:ci/builder']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        'ServiceAccount ci/builder → cluster-admin [exposed outside the cluster] (runs Deployment ci/build-api)',
        '  1. ServiceAccount ci/builder can create pods in ops → ServiceAccount ops/ops-admin',
        '       via RoleBinding ops/builder-creates-pods → Role ops/pod-creator → rules[0]: create,get,list pods in core',
        '  2. ServiceAccount ops/ops-admin holds * on * in every API group cluster-wide (cluster-admin) → cluster-admin',
        '       via ClusterRoleBinding ops-admin → ClusterRole cluster-admin → rules[0]: * * in *',
        '',
      ].join('\n'),
    );
  });

  it('paths -o json: hops with primitive, binding, role and rule', () => {
    const run = kubefort(['rbac', 'paths', '-f', F, '-o', 'json']);
    const { paths } = JSON.parse(run.stdout) as { paths: { subject: { name: string }; sink: string; hops: { primitive: string; grants: { binding: { name: string } }[] }[] }[] };
    const builder = paths.find((p) => p.subject.name === 'builder' && p.sink === 'cluster-admin');
    expect(builder?.hops.map((h) => [h.primitive, h.grants[0]?.binding.name])).toEqual([
      ['create-pods', 'builder-creates-pods'],
      ['wildcard-admin', 'ops-admin'],
    ]);
  });

  it('who-can, can-i and list answer with binding → role → rule', () => {
    const who = kubefort(['rbac', 'who-can', 'create', 'pods', '-n', 'ops', '-f', F]);
    expect(who.stdout).toContain('ServiceAccount ci/builder\n      via RoleBinding ops/builder-creates-pods → Role ops/pod-creator → rules[0]: create,get,list pods in core');
    expect(who.stdout).toContain('Group system:masters (superuser, not RBAC)');
    expect(kubefort(['rbac', 'who-can', 'create', 'pods', '-n', 'ci', '-f', F]).stdout).not.toContain('ci/builder');

    const yes = kubefort(['rbac', 'can-i', 'create', 'pods', '-n', 'ops', '--as', 'system:serviceaccount:ci:builder', '-f', F]);
    expect([yes.code, yes.stdout.split('\n')[0]]).toEqual([0, 'yes']);
    const no = kubefort(['rbac', 'can-i', 'create', 'pods', '-n', 'ci', '--as', 'system:serviceaccount:ci:builder', '-f', F]);
    expect([no.code, no.stdout]).toEqual([1, 'no\n']);
    const masters = kubefort(['rbac', 'can-i', 'delete', 'nodes', '--as', 'alice', '--as-group', 'system:masters', '-f', F, '-o', 'json']);
    expect(JSON.parse(masters.stdout)).toMatchObject({ allowed: true, superuser: true });

    const list = JSON.parse(kubefort(['rbac', 'list', '--as', 'sa:ci/builder', '-f', F, '-o', 'json']).stdout) as { grants: { scope: string; role: { name: string } }[] };
    expect(list.grants.map((g) => [g.scope, g.role.name])).toEqual([['ops', 'pod-creator']]);
  });

  it('unused: rules never used in the log, and workloads that mount a token the log never saw used', () => {
    const run = kubefort(['rbac', 'unused', '-f', F, '--audit-log', 'test/fixtures/rbac/audit-ops-admin.log', '-o', 'json']);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as { identities: { user: { user: string }; unused: { ruleIndex: number; role: { name: string } }[] }[]; idleTokens: unknown[] };
    expect(out.idleTokens).toEqual([{ workload: 'Deployment ci/build-api', serviceAccount: 'ci/builder' }]);
    expect(out.identities.map((i) => [i.user.user, i.unused.map((u) => `${u.role.name}#${u.ruleIndex}`)])).toEqual([
      ['system:serviceaccount:ops:ops-admin', ['cluster-admin#1']],
      ['system:serviceaccount:ci:builder', ['pod-creator#0']],
    ]);
  });
});
