/** Applies a CIS benchmark's rows to a node. Pure over the FactView and the discovered inventory. */
import { posix } from 'node:path';
import { resolveFeatureGate, resolveFlag, type ComponentName, type Setting } from '../components/component.js';
import { groupOf } from '../components/cis/index.js';
import type { CisBenchmark, CisControl, CisTest, FileRef, SettingRef } from '../components/cis/types.js';
import { authorizationModes, secretsEncryptionProvider } from '../components/kube-apiserver.js';
import { resolveProxySetting } from '../components/kube-proxy.js';
import { resolveKubeletSetting } from '../components/kubelet.js';
import type { Severity } from '../core/severity.js';
import { componentFilePath, readComponentFile, type FoundComponent, type NodeInventory } from './discover.js';
import { formatMode, hostPath, type FactView, type FileFact } from './facts.js';
import { applyFile, applyValue, describeFile, describeValue } from './operators.js';
import type { ControlResult, ControlState, Evidence } from './result.js';

type Outcome =
  | { readonly kind: 'pass' | 'fail'; readonly evidence: Evidence[]; readonly expected: string; readonly key?: string; readonly file?: string; readonly fix?: string }
  | { readonly kind: 'na' | 'unknown'; readonly reason: string; readonly evidence: Evidence[] };

export interface NodeContext {
  readonly view: FactView;
  readonly inventory: NodeInventory;
}

const COMPONENT_OF: Record<SettingRef['from'], (s: SettingRef) => ComponentName> = {
  flag: (s) => (s.from === 'flag' ? s.component : 'kube-apiserver'),
  kubelet: () => 'kubelet',
  'kubelet-flag': () => 'kubelet',
  derived: () => 'kube-apiserver',
};

/** Resolves a setting reference to its effective value with evidence, or undefined when the component is absent. */
export function resolveSetting(ctx: NodeContext, ref: SettingRef): Setting | undefined {
  const component = ctx.inventory.components[COMPONENT_OF[ref.from](ref)];
  if (component === undefined) return undefined;
  const read = (path: string) => readComponentFile(ctx.view, component, path).text;
  switch (ref.from) {
    case 'flag':
      if (ref.gate !== undefined) return resolveFeatureGate(component, ref.gate);
      if (ref.component === 'kube-apiserver' && ref.flag === 'authorization-mode') return authorizationModes(component, read);
      if (ref.component === 'kube-proxy') {
        const setting = resolveProxySetting(component, ref.flag, read);
        if (setting.origin !== 'config' || setting.file === undefined) return setting;
        const at = readComponentFile(ctx.view, component, setting.file).path;
        return at === setting.file ? setting : { ...setting, file: at, evidence: `${setting.evidence}, read at ${at}` };
      }
      return resolveFlag(component, ref.flag);
    case 'kubelet':
      return ctx.inventory.kubelet === undefined ? undefined : resolveKubeletSetting(ctx.inventory.kubelet, ref.key);
    case 'kubelet-flag':
      return resolveFlag(component, ref.flag);
    case 'derived':
      return secretsEncryptionProvider(component, read);
  }
}

function ownerName(ids: ReadonlyMap<number, string>, id: number | undefined): string {
  if (id === undefined) return '?';
  return ids.get(id) ?? (id === 0 ? 'root' : String(id));
}

export function describeFact(inventory: NodeInventory, fact: FileFact): string {
  const real = fact.type === 'symlink' && fact.target !== undefined ? fact.target : fact;
  const link = fact.type === 'symlink' ? ` (symlink to ${fact.linkTarget ?? '?'})` : '';
  return `${formatMode(real.mode ?? 0)} ${ownerName(inventory.users, real.uid)}:${ownerName(inventory.groups, real.gid)} ${fact.path}${link}`;
}

export function pkiDir(ctx: NodeContext): string {
  const api = ctx.inventory.components['kube-apiserver'];
  const ca = api === undefined ? undefined : resolveFlag(api, 'client-ca-file').value;
  return ca === undefined ? '/etc/kubernetes/pki' : posix.dirname(hostPath(ca));
}

