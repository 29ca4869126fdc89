/**
 * Node operating-system hardening, the practice the CIS Kubernetes Benchmark leaves
 * out: minimal OS, mandatory access control, auditd, sshd, administrative access,
 * automatic security updates, a host firewall, and the kernel settings the kubelet's
 * protectKernelDefaults relies on. Each control has a stable id (KF-O-…), evidence
 * and a remediation. Pure over the FactView; sshd keys are data rows.
 */
import type { Area } from '../core/area.js';
import type { Severity } from '../core/severity.js';
import { resolveKubeletSetting } from '../components/kubelet.js';
import { parseGroupMembers, type FactView } from './facts.js';
import { describeFact, type NodeContext } from './cis.js';
import type { ControlResult, ControlState, Evidence } from './result.js';
import { readSshdConfig, SSHD_CONFIG, type SshdConfig } from './sshd.js';
import { applyFile } from './operators.js';

export const OS_BENCHMARK = 'kubefort-os';

export interface OsRelease {
  readonly prettyName: string;
  readonly id?: string;
  readonly idLike: readonly string[];
  readonly variantId?: string;
  readonly file: string;
}

export function readOsRelease(view: FactView): OsRelease | undefined {
  for (const file of ['/etc/os-release', '/usr/lib/os-release']) {
    const text = view.read(file);
    if (text === undefined) continue;
    const fields = new Map<string, string>();
    for (const line of text.split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m !== null) fields.set(m[1] ?? '', (m[2] ?? '').replace(/^["'](.*)["']$/, '$1'));
    }
    const id = fields.get('ID');
    const variantId = fields.get('VARIANT_ID');
    return { prettyName: fields.get('PRETTY_NAME') ?? 'Linux', ...(id === undefined ? {} : { id }), idLike: (fields.get('ID_LIKE') ?? '').split(/\s+/).filter((x) => x !== ''), ...(variantId === undefined ? {} : { variantId }), file };
  }
  return undefined;
}

/** §16.1: container-optimised or image-based systems. */
export function minimalOs(os: OsRelease | undefined): string | undefined {
  if (os === undefined) return undefined;
  const name = os.prettyName;
  if (/^Container-Optimized OS/.test(name) || os.id === 'cos') return 'Container-Optimized OS';
  if (/^Flatcar Container Linux/.test(name) || os.id === 'flatcar') return 'Flatcar';
  if (/^Fedora CoreOS/.test(name) || (os.id === 'fedora' && os.variantId === 'coreos')) return 'Fedora CoreOS';
  if (/^Red Hat Enterprise Linux CoreOS/.test(name) || os.id === 'rhcos') return 'RHCOS';
  if (/^Bottlerocket OS/.test(name) || os.id === 'bottlerocket') return 'Bottlerocket';
  if (/^Talos/.test(name) || os.id === 'talos') return 'Talos';
  return undefined;
}

interface OsControlMeta {
  readonly id: string;
  readonly title: string;
  readonly group: string;
  readonly severity: Severity;
  readonly remediation: string;
  readonly area?: Area;
}

export const OS_GROUPS = [
  { id: 'KF-O.os', title: 'Operating system' },
  { id: 'KF-O.ssh', title: 'SSH daemon' },
  { id: 'KF-O.access', title: 'Administrative access' },
] as const;

function result(meta: OsControlMeta, state: ControlState, reason: string, evidence: Evidence[], extra: Partial<ControlResult> = {}): ControlResult {
  return {
    id: meta.id,
    title: meta.title,
    benchmark: OS_BENCHMARK,
    section: 'KF-O',
    group: meta.group,
    automated: true,
    state,
    reason,
    evidence,
    remediation: meta.remediation,
    area: meta.area ?? 'node',
    severity: meta.severity,
    ...extra,
  };
}

const ev = (text: string, file?: string): Evidence => (file === undefined ? { text } : { text, file });

// ---------------------------------------------------------------- OS

function minimalControl(os: OsRelease | undefined): ControlResult {
  const meta: OsControlMeta = { id: 'KF-O-001', title: 'The node runs a minimal, container-optimised OS', group: 'KF-O.os', severity: 'low', remediation: 'Prefer a minimal, immutable node OS (Bottlerocket, Talos, Flatcar, Fedora CoreOS, Container-Optimized OS): fewer packages, a read-only root, image-based updates.' };
  if (os === undefined) return result(meta, 'WARN', 'cannot verify: no /etc/os-release or /usr/lib/os-release', []);
  const minimal = minimalOs(os);
  const evidence = [ev(`PRETTY_NAME="${os.prettyName}"${os.id === undefined ? '' : ` ID=${os.id}`}`, os.file)];
  return minimal === undefined ? result(meta, 'INFO', `general-purpose OS (${os.prettyName}); the OS hardening controls below matter more on it`, evidence) : result(meta, 'PASS', `${minimal}`, evidence);
}

function macControl(view: FactView): ControlResult {
  const meta: OsControlMeta = { id: 'KF-O-002', title: 'AppArmor or SELinux is enabled and enforcing', group: 'KF-O.os', severity: 'high', remediation: 'Enable a mandatory access control system: AppArmor (Debian/Ubuntu, COS: boot with apparmor=1 security=apparmor and load the profiles) or SELinux in enforcing mode (SELINUX=enforcing in /etc/selinux/config, then reboot; setenforce 1 now).' };
  const evidence: Evidence[] = [];
  const enforce = view.read('/sys/fs/selinux/enforce')?.trim();
  const selinuxConfig = /^\s*SELINUX=(\w+)/m.exec(view.read('/etc/selinux/config') ?? '')?.[1];
  if (enforce !== undefined) evidence.push(ev(`SELinux ${enforce === '1' ? 'enforcing' : 'permissive'} (/sys/fs/selinux/enforce = ${enforce})`, '/sys/fs/selinux/enforce'));
  if (selinuxConfig !== undefined) evidence.push(ev(`SELINUX=${selinuxConfig}`, '/etc/selinux/config'));
  const aaEnabled = view.read('/sys/module/apparmor/parameters/enabled')?.trim();
  const aaFs = view.exists('/sys/kernel/security/apparmor');
  const profiles = view.read('/sys/kernel/security/apparmor/profiles');
  const enforced = (profiles ?? '').split('\n').filter((l) => /\(enforce\)\s*$/.test(l)).length;
  const complain = (profiles ?? '').split('\n').filter((l) => /\(complain\)\s*$/.test(l)).length;
  if (aaEnabled !== undefined) evidence.push(ev(`AppArmor module enabled=${aaEnabled}; securityfs ${aaFs === true ? 'mounted' : 'absent'}; ${enforced} profiles enforcing, ${complain} complaining`, '/sys/module/apparmor/parameters/enabled'));
  if (enforce === '1') return result(meta, 'PASS', 'SELinux is enforcing', evidence);
  if (aaEnabled?.startsWith('Y') === true && aaFs === true && enforced > 0) return result(meta, 'PASS', `AppArmor is enabled with ${enforced} profiles in enforce mode`, evidence);
  if (aaEnabled?.startsWith('Y') === true && aaFs === true) return result(meta, 'FAIL', 'AppArmor is enabled but no profile is in enforce mode', evidence);
  if (enforce === '0') return result(meta, 'FAIL', 'SELinux is permissive: it logs but blocks nothing', evidence);
  return result(meta, 'FAIL', 'neither AppArmor nor SELinux is active', evidence.length > 0 ? evidence : [ev('no /sys/fs/selinux/enforce, no /sys/module/apparmor/parameters/enabled')]);
}

function auditdControl(ctx: NodeContext, minimal: string | undefined): ControlResult {
  const meta: OsControlMeta = { id: 'KF-O-003', title: 'auditd runs with audit rules loaded', group: 'KF-O.os', severity: 'medium', area: 'audit', remediation: 'Install auditd (Debian/Ubuntu: auditd; RHEL family: audit), enable it (systemctl enable --now auditd) and add rules under /etc/audit/rules.d/ (e.g. watches on /etc/kubernetes, /var/lib/kubelet, identity files, sudoers), then augenrules --load.' };
  const { view, inventory } = ctx;
  const process = inventory.processes.find((p) => (p.argv[0] ?? '').split('/').pop() === 'auditd');
  const ruleFiles = [...(view.list('/etc/audit/rules.d') ?? []).filter((n) => n.endsWith('.rules')).map((n) => `/etc/audit/rules.d/${n}`), '/etc/audit/audit.rules'];
  let rules = 0;
  const counted: string[] = [];
  for (const file of ruleFiles) {
    const n = (view.read(file) ?? '').split('\n').filter((l) => /^\s*-[aw]\s/.test(l)).length;
    if (n > 0) {
      rules += n;
      counted.push(`${file}: ${n}`);
    }
  }
  const evidence = [ev(process === undefined ? 'no auditd process in /proc' : `auditd running (pid ${process.pid})`, process === undefined ? undefined : `/proc/${process.pid}/cmdline`), ev(`${rules} audit rules (-a/-w) ${counted.length > 0 ? `in ${counted.join(', ')}` : 'in /etc/audit/rules.d/*.rules and /etc/audit/audit.rules'}`)];
  if (process === undefined && minimal !== undefined) return result(meta, 'NOT-APPLICABLE', `${minimal} does not run auditd; node activity is audited by the image's own means`, evidence);
  if (process === undefined) return result(meta, 'FAIL', 'auditd is not running', evidence);
  if (rules === 0) return result(meta, 'FAIL', 'auditd runs without rules: it records almost nothing', evidence);
  return result(meta, 'PASS', `auditd running with ${rules} rules`, evidence);
}

function updatesControl(view: FactView, os: OsRelease | undefined, minimal: string | undefined): ControlResult {
  const meta: OsControlMeta = { id: 'KF-O-004', title: 'Automatic security updates are configured', group: 'KF-O.os', severity: 'medium', remediation: 'Debian/Ubuntu: install unattended-upgrades and set APT::Periodic::Unattended-Upgrade "1"; in /etc/apt/apt.conf.d/20auto-upgrades. RHEL family: install dnf-automatic, set apply_updates = yes (upgrade_type = security) in /etc/dnf/automatic.conf, systemctl enable --now dnf-automatic.timer. Reboot nodes safely after kernel updates (kured).' };
  const evidence: Evidence[] = [];
  if (minimal === 'Bottlerocket' || minimal === 'Talos' || minimal === 'Container-Optimized OS' || minimal === 'RHCOS') {
    return result(meta, 'INFO', `${minimal} is updated by replacing the node image (Bottlerocket update operator, talosctl upgrade, GKE node auto-upgrade, the Machine Config Operator): verify that is in place`, [ev(os?.prettyName ?? minimal, os?.file)]);
  }
  if (minimal === 'Flatcar') {
    const conf = view.read('/etc/flatcar/update.conf');
    const strategy = /^\s*REBOOT_STRATEGY=(\S+)/m.exec(conf ?? '')?.[1];
    evidence.push(ev(conf === undefined ? '/etc/flatcar/update.conf absent: update_engine defaults apply' : `REBOOT_STRATEGY=${strategy ?? '(default)'}`, '/etc/flatcar/update.conf'));
    return strategy === 'off' ? result(meta, 'FAIL', 'Flatcar updates are downloaded but reboots are off', evidence) : result(meta, 'PASS', 'Flatcar update_engine with automatic reboots', evidence);
  }
  if (minimal === 'Fedora CoreOS') {
    const disabled = (view.list('/etc/zincati/config.d') ?? []).some((n) => /^\s*enabled\s*=\s*false/m.test(view.read(`/etc/zincati/config.d/${n}`) ?? ''));
    evidence.push(ev(disabled ? 'zincati updates.enabled = false' : 'zincati enabled (default)', '/etc/zincati/config.d'));
    return disabled ? result(meta, 'FAIL', 'Zincati auto-updates are disabled', evidence) : result(meta, 'PASS', 'Zincati auto-updates', evidence);
  }
  // unattended-upgrades: the last file (sorted) that sets the key wins, as apt reads apt.conf.d in order.
  let apt: { value: string; file: string } | undefined;
  for (const name of view.list('/etc/apt/apt.conf.d') ?? []) {
    const file = `/etc/apt/apt.conf.d/${name}`;
    const m = /APT::Periodic::Unattended-Upgrade\s+"(\d+)"/.exec(view.read(file) ?? '');
    if (m !== null) apt = { value: m[1] ?? '0', file };
  }
  if (apt !== undefined) evidence.push(ev(`APT::Periodic::Unattended-Upgrade "${apt.value}"`, apt.file));
  if (apt !== undefined && apt.value !== '0') return result(meta, 'PASS', 'unattended-upgrades enabled', evidence);
  const dnf = view.read('/etc/dnf/automatic.conf');
  const applies = /^\s*apply_updates\s*=\s*(yes|true|1)\s*$/im.test(dnf ?? '');
  const timers = ['dnf-automatic.timer', 'dnf-automatic-install.timer'].filter((t) => view.exists(`/etc/systemd/system/timers.target.wants/${t}`) === true);
  if (dnf !== undefined) evidence.push(ev(`apply_updates ${applies ? '= yes' : 'not yes'}; timers enabled: ${timers.join(', ') || 'none'}`, '/etc/dnf/automatic.conf'));
  if (timers.includes('dnf-automatic-install.timer') || (applies && timers.includes('dnf-automatic.timer'))) return result(meta, 'PASS', 'dnf-automatic applies updates', evidence);
  const yum = view.read('/etc/yum/yum-cron.conf');
  if (yum !== undefined) {
    const yumApplies = /^\s*apply_updates\s*=\s*yes/im.test(yum);
    evidence.push(ev(`yum-cron apply_updates ${yumApplies ? '= yes' : 'not yes'}`, '/etc/yum/yum-cron.conf'));
    if (yumApplies) return result(meta, 'PASS', 'yum-cron applies updates', evidence);
  }
  return result(meta, 'FAIL', 'no automatic update mechanism is enabled', evidence.length > 0 ? evidence : [ev('no unattended-upgrades, dnf-automatic or yum-cron configuration')]);
}

function firewallControl(ctx: NodeContext, minimal: string | undefined): ControlResult {
  const meta: OsControlMeta = { id: 'KF-O-005', title: 'A host firewall is configured with rules', group: 'KF-O.os', severity: 'medium', area: 'network', remediation: 'Configure a host firewall that allows only the node ports Kubernetes needs (kubelet 10250 from the control plane, NodePorts as required, SSH from an admin network) and drops the rest: nftables (/etc/nftables.conf, systemctl enable nftables), firewalld, or ufw; keep it compatible with the CNI and kube-proxy rules.' };
  const { view, inventory } = ctx;
  const evidence: Evidence[] = [];
  for (const file of ['/etc/nftables.conf', '/etc/sysconfig/nftables.conf']) {
    const text = view.read(file);
    if (text === undefined) continue;
    const rules = text.split('\n').filter((l) => /\b(accept|drop|reject)\b/.test(l) && !/^\s*#/.test(l)).length;
    evidence.push(ev(`${rules} nftables rules`, file));
    if (rules > 0) return result(meta, 'PASS', `nftables rules in ${file}`, evidence);
  }
  for (const file of ['/etc/iptables/rules.v4', '/etc/sysconfig/iptables']) {
    const text = view.read(file);
    if (text === undefined) continue;
    const rules = text.split('\n').filter((l) => l.startsWith('-A ')).length;
    evidence.push(ev(`${rules} iptables rules`, file));
    if (rules > 0) return result(meta, 'PASS', `iptables rules in ${file}`, evidence);
  }
  const ufw = view.read('/etc/ufw/ufw.conf');
  if (ufw !== undefined) {
    const enabled = /^\s*ENABLED=yes/m.test(ufw);
    evidence.push(ev(`ufw ENABLED=${enabled ? 'yes' : 'no'}`, '/etc/ufw/ufw.conf'));
    if (enabled) return result(meta, 'PASS', 'ufw enabled', evidence);
  }
  const firewalld = inventory.processes.find((p) => (p.argv[0] ?? '').endsWith('firewalld') || (p.argv[1] ?? '').endsWith('/firewalld'));
  if (firewalld !== undefined) return result(meta, 'PASS', 'firewalld running', [...evidence, ev(`firewalld (pid ${firewalld.pid})`, `/proc/${firewalld.pid}/cmdline`)]);
  if (minimal !== undefined) return result(meta, 'INFO', `${minimal}: no host firewall rules found in files; check the platform's firewall (security groups, the image's own rules)`, evidence);
  return result(meta, 'FAIL', 'no host firewall configuration with rules was found', evidence.length > 0 ? evidence : [ev('no /etc/nftables.conf, iptables rules, ufw or firewalld')]);
}

/** The values the kubelet checks when protectKernelDefaults is true (pkg/kubelet/cm setupKernelTunables). */
export const KERNEL_DEFAULTS: readonly (readonly [string, string])[] = [
  ['vm/overcommit_memory', '1'],
  ['vm/panic_on_oom', '0'],
  ['kernel/panic', '10'],
  ['kernel/panic_on_oops', '1'],
  ['kernel/keys/root_maxkeys', '1000000'],
  ['kernel/keys/root_maxbytes', '25000000'],
];

function kernelControl(ctx: NodeContext): ControlResult {
  const meta: OsControlMeta = { id: 'KF-O-006', title: "Kernel settings match what the kubelet's protectKernelDefaults expects", group: 'KF-O.os', severity: 'low', area: 'kubelet', remediation: 'Write the values to /etc/sysctl.d/90-kubelet.conf (vm.overcommit_memory=1, vm.panic_on_oom=0, kernel.panic=10, kernel.panic_on_oops=1, kernel.keys.root_maxkeys=1000000, kernel.keys.root_maxbytes=25000000), run sysctl --system, then set protectKernelDefaults: true in the kubelet config so the kubelet refuses to run on a node that drifts.' };
  const { view } = ctx;
  const evidence: Evidence[] = [];
  const wrong: string[] = [];
  let unread = 0;
  for (const [path, expected] of KERNEL_DEFAULTS) {
    const file = `/proc/sys/${path}`;
    const value = view.read(file)?.trim();
    const name = path.replace(/\//g, '.');
    if (value === undefined) {
      unread++;
      evidence.push(ev(`${name}: not readable`, file));
    } else {
      evidence.push(ev(`${name} = ${value} (expected ${expected})`, file));
      if (value !== expected) wrong.push(name);
    }
  }
  const protect = ctx.inventory.kubelet === undefined ? undefined : resolveKubeletSetting(ctx.inventory.kubelet, 'protectKernelDefaults');
  if (protect !== undefined) evidence.push(ev(`kubelet ${protect.evidence}`, protect.file));
  if (unread === KERNEL_DEFAULTS.length) return result(meta, 'WARN', 'cannot verify: /proc/sys is not readable under the root', evidence);
  if (wrong.length > 0) return result(meta, 'FAIL', `${wrong.join(', ')} differ from the kubelet's expected values`, evidence);
  if (protect !== undefined && protect.value !== 'true') return result(meta, 'WARN', 'the values are right, but the kubelet does not enforce them (protectKernelDefaults is false)', evidence);
  return result(meta, 'PASS', 'all six kernel settings as the kubelet expects', evidence);
}

// ---------------------------------------------------------------- admin access

function adminGroupControl(view: FactView): ControlResult {
  const meta: OsControlMeta = { id: 'KF-O-007', title: 'Few accounts have administrative access (sudo, wheel, admin groups)', group: 'KF-O.access', severity: 'medium', remediation: 'Keep node administrators to a small, named group; remove others with gpasswd -d USER sudo (or wheel); prefer break-glass access through your identity provider over standing accounts on nodes.' };
  const groups = parseGroupMembers(view.read('/etc/group'));
  const members = new Set<string>();
  const evidence: Evidence[] = [];
  for (const name of ['sudo', 'wheel', 'admin']) {
    const list = groups.get(name);
    if (list === undefined) continue;
    list.forEach((m) => members.add(m));
    evidence.push(ev(`${name}: ${list.length === 0 ? '(no members)' : list.join(', ')}`, '/etc/group'));
  }
  if (evidence.length === 0) return result(meta, 'PASS', 'no sudo, wheel or admin group', [ev('no sudo/wheel/admin group in /etc/group', '/etc/group')]);
  if (members.size > 3) return result(meta, 'WARN', `${members.size} accounts have administrative access: review them`, evidence);
  return result(meta, 'PASS', `${members.size} administrative account${members.size === 1 ? '' : 's'}`, evidence);
}

function rootKeysControl(view: FactView): ControlResult {
  const meta: OsControlMeta = { id: 'KF-O-008', title: "root's authorized_keys is empty", group: 'KF-O.access', severity: 'medium', remediation: 'Remove keys from /root/.ssh/authorized_keys; administrators log in as themselves and escalate with sudo, so access is attributable and revocable.' };
  const file = '/root/.ssh/authorized_keys';
  const text = view.read(file);
  if (text === undefined) return result(meta, 'PASS', 'no /root/.ssh/authorized_keys', [ev('not found', file)]);
  const keys = text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const types = keys.map((k) => /(ssh-[a-z0-9]+|ecdsa-[a-z0-9-]+|sk-[a-z0-9@.-]+)/.exec(k)?.[1] ?? 'key');
  if (keys.length === 0) return result(meta, 'PASS', 'authorized_keys has no keys', [ev('0 keys', file)]);
  return result(meta, 'WARN', `${keys.length} key${keys.length === 1 ? '' : 's'} allow logging in as root: verify each is needed`, [ev(`${keys.length} keys (${types.join(', ')}); key material not shown`, file)], { file });
}

// ---------------------------------------------------------------- sshd (data)

type SshCheck =
  | { readonly op: 'is'; readonly value: string }
  | { readonly op: 'one-of'; readonly values: readonly string[] }
  | { readonly op: 'max'; readonly value: number }
  | { readonly op: 'seconds-between'; readonly min: number; readonly max: number }
  | { readonly op: 'positive' }
  | { readonly op: 'none-of'; readonly values: readonly string[] }
  | { readonly op: 'multi-factor' }
  /** `no`, unless every AuthenticationMethods list uses this method after another (then it is the second factor). */
  | { readonly op: 'off-unless-second-factor'; readonly method: string }
  | { readonly op: 'set-any'; readonly keys: readonly string[] };

interface SshRow {
  readonly id: string;
  readonly title: string;
  /** The keyword (lower-case); aliases read when it is unset. */
  readonly key: string;
  readonly aliases?: readonly string[];
  readonly check: SshCheck;
  /** OpenSSH's upstream default when unset. */
  readonly default?: string;
  readonly severity: Severity;
  readonly remediation: string;
  /** A policy choice, not a universal rule: failures WARN. */
  readonly advisory?: boolean;
}

const WEAK_CIPHERS = ['3des-cbc', 'aes128-cbc', 'aes192-cbc', 'aes256-cbc', 'blowfish-cbc', 'cast128-cbc', 'arcfour', 'arcfour128', 'arcfour256', 'rijndael-cbc@lysator.liu.se'];
const WEAK_MACS = ['hmac-md5', 'hmac-md5-96', 'hmac-md5-etm@openssh.com', 'hmac-md5-96-etm@openssh.com', 'hmac-ripemd160', 'hmac-ripemd160-etm@openssh.com', 'hmac-sha1-96', 'hmac-sha1-96-etm@openssh.com', 'umac-64@openssh.com', 'umac-64-etm@openssh.com'];
const WEAK_KEX = ['diffie-hellman-group1-sha1', 'diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1'];

export const SSH_ROWS: readonly SshRow[] = [
  { id: 'KF-O-010', title: 'sshd: PasswordAuthentication is no', key: 'passwordauthentication', check: { op: 'is', value: 'no' }, default: 'yes', severity: 'high', remediation: 'Set `PasswordAuthentication no` in /etc/ssh/sshd_config (before any Include that sets it), then reload sshd.' },
  { id: 'KF-O-011', title: 'sshd: PermitRootLogin is no', key: 'permitrootlogin', check: { op: 'is', value: 'no' }, default: 'prohibit-password', severity: 'high', remediation: 'Set `PermitRootLogin no`; administrators log in as themselves and use sudo.' },
  { id: 'KF-O-012', title: 'sshd: a second factor is required (AuthenticationMethods)', key: 'authenticationmethods', check: { op: 'multi-factor' }, default: 'any', severity: 'medium', advisory: true, remediation: 'Where your organisation requires multi-factor access, set `AuthenticationMethods publickey,keyboard-interactive` (with a PAM OTP module) or use FIDO2 keys (sk-ssh-ed25519) so every login needs two factors.' },
  { id: 'KF-O-013', title: 'sshd: KbdInteractiveAuthentication is no (unless it is the second factor)', key: 'kbdinteractiveauthentication', aliases: ['challengeresponseauthentication'], check: { op: 'off-unless-second-factor', method: 'keyboard-interactive' }, default: 'yes', severity: 'medium', remediation: 'Set `KbdInteractiveAuthentication no` (with UsePAM yes it otherwise allows password logins through PAM), unless AuthenticationMethods uses it as a second factor.' },
  { id: 'KF-O-014', title: 'sshd: PermitEmptyPasswords is no', key: 'permitemptypasswords', check: { op: 'is', value: 'no' }, default: 'no', severity: 'high', remediation: 'Set `PermitEmptyPasswords no`.' },
  { id: 'KF-O-015', title: 'sshd: MaxAuthTries is 4 or less', key: 'maxauthtries', check: { op: 'max', value: 4 }, default: '6', severity: 'low', remediation: 'Set `MaxAuthTries 4`.' },
  { id: 'KF-O-016', title: 'sshd: X11Forwarding is no', key: 'x11forwarding', check: { op: 'is', value: 'no' }, default: 'no', severity: 'low', remediation: 'Set `X11Forwarding no` (Debian and Ubuntu ship yes).' },
  { id: 'KF-O-017', title: 'sshd: HostbasedAuthentication is no', key: 'hostbasedauthentication', check: { op: 'is', value: 'no' }, default: 'no', severity: 'medium', remediation: 'Set `HostbasedAuthentication no`.' },
  { id: 'KF-O-018', title: 'sshd: IgnoreRhosts is yes', key: 'ignorerhosts', check: { op: 'is', value: 'yes' }, default: 'yes', severity: 'medium', remediation: 'Set `IgnoreRhosts yes`.' },
  { id: 'KF-O-019', title: 'sshd: PermitUserEnvironment is no', key: 'permituserenvironment', check: { op: 'is', value: 'no' }, default: 'no', severity: 'medium', remediation: 'Set `PermitUserEnvironment no`.' },
  { id: 'KF-O-020', title: 'sshd: LoginGraceTime is 60 seconds or less', key: 'logingracetime', check: { op: 'seconds-between', min: 1, max: 60 }, default: '120', severity: 'low', remediation: 'Set `LoginGraceTime 60`.' },
  { id: 'KF-O-021', title: 'sshd: idle sessions time out (ClientAliveInterval > 0)', key: 'clientaliveinterval', check: { op: 'positive' }, default: '0', severity: 'low', remediation: 'Set `ClientAliveInterval 300` and `ClientAliveCountMax 3` (or lower).' },
  { id: 'KF-O-022', title: 'sshd: TCP forwarding is disabled', key: 'allowtcpforwarding', check: { op: 'is', value: 'no' }, default: 'yes', severity: 'medium', remediation: 'Set `AllowTcpForwarding no` (or `DisableForwarding yes`): a node is not a jump host into the pod network.' },
  { id: 'KF-O-023', title: 'sshd: LogLevel is INFO or VERBOSE', key: 'loglevel', check: { op: 'one-of', values: ['info', 'verbose'] }, default: 'INFO', severity: 'low', remediation: 'Set `LogLevel VERBOSE` (records key fingerprints of logins).' },
  { id: 'KF-O-024', title: 'sshd: no weak ciphers', key: 'ciphers', check: { op: 'none-of', values: WEAK_CIPHERS }, default: 'chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com', severity: 'medium', remediation: 'Remove CBC, 3DES, Blowfish, CAST and arcfour ciphers from `Ciphers`.' },
  { id: 'KF-O-025', title: 'sshd: no weak MACs', key: 'macs', check: { op: 'none-of', values: WEAK_MACS }, default: 'umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com', severity: 'medium', remediation: 'Remove MD5, RIPEMD-160, SHA1-96 and UMAC-64 MACs from `MACs`.' },
  { id: 'KF-O-026', title: 'sshd: no weak key exchange', key: 'kexalgorithms', check: { op: 'none-of', values: WEAK_KEX }, default: 'sntrup761x25519-sha512@openssh.com,curve25519-sha256,ecdh-sha2-nistp256', severity: 'medium', remediation: 'Remove diffie-hellman-group1-sha1, group14-sha1 and group-exchange-sha1 from `KexAlgorithms`.' },
  { id: 'KF-O-027', title: 'sshd: access is limited to named users or groups', key: 'allowgroups', check: { op: 'set-any', keys: ['allowusers', 'allowgroups', 'denyusers', 'denygroups'] }, severity: 'low', advisory: true, remediation: 'Set `AllowGroups ssh-admins` (or AllowUsers) so only named administrators can log in.' },
];

function sshSeconds(value: string): number | undefined {
  const m = /^(\d+)([smhdw]?)$/i.exec(value.trim());
  if (m === null) return undefined;
  const unit: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  return Number(m[1]) * (unit[(m[2] ?? '').toLowerCase()] ?? 1);
}

function sshPasses(check: SshCheck, value: string | undefined, config: SshdConfig): boolean {
  const v = (value ?? '').toLowerCase();
  switch (check.op) {
    case 'is':
      return v === check.value;
    case 'one-of':
      return check.values.includes(v);
    case 'max':
      return /^\d+$/.test(v) && Number(v) <= check.value;
    case 'seconds-between': {
      const s = sshSeconds(v);
      return s !== undefined && s >= check.min && s <= check.max;
    }
    case 'positive':
      return (sshSeconds(v) ?? 0) > 0;
    case 'none-of':
      return !v.replace(/^[+^-]/, '').split(',').some((item) => check.values.includes(item.trim()));
    case 'multi-factor':
      return v.split(/\s+/).filter((l) => l !== '').every((list) => list.split(',').length >= 2) && v !== 'any' && v !== '';
    case 'set-any':
      return check.keys.some((k) => config.values.has(k));
    case 'off-unless-second-factor': {
      if (v === 'no') return true;
      const lists = (config.values.get('authenticationmethods')?.value ?? '').split(/\s+/).filter((l) => l !== '');
      return lists.length > 0 && lists.every((l) => l.split(',').indexOf(check.method) > 0);
    }
  }
}

function sshControls(ctx: NodeContext): ControlResult[] {
  const { view, inventory } = ctx;
  const config = readSshdConfig(view);
  const sshd = inventory.processes.find((p) => (p.argv[0] ?? '').split('/').pop()?.startsWith('sshd') === true);
  const fileMeta: OsControlMeta = { id: 'KF-O-009', title: 'sshd configuration files are 600 or stricter and owned by root', group: 'KF-O.ssh', severity: 'low', remediation: 'chmod 600 /etc/ssh/sshd_config /etc/ssh/sshd_config.d/*.conf; chown root:root on them.' };
  const all = [fileMeta, ...SSH_ROWS.map((r) => ({ id: r.id, title: r.title, group: 'KF-O.ssh', severity: r.severity, remediation: r.remediation }))];
  if (config === undefined) {
    const why = sshd === undefined ? 'sshd is not installed or configured (no /etc/ssh/sshd_config, no sshd process)' : `sshd runs (pid ${sshd.pid}) but ${SSHD_CONFIG} cannot be read`;
    return all.map((m) => result(m, sshd === undefined ? 'NOT-APPLICABLE' : 'WARN', sshd === undefined ? why : `cannot verify: ${why}`, []));
  }
  const out: ControlResult[] = [];
  const failing: string[] = [];
  const facts = config.files.map((f) => view.stat(f)).filter((f) => f?.exists === true);
  for (const fact of facts) {
    if (fact === undefined) continue;
    const real = fact.type === 'symlink' && fact.target !== undefined ? fact.target : fact;
    const owner = { mode: real.mode ?? 0, user: inventory.users.get(real.uid ?? -1) ?? (real.uid === 0 ? 'root' : String(real.uid)), group: inventory.groups.get(real.gid ?? -1) ?? (real.gid === 0 ? 'root' : String(real.gid)) };
    if (!applyFile({ op: 'mode-at-most', mode: 0o600 }, owner) || !applyFile({ op: 'owner', user: 'root', group: 'root' }, owner)) failing.push(fact.path);
  }
  const fileEvidence = facts.flatMap((f) => (f === undefined ? [] : [ev(describeFact(inventory, f), f.path)]));
  out.push(failing.length > 0 ? result(fileMeta, 'FAIL', `${failing.join(', ')} not 0600 root:root`, fileEvidence, { file: failing[0] ?? SSHD_CONFIG, remediation: `chmod 600 ${failing.join(' ')}; chown root:root ${failing.join(' ')}` }) : result(fileMeta, 'PASS', 'mode 0600 or stricter, root:root', fileEvidence));
  for (const row of SSH_ROWS) {
    const meta: OsControlMeta = { id: row.id, title: row.title, group: 'KF-O.ssh', severity: row.severity, remediation: row.remediation };
    const found = [row.key, ...(row.aliases ?? [])].map((k) => config.values.get(k)).find((v) => v !== undefined);
    const value = found?.value ?? row.default;
    const evidence: Evidence[] = [];
    if (row.check.op === 'set-any') {
      const set = row.check.keys.flatMap((k) => {
        const v = config.values.get(k);
        return v === undefined ? [] : [ev(`${k} ${v.value} (${v.file}:${v.line})`, v.file)];
      });
      evidence.push(...(set.length > 0 ? set : [ev(`none of AllowUsers/AllowGroups/DenyUsers/DenyGroups is set (${config.files.join(', ')})`)]));
    } else {
      evidence.push(found === undefined ? ev(`${row.key} not set in ${config.files.join(', ')}; OpenSSH default ${row.default ?? '(none)'}`) : ev(`${row.key} ${found.value} (${found.file}:${found.line}; the first value wins)`, found.file));
    }
    const overrides = config.matchOverrides.filter((o) => o.startsWith(`${row.key} `));
    if (overrides.length > 0) evidence.push(ev(`also set for some connections: ${overrides.join('; ')}`));
    const pass = sshPasses(row.check, value, config);
    const extra = { key: row.key, ...(found === undefined ? { file: SSHD_CONFIG } : { file: found.file }) };
    if (pass) out.push(result(meta, 'PASS', `${row.key} ${value ?? ''}`.trim(), evidence, extra));
    else out.push(result(meta, row.advisory === true ? 'WARN' : 'FAIL', `${row.key} is ${value ?? 'unset'}`, evidence, extra));
  }
  return out;
}

export function evaluateOs(ctx: NodeContext): ControlResult[] {
  const os = readOsRelease(ctx.view);
  const minimal = minimalOs(os);
  return [
    minimalControl(os),
    macControl(ctx.view),
    auditdControl(ctx, minimal),
    updatesControl(ctx.view, os, minimal),
    firewallControl(ctx, minimal),
    kernelControl(ctx),
    adminGroupControl(ctx.view),
    rootKeysControl(ctx.view),
    ...sshControls(ctx),
  ];
}
