/**
 * The CIS controls that a control-plane component's command line decides (API server,
 * controller manager, scheduler, etcd flags), as checks over the scan inventory.
 * They are generated from the benchmark's data rows: the same rows `kubefort node`
 * applies on a host, so a finding has the same id (`CIS-1.2.16`) in both.
 */
import { DEFAULT_BENCHMARK, groupOf, loadBenchmark, type CisBenchmark, type CisControl } from '../../components/cis/index.js';
import { defineCheck, type Check } from '../../core/check.js';
import { cis } from '../../core/framework.js';
import { defaultSeverity, evaluateCisControl } from '../../node/cis.js';
import { FactView } from '../../node/facts.js';
import type { NodeInventory } from '../../node/discover.js';
import { splitList } from '../../components/index.js';
import { CONTROL_PLANE_COMPONENTS, controlPlanePods, flagPath, type ControlPlanePod } from './control-plane-pods.js';

/** A control a pod's command line can decide: every test reads a flag of a control-plane component. */
export function decidedByFlags(control: CisControl): boolean {
  return (
    control.tests.length > 0 &&
    control.requires !== undefined &&
    (CONTROL_PLANE_COMPONENTS as readonly string[]).includes(control.requires) &&
    control.tests.every((t) => 'setting' in t && t.setting.from === 'flag')
  );
}

const NO_FILES = new FactView({ root: '/', files: new Map() });

function judge(benchmark: CisBenchmark, control: CisControl, pod: ControlPlanePod) {
  const inventory: NodeInventory = {
    processes: [],
    staticPods: [],
    manifestDir: '',
    components: { [pod.component]: pod.instance },
    distribution: 'kubeadm',
    users: new Map(),
    groups: new Map(),
  };
  // Judged as automated so that a failing test reads FAIL; a manual control's failure is still a finding here.
  return evaluateCisControl({ view: NO_FILES, inventory }, benchmark, { ...control, automated: true });
}

/**
 * What the API server does with a setting beyond what the row can say: facts a reader of
 * the finding needs to act on it, keyed by CIS id.
 */
const IN_EFFECT: Readonly<Record<string, (pod: ControlPlanePod) => string | undefined>> = {
  // kube-apiserver turns AnonymousAuth off when AlwaysAllow is among the authorizers
  // ("AnonymousAuth is not allowed with the AlwaysAllow authorizer"); fixing authorization turns it back on.
  '1.2.1': (pod) =>
    splitList(pod.instance.flags.flags.get('authorization-mode')?.value ?? '').includes('AlwaysAllow')
      ? '; inactive for now, because kube-apiserver disables anonymous authentication while --authorization-mode has AlwaysAllow, and active again once authorization is fixed'
      : undefined,
};

function controlCheck(benchmark: CisBenchmark, control: CisControl): Check {
  const flags = control.tests.flatMap((t) => ('setting' in t && t.setting.from === 'flag' ? [t.setting.flag] : []));
  return defineCheck({
    meta: {
      id: `CIS-${control.id}`,
      name: `cis-${control.id}`,
      title: control.title,
      area: control.area ?? groupOf(benchmark, control.id)?.area ?? 'apiserver',
      severity: defaultSeverity(control),
      description: `CIS Kubernetes Benchmark ${benchmark.id.replace('cis-', 'v')} control ${control.id} (${control.automated ? 'Automated' : 'Manual'}), read from the ${control.requires ?? 'component'} command line of kubeadm-style static pods or their mirror pods.${control.note === undefined ? '' : ` ${control.note}`}`,
      remediation: control.remediation,
      frameworks: [cis(control.id)],
      messages: { fail: '{{component}} {{reason}}{{evidence}}' },
      kinds: ['Pod'],
    },
    run(inventory, { report }) {
      for (const pod of controlPlanePods(inventory)) {
        if (pod.component !== control.requires) continue;
        const result = judge(benchmark, control, pod);
        if (result.state !== 'FAIL') continue;
        const evidence = result.evidence.map((e) => e.text).join('; ');
        report({
          messageId: 'fail',
          data: { component: pod.component, reason: result.reason, evidence: `${evidence === '' ? '' : ` (found: ${evidence})`}${IN_EFFECT[control.id]?.(pod) ?? ''}` },
          resource: pod.resource,
          path: flagPath(pod, flags[0] ?? ''),
        });
      }
    },
  });
}

const benchmark = loadBenchmark(DEFAULT_BENCHMARK);

export const cisFlagChecks: readonly Check[] = benchmark.controls.filter(decidedByFlags).map((c) => controlCheck(benchmark, c));