/** The host paths a file reference names (existing or not), with how they were found. */
function filePaths(ctx: NodeContext, ref: FileRef): { paths: string[]; how: string; component?: FoundComponent } | { na: string } {
  const { view, inventory } = ctx;
  switch (ref.of) {
    case 'manifest': {
      const component = inventory.components[ref.component];
      if (component?.manifest === undefined) {
        const how = component?.embedded === 'k3s' ? `embedded in k3s` : `runs as a process (${component?.origin.file ?? '?'})`;
        return { na: `${ref.component} has no pod specification file: it ${how}` };
      }
      return { paths: [component.manifest], how: 'static pod manifest' };
    }
    case 'paths': {
      const out: string[] = [];
      for (const p of ref.paths) {
        const fact = view.effective(p);
        if (fact?.type === 'directory') out.push(...view.walk(p).filter((f) => f.type !== 'directory').map((f) => f.path));
        else out.push(p);
      }
      return { paths: out, how: ref.paths.join(', ') };
    }
    case 'setting': {
      const setting = resolveSetting(ctx, ref.setting);
      const component = inventory.components[COMPONENT_OF[ref.setting.from](ref.setting)];
      if (setting?.value !== undefined && setting.value !== '') {
        const path = componentFilePath(view, component, setting.value);
        return { paths: [path], how: setting.evidence, ...(component === undefined ? {} : { component }) };
      }
      if (ref.fallback !== undefined) return { paths: [...ref.fallback], how: `${setting?.evidence ?? 'not set'}; default path` };
      return { na: `${setting?.evidence ?? 'not set'}: no file to check` };
    }
    case 'tree': {
      const dir = ref.dir === 'pki' ? pkiDir(ctx) : ref.dir;
      const all = view.walk(dir);
      const paths = ref.suffix === undefined ? [dir, ...all.map((f) => f.path)] : all.filter((f) => f.type !== 'directory' && f.path.endsWith(ref.suffix ?? '')).map((f) => f.path);
      return { paths, how: `${ref.suffix === undefined ? 'everything' : `*${ref.suffix}`} under ${dir}` };
    }
  }
}

function runTest(ctx: NodeContext, test: CisTest): Outcome {
  if ('setting' in test) {
    const setting = resolveSetting(ctx, test.setting);
    if (setting === undefined) return { kind: 'na', reason: `${COMPONENT_OF[test.setting.from](test.setting)} does not run on this node`, evidence: [] };
    const component = ctx.inventory.components[setting.component];
    const evidence: Evidence[] = [{ text: setting.evidence, ...(setting.file === undefined ? {} : { file: setting.file }) }];
    const expected = `${setting.key} ${describeValue(test.check)}`;
    if (component?.embedded === 'k3s' && !setting.explicit && test.check.op !== 'unset') {
      return { kind: 'unknown', reason: `${setting.key} is not set explicitly and k3s supplies its own value, which is not visible on the node; verify with the k3s server logs`, evidence };
    }
    if (setting.origin === 'unset' && setting.file !== undefined && setting.evidence.includes('could not be read')) {
      return { kind: 'unknown', reason: setting.evidence, evidence };
    }
    const pass = applyValue(test.check, setting);
    return { kind: pass ? 'pass' : 'fail', evidence, expected, key: setting.key, ...(setting.file === undefined ? {} : { file: setting.file }) };
  }
  const found = filePaths(ctx, test.file);
  if ('na' in found) return { kind: 'na', reason: found.na, evidence: [] };
  const existing: FileFact[] = [];
  for (const p of found.paths) {
    const fact = ctx.view.stat(p);
    if (fact === undefined) return { kind: 'unknown', reason: 'not read yet', evidence: [] };
    if (fact.exists && !(fact.type === 'symlink' && fact.target?.exists !== true)) existing.push(fact);
  }
  if (existing.length === 0) return { kind: 'na', reason: `no such file (${found.how})`, evidence: [{ text: `not found: ${found.paths.join(', ') || found.how}` }] };
  const failing: FileFact[] = [];
  for (const fact of existing) {
    const real = fact.type === 'symlink' && fact.target !== undefined ? fact.target : fact;
    const ok = applyFile(test.check, { mode: real.mode ?? 0, user: ownerName(ctx.inventory.users, real.uid), group: ownerName(ctx.inventory.groups, real.gid) });
    if (!ok) failing.push(fact);
  }
  const shown = (failing.length > 0 ? failing : existing).slice(0, 8);
  const evidence: Evidence[] = shown.map((f) => ({ text: describeFact(ctx.inventory, f), file: f.path }));
  if ((failing.length > 0 ? failing : existing).length > shown.length) evidence.push({ text: `… and ${(failing.length > 0 ? failing : existing).length - shown.length} more` });
  if (existing.length > 1) evidence.unshift({ text: `${existing.length} files checked (${found.how}); ${failing.length} fail` });
  const fixTargets = failing.map((f) => f.path).slice(0, 8).join(' ');
  const fix = test.check.op === 'mode-at-most' ? `chmod ${(test.check.mode & 0o777).toString(8)} ${fixTargets}` : `chown ${test.check.user}:${test.check.group} ${fixTargets}`;
  const first = (failing[0] ?? existing[0])?.path;
  return { kind: failing.length > 0 ? 'fail' : 'pass', evidence, expected: describeFile(test.check), ...(first === undefined ? {} : { file: first }), ...(failing.length > 0 ? { fix } : {}) };
}

