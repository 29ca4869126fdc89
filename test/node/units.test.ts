/** The pieces the rows rely on, each tested once: flag parsing, operators, kubelet merging, configz, row validation. */
import { describe, expect, it } from 'vitest';
import { cis112 } from '../../src/components/cis/cis-1.12.js';
import { selectBenchmark, validateBenchmark } from '../../src/components/cis/index.js';
import { makeInstance, resolveFlag } from '../../src/components/component.js';
import { etcd } from '../../src/components/etcd.js';
import { parseDuration, parseFlags } from '../../src/components/flags.js';
import { kubeApiserver } from '../../src/components/kube-apiserver.js';
import { kubeletInstance, kubeletView, kubeletViewFromConfigz, resolveKubeletSetting } from '../../src/components/kubelet.js';
import { evaluateConfigz } from '../../src/node/evaluate.js';
import { applyFile, applyValue, isLoopback } from '../../src/node/operators.js';

const set = (value: string | undefined, explicit = value !== undefined) => ({ value, explicit });

describe('flags', () => {
  it('parses --f=v, --f v, bare booleans, single dash, -- and last-wins repeats', () => {
    const p = parseFlags(['kube-apiserver', '--a=1', '--b', '2', '--profiling', '--c', '-d=x', '--a=3', '--', '--e=1'], new Set(['profiling']));
    expect(p.flags.get('a')?.value).toBe('3');
    expect(p.repeated.get('a')).toHaveLength(2);
    expect(p.flags.get('b')?.value).toBe('2');
    expect(p.flags.get('profiling')?.value).toBe('true');
    expect(p.flags.get('c')?.value).toBe('');
    expect(p.flags.get('d')?.value).toBe('x');
    expect(p.flags.has('e')).toBe(false);
    expect(p.positional).toEqual(['--e=1']);
  });

  it('a known boolean does not swallow the next token', () => {
    expect(parseFlags(['etcd', '--client-cert-auth', 'positional'], etcd.booleanFlags).positional).toEqual(['positional']);
  });

  it('Go durations', () => {
    expect(parseDuration('4h0m0s')).toBe(4 * 3_600_000);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('5')).toBeUndefined();
  });

  it('default applies when absent; the flag beats the etcd environment variable', () => {
    const api = makeInstance(kubeApiserver, ['kube-apiserver'], {}, { via: 'process', file: '/proc/1/cmdline', pid: 1 });
    expect(resolveFlag(api, 'profiling')).toMatchObject({ value: 'true', origin: 'default', explicit: false });
    const e = makeInstance(etcd, ['etcd', '--client-cert-auth=false'], { ETCD_CLIENT_CERT_AUTH: 'true', ETCD_AUTO_TLS: 'true' }, { via: 'process', file: '/proc/2/cmdline', pid: 2 });
    expect(resolveFlag(e, 'client-cert-auth')).toMatchObject({ value: 'false', origin: 'flag' });
    expect(resolveFlag(e, 'auto-tls')).toMatchObject({ value: 'true', origin: 'env', file: '/proc/2/environ' });
  });
});

describe('operators', () => {
  it('eq (booleans case-insensitive)', () => {
    expect(applyValue({ op: 'eq', value: 'false' }, set('False'))).toBe(true);
    expect(applyValue({ op: 'eq', value: 'false' }, set(undefined))).toBe(false);
  });
  it('neq passes unset', () => expect(applyValue({ op: 'neq', value: 'true' }, set(undefined))).toBe(true));
  it('set / unset look at explicitness, not defaults', () => {
    expect(applyValue({ op: 'set' }, set('-1', false))).toBe(false);
    expect(applyValue({ op: 'unset' }, set('x', true))).toBe(false);
  });
  it('has / lacks match list items exactly', () => {
    expect(applyValue({ op: 'has', item: 'Node' }, set('NodeRestriction,RBAC'))).toBe(false);
    expect(applyValue({ op: 'has', item: 'Node' }, set('Node,RBAC'))).toBe(true);
    expect(applyValue({ op: 'lacks', item: 'AlwaysAllow' }, set(undefined))).toBe(true);
  });
  it('gte parses numbers only', () => {
    expect(applyValue({ op: 'gte', value: 30 }, set('30'))).toBe(true);
    expect(applyValue({ op: 'gte', value: 30 }, set('30d'))).toBe(false);
  });
  it('within: every item allowed, unset fails', () => {
    expect(applyValue({ op: 'within', allowed: ['a', 'b'] }, set('a,b'))).toBe(true);
    expect(applyValue({ op: 'within', allowed: ['a'] }, set('a,c'))).toBe(false);
    expect(applyValue({ op: 'within', allowed: ['a'] }, set(undefined))).toBe(false);
  });
  it('nonzero-duration', () => {
    expect(applyValue({ op: 'nonzero-duration' }, set('0m0s'))).toBe(false);
    expect(applyValue({ op: 'nonzero-duration' }, set('5m'))).toBe(true);
  });
  it('loopback', () => {
    expect(isLoopback('127.0.0.1:10249')).toBe(true);
    expect(isLoopback('[::1]:10249')).toBe(true);
    expect(isLoopback('0.0.0.0:10249')).toBe(false);
    expect(applyValue({ op: 'loopback' }, set('localhost'))).toBe(true);
  });
  it('mode-at-most is a bitmask: 400 passes 600, 640 fails 600, setuid fails', () => {
    const f = (mode: number) => applyFile({ op: 'mode-at-most', mode: 0o600 }, { mode, user: 'root', group: 'root' });
    expect(f(0o400)).toBe(true);
    expect(f(0o640)).toBe(false);
    expect(f(0o4600)).toBe(false);
  });
  it('owner compares names', () => expect(applyFile({ op: 'owner', user: 'etcd', group: 'etcd' }, { mode: 0o700, user: 'root', group: 'root' })).toBe(false));
});

