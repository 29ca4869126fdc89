/**
 * A fix must not contradict another explicit field of the same object: a change Kubernetes
 * refuses (the API server, or the kubelet at container start) or one that has no effect is
 * left to a person, even though the re-scan alone would call it verified.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../src/checks/index.js';
import type { Check } from '../../src/core/check.js';
import { scanResources } from '../../src/engine/scan.js';
import { fixTexts, type FixOutcome } from '../../src/fix/apply.js';
import { newConflicts } from '../../src/fix/conflicts.js';
import { kubectlPatch } from '../../src/fix/patch.js';
import { parseManifests } from '../../src/sources/manifests.js';

const TODAY = '2026-06-01';

function check(id: string): Check {
  const c = findCheck(id);
  if (c === undefined) throw new Error(id);
  return c;
}

function run(file: string, ids: readonly string[]) {
  return fixTexts(new Map([[file, readFileSync(file, 'utf8')]]), { checks: ids.map(check), today: TODAY });
}

/** `status name container-or-pod: detail`, one line per outcome of a check. */
function outcome(outcomes: readonly FixOutcome[], checkId: string, name: string, about?: string): FixOutcome {
  const found = outcomes.filter((o) => o.finding.checkId === checkId && o.finding.resource.name === name && (about === undefined || o.finding.message.includes(about)));
  if (found.length !== 1) throw new Error(`${found.length} outcomes for ${checkId} ${name} ${about ?? ''}`);
  return found[0] as FixOutcome;
}

describe('runAsNonRoot: true is never set where the effective runAsUser is 0', () => {
  const FILE = 'test/fixtures/fix/run-as-root.yaml';
  const r = run(FILE, ['KF-W-016']);
  const out = r.changed.get(FILE) ?? readFileSync(FILE, 'utf8');

  it.each([
    ['pod-root', 'container "app"', 'inherited from the pod'],
    ['container-root', 'container "postgres"', 'set on the container'],
    ['override-root', 'container "b"', 'set on the container'],
    ['init-root', 'init container "chown"', 'set on the container'],
    ['one-left-out', 'container "b"', 'set on the container'],
  ])('%s: needs a person (%s runs as 0, %s)', (name, container, where) => {
    const o = outcome(r.outcomes, 'KF-W-016', name);
    expect(o.status).toBe('needs-person');
    expect(o.detail).toContain(container);
    expect(o.detail).toContain('runAsUser: 0');
    expect(o.detail).toContain(where);
    expect(o.detail).toMatch(/kubelet refuses/);
  });

  it('a container overriding the pod-level 0 with 1000 is fixed (the container value wins)', () => {
    expect(outcome(r.outcomes, 'KF-W-016', 'override-nonroot').status).toBe('fixed');
  });

  it('Windows: runAsUserName ContainerAdministrator is root to the kubelet', () => {
    const o = outcome(r.outcomes, 'KF-W-016', 'windows-admin');
    expect(o.status).toBe('needs-person');
    expect(o.detail).toContain('ContainerAdministrator');
  });

  it('the file gains exactly one runAsNonRoot: true (override-nonroot)', () => {
    expect(out.match(/runAsNonRoot: true/g)).toHaveLength(2); // one-left-out's container "a" had it already
    expect(r.changed.size).toBe(1);
  });

  it('the QA repro: examples/insecure/orders-db.yaml keeps postgres (runAsUser: 0) without runAsNonRoot: true', () => {
    const file = 'examples/insecure/orders-db.yaml';
    const all = fixTexts(new Map([[file, readFileSync(file, 'utf8')]]), { today: TODAY });
    expect(all.changed.get(file) ?? '').not.toContain('runAsNonRoot');
    const o = outcome(all.outcomes, 'KF-W-016', 'orders-db');
    expect(o.status).toBe('needs-person');
    expect(o.detail).toContain('container "postgres"');
  });

  it('live: no kubectl patch for it either', () => {
    const load = parseManifests(FILE, readFileSync(FILE, 'utf8'));
    const result = scanResources(load.resources, [], { type: 'cluster' }, { checks: [check('KF-W-016')], today: TODAY });
    const patches = new Map(result.findings.map((f) => [f.resource.name, kubectlPatch(f, load.resources.find((x) => x.ref.name === f.resource.name)?.object as never)]));
    expect(patches.get('container-root')).toBeUndefined();
    expect(patches.get('pod-root')).toBeUndefined();
    expect(patches.get('windows-admin')).toBeUndefined();
    expect(patches.get('override-nonroot')).toContain('"runAsNonRoot":true');
  });
});