export function defaultSeverity(control: CisControl): Severity {
  if (control.severity !== undefined) return control.severity;
  return control.tests.some((t) => 'file' in t) ? 'medium' : 'high';
}

/** Where a setting's fix goes, from how the component was found. */
function whereToFix(ctx: NodeContext, control: CisControl): string {
  const component = control.requires === undefined ? undefined : ctx.inventory.components[control.requires];
  if (component === undefined || control.tests.every((t) => 'file' in t)) return '';
  if (component.spec.name === 'kubelet') {
    const config = ctx.inventory.kubelet?.config?.path;
    return config === undefined ? ' (kubelet flags: its systemd unit or drop-in)' : ` (kubelet config ${config}, unless a flag overrides it)`;
  }
  if (component.embedded === 'k3s') return ` (k3s: /etc/rancher/k3s/config.yaml, ${component.spec.name}-arg)`;
  if (component.manifest !== undefined) return ` (${component.manifest})`;
  return ` (the ${component.spec.name} command line, ${component.origin.file})`;
}

export function evaluateCisControl(ctx: NodeContext, benchmark: CisBenchmark, control: CisControl): ControlResult {
  const group = groupOf(benchmark, control.id);
  const base = {
    id: control.id,
    title: control.title,
    benchmark: benchmark.id,
    section: control.id.split('.')[0] ?? '',
    group: group?.id ?? '',
    automated: control.automated,
    remediation: control.remediation,
    area: control.area ?? group?.area ?? 'node',
    severity: defaultSeverity(control),
    ...(control.note === undefined ? {} : { note: control.note }),
  } as const;
  const done = (state: ControlState, reason: string, evidence: Evidence[], extra: Partial<ControlResult> = {}): ControlResult => ({ ...base, state, reason, evidence, ...extra });
  if (control.target === 'policies') {
    return done('INFO', `cluster-level control, not read from a node: verify with kubefort scan (cluster or manifests); ${control.verify ?? ''}`.trim(), []);
  }
  if (control.requires !== undefined && ctx.inventory.components[control.requires] === undefined) {
    return done('NOT-APPLICABLE', `${control.requires} does not run on this node`, []);
  }
  if (control.tests.length === 0) return done('WARN', `manual: verify that ${control.verify ?? control.title}`, []);
  const outcomes = control.tests.map((t) => runTest(ctx, t));
  const evidence = outcomes.flatMap((o) => o.evidence);
  const expected = outcomes.flatMap((o) => ('expected' in o ? [o.expected] : [])).join(' and ');
  const keyOf = outcomes.flatMap((o) => ('key' in o && o.key !== undefined ? [o.key] : []))[0];
  const failing = outcomes.find((o) => o.kind === 'fail');
  const fileOf = (failing !== undefined && 'file' in failing ? failing.file : undefined) ?? outcomes.flatMap((o) => ('file' in o && o.file !== undefined ? [o.file] : []))[0];
  const extra: Partial<ControlResult> = { ...(expected === '' ? {} : { expected }), ...(keyOf === undefined ? {} : { key: keyOf }), ...(fileOf === undefined ? {} : { file: fileOf }) };
  const unknown = outcomes.find((o) => o.kind === 'unknown');
  if (unknown !== undefined && 'reason' in unknown) return done('WARN', `cannot verify: ${unknown.reason}`, evidence, extra);
  if (outcomes.every((o) => o.kind === 'na')) {
    const reason = outcomes.map((o) => ('reason' in o ? o.reason : '')).join('; ');
    return done('NOT-APPLICABLE', reason, evidence, extra);
  }
  const manual = control.automated ? '' : 'manual: ';
  if (failing !== undefined) {
    const fixes = outcomes.flatMap((o) => ('fix' in o && o.fix !== undefined ? [o.fix] : []));
    const remediation = fixes.length > 0 ? `${control.remediation} Run: ${fixes.join('; ')}` : `${control.remediation}${whereToFix(ctx, control)}`;
    return done(control.automated ? 'FAIL' : 'WARN', `${manual}expected ${expected}${control.verify === undefined || control.automated ? '' : `; verify that ${control.verify}`}`, evidence, { ...extra, remediation });
  }
  return done('PASS', `${manual}${expected}`, evidence, extra);
}

export function evaluateCis(ctx: NodeContext, benchmark: CisBenchmark): ControlResult[] {
  return benchmark.controls.map((c) => evaluateCisControl(ctx, benchmark, c));
}