describe('kubelet configuration', () => {
  const files: Record<string, string> = {
    '/var/lib/kubelet/config.yaml': 'kind: KubeletConfiguration\nreadOnlyPort: 10255\nauthorization:\n  mode: AlwaysAllow\n',
    '/etc/kubernetes/kubelet.conf.d/10-a.conf': 'authorization:\n  mode: Webhook\n',
  };
  const read = (p: string) => files[p];
  const list = (d: string) => (d === '/etc/kubernetes/kubelet.conf.d' ? ['10-a.conf', 'ignored.yaml'] : undefined);

  it('flag beats config file; drop-in beats config file; config-API default applies when absent', () => {
    const view = kubeletView(kubeletInstance(['kubelet', '--config=/var/lib/kubelet/config.yaml', '--config-dir=/etc/kubernetes/kubelet.conf.d', '--read-only-port=0'], '/proc/9/cmdline', 9), read, list);
    expect(resolveKubeletSetting(view, 'readOnlyPort')).toMatchObject({ value: '0', origin: 'flag' });
    expect(resolveKubeletSetting(view, 'readOnlyPort').evidence).toContain('overrides readOnlyPort: 10255');
    expect(resolveKubeletSetting(view, 'authorization.mode')).toMatchObject({ value: 'Webhook', origin: 'config', file: '/etc/kubernetes/kubelet.conf.d/10-a.conf' });
    expect(resolveKubeletSetting(view, 'authentication.anonymous.enabled')).toMatchObject({ value: 'false', origin: 'default' });
  });

  it('without --config the legacy flag defaults apply', () => {
    const view = kubeletView(kubeletInstance(['kubelet'], '/proc/9/cmdline', 9), read, list);
    expect(resolveKubeletSetting(view, 'authentication.anonymous.enabled')).toMatchObject({ value: 'true', origin: 'default' });
    expect(resolveKubeletSetting(view, 'readOnlyPort').value).toBe('10255');
  });

  it('a configz document is the effective configuration; the kubelet controls run on it', () => {
    const configz = { kubeletconfig: { authentication: { anonymous: { enabled: true }, x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' } }, authorization: { mode: 'Webhook' }, readOnlyPort: 0, makeIPTablesUtilChains: true, rotateCertificates: true } };
    expect(resolveKubeletSetting(kubeletViewFromConfigz('nodes/n1/proxy/configz', configz), 'authentication.anonymous.enabled')).toMatchObject({ value: 'true', origin: 'configz' });
    const results = evaluateConfigz('nodes/n1/proxy/configz', configz);
    const state = (id: string) => results.find((r) => r.id === id)?.state;
    expect(state('4.2.1')).toBe('FAIL');
    expect(state('4.2.2')).toBe('PASS');
    expect(state('4.2.3')).toBe('PASS');
    expect(state('4.2.4')).toBe('PASS');
    expect(state('4.2.10')).toBe('PASS');
    expect(results.every((r) => r.id.startsWith('4.2.'))).toBe(true);
  });
});

describe('benchmark data', () => {
  it('cis-1.12 rows are valid', () => expect(validateBenchmark(cis112)).toEqual([]));

  it('a bad row is refused with its id named', () => {
    const bad = { ...cis112, controls: [...cis112.controls.slice(0, 2), { ...cis112.controls[2], id: '1.1.3', automated: true, tests: [], requires: 'kube-apiserver' as const, title: 'x (Automated)', remediation: '' }, ...cis112.controls.slice(3)] };
    const problems = validateBenchmark(bad as typeof cis112);
    expect(problems).toContain('cis-1.12 control 1.1.3: an automated control needs at least one test');
    expect(problems).toContain('cis-1.12 control 1.1.3: title must be the CIS wording without the (Automated)/(Manual) suffix');
    expect(problems).toContain('cis-1.12 control 1.1.3: remediation is empty');
  });

  it('is selected from the Kubernetes version, --benchmark wins, unknown versions fall back with a notice', () => {
    expect(selectBenchmark('1.33.2', undefined).selectedBy).toBe('version');
    expect(selectBenchmark(undefined, 'cis-1.12').selectedBy).toBe('flag');
    expect(selectBenchmark('1.36.0', undefined).notice).toContain('no benchmark maps Kubernetes 1.36');
    expect(() => selectBenchmark(undefined, 'cis-9')).toThrow(/unknown benchmark/);
  });
});