describe('other fixes against explicit fields of the same object', () => {
  const FILE = 'test/fixtures/fix/contradictions.yaml';
  const r = run(FILE, ['KF-W-015', 'KF-W-018', 'KF-W-019']);

  it('seccompProfile: not against a seccomp annotation that names another profile (the API server rejects the pod)', () => {
    const pod = outcome(r.outcomes, 'KF-W-018', 'seccomp-annotated');
    expect(pod.status).toBe('needs-person');
    expect(pod.detail).toContain('seccomp.security.alpha.kubernetes.io/pod: unconfined');
    const container = outcome(r.outcomes, 'KF-W-018', 'seccomp-container-annotated');
    expect(container.status).toBe('needs-person');
    expect(container.detail).toContain('container.seccomp.security.alpha.kubernetes.io/b: localhost/profiles/b.json');
    expect(outcome(r.outcomes, 'KF-W-018', 'seccomp-annotation-agrees').status).toBe('fixed');
  });

  it('capabilities.drop: [ALL] is not claimed as a fix where it changes nothing (privileged, or add: [ALL])', () => {
    const privileged = outcome(r.outcomes, 'KF-W-019', 'caps', 'container "privileged" does not drop');
    expect(privileged.status).toBe('needs-person');
    expect(privileged.detail).toMatch(/privileged/);
    const addsAll = outcome(r.outcomes, 'KF-W-019', 'caps', 'container "adds-all" does not drop');
    expect(addsAll.status).toBe('needs-person');
    expect(addsAll.detail).toMatch(/adds ALL/);
    expect(outcome(r.outcomes, 'KF-W-019', 'caps', 'container "sys-admin" does not drop').status).toBe('fixed');
    expect(outcome(r.outcomes, 'KF-W-019', 'caps', 'container "plain" does not drop').status).toBe('fixed');
  });

  it('allowPrivilegeEscalation: false: not with privileged: true or CAP_SYS_ADMIN (the API server rejects both)', () => {
    expect(outcome(r.outcomes, 'KF-W-015', 'caps', 'container "privileged"')).toMatchObject({ status: 'needs-person', detail: expect.stringMatching(/privileged: true/) });
    expect(outcome(r.outcomes, 'KF-W-015', 'caps', 'container "sys-admin"')).toMatchObject({ status: 'needs-person', detail: expect.stringMatching(/CAP_SYS_ADMIN/) });
    expect(outcome(r.outcomes, 'KF-W-015', 'caps', 'container "plain"').status).toBe('fixed');
  });

  it('what was written is exactly what was claimed', () => {
    const out = r.changed.get(FILE) as string;
    // container "a" of seccomp-container-annotated had it; seccomp-annotation-agrees and caps gain it on the pod
    expect(out.match(/RuntimeDefault/g)).toHaveLength(3);
    expect(out).toContain('seccomp.security.alpha.kubernetes.io/pod: unconfined\n    spec:\n      containers:');
  });
});

describe('newConflicts on its own', () => {
  const pod = (spec: Record<string, unknown>, annotations?: Record<string, string>) =>
    ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...(annotations === undefined ? {} : { annotations }) }, spec }) as never;

  it('a Linux-only field on a Windows pod (no check asks for one today: a guard for later fixes)', () => {
    const windows = pod({ os: { name: 'windows' }, containers: [{ name: 'c', image: 'c:1' }] });
    expect(newConflicts(windows, [{ path: ['spec', 'containers', 0, 'securityContext', 'readOnlyRootFilesystem'], value: true }])).toEqual([
      'the pod is a Windows pod (spec.os.name: windows): the API server rejects securityContext.readOnlyRootFilesystem on container "c"',
    ]);
    expect(newConflicts(windows, [{ path: ['spec', 'securityContext', 'runAsNonRoot'], value: true }])).toEqual([]);
  });

  it('seccomp annotations match as the API server matches them (docker/default is RuntimeDefault)', () => {
    const change = [{ path: ['spec', 'securityContext', 'seccompProfile', 'type'], value: 'RuntimeDefault' }] as const;
    const spec = { containers: [{ name: 'c', image: 'c:1' }] };
    expect(newConflicts(pod(spec, { 'seccomp.security.alpha.kubernetes.io/pod': 'docker/default' }), change)).toEqual([]);
    expect(newConflicts(pod(spec, { 'seccomp.security.alpha.kubernetes.io/pod': 'localhost/x.json' }), change)).toHaveLength(1);
    // a container annotation does not bind the pod-level field (the API server compares level with level)
    expect(newConflicts(pod(spec, { 'container.seccomp.security.alpha.kubernetes.io/c': 'unconfined' }), change)).toEqual([]);
  });

  it('only new conflicts count: one the object has already is not the fix\'s doing', () => {
    const broken = pod({ securityContext: { runAsNonRoot: true }, containers: [{ name: 'c', image: 'c:1', securityContext: { runAsUser: 0 } }] });
    expect(newConflicts(broken, [{ path: ['spec', 'containers', 0, 'securityContext', 'readOnlyRootFilesystem'], value: true }])).toEqual([]);
  });
});
