/** `kubefort rbac`: who-can, can-i, effective permissions, escalation paths, least privilege from audit logs. */
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import jsYaml from 'js-yaml';
import { KubefortError } from '../core/errors.js';
import { Inventory } from '../core/inventory.js';
import {
  EscalationGraph,
  formatGrant,
  formatPath,
  formatRequest,
  formatRule,
  formatSubject,
  identityOf,
  idleTokens,
  isWorkloadIdentity,
  parseAuditLog,
  suggest,
  unusedRules,
  type UsedRequest,
  type UserInfo,
  impersonatedIdentity,
  parseSubjectSpec,
  RbacAuthorizer,
  rbacObjects,
  type Grant,
  type Request,
  type SubjectRef,
  type Sink,
  type SubjectSpec,
} from '../analysis/rbac/index.js';
import { EXIT } from './output.js';

interface SourceFlags {
  filename: string[];
  kubeconfig?: string;
  context?: string;
  output: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function withSource(command: Command): Command {
  return command
    .option('-f, --filename <path>', 'manifest file or directory (repeatable, as in kubectl; - reads stdin); none: the live cluster', collect, [])
    .option('--kubeconfig <file>', 'kubeconfig for the live cluster (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context of the live cluster')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'));
}

const LIVE_KINDS = new Set(['Namespace', 'ServiceAccount', 'Pod', 'Service', 'Node', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'Secret']);
const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

/**
 * Loads the inventory from -f or the live cluster. An answer about part of the RBAC objects can be
 * wrong either way (a missing binding is a wrong "no", a missing deny does not exist but a missing
 * role is), so any input error, or no object at all, stops the command (exit 2) before it answers;
 * RBAC kinds a live cluster does not let kubefort list are an error too.
 */
export async function loadRbacInventory(flags: Pick<SourceFlags, 'filename' | 'kubeconfig' | 'context'>): Promise<Inventory> {
  if (flags.filename.length > 0) {
    const { loadManifests } = await import('../sources/manifests.js');
    const load = await loadManifests(flags.filename);
    const errors = load.errors.filter((e) => e.level === 'error');
    for (const e of errors) process.stderr.write(`kubefort: ${e.code}: ${e.file ?? ''}${e.line === undefined ? '' : `:${e.line}`}: ${e.message}\n`);
    if (errors.length > 0) {
      const first = errors[0] as (typeof errors)[number];
      throw new KubefortError(first.code, `no answer: ${errors.length === 1 ? 'the input error above' : `the ${errors.length} input errors above`}; RBAC answers need every Role, ClusterRole and binding`);
    }
    if (load.resources.length === 0) throw new KubefortError('KF_ERR_NO_INPUT', `no answer: no Kubernetes objects were read from ${flags.filename.map((f) => (f === '-' ? '<stdin>' : f)).join(', ')}`);
    return new Inventory(load.resources);
  }
  const { loadCluster } = await import('../sources/cluster.js');
  const { SCAN_TYPES } = await import('../sources/cluster-types.js');
  const load = await loadCluster({
    ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
    types: SCAN_TYPES.filter((t) => LIVE_KINDS.has(t.kind)),
  });
  const missing = load.gaps.filter((g) => RBAC_KINDS.includes(g.kind));
  if (missing.length > 0) throw new KubefortError('KF_ERR_USAGE', `cannot list ${missing.map((g) => `${g.resource} (${g.status} ${g.reason})`).join(', ')}: RBAC answers need every Role, ClusterRole and binding`);
  for (const g of load.gaps) process.stderr.write(`kubefort: warning: cannot list ${g.resource} (${g.status}): paths through them are not found\n`);
  return new Inventory(load.resources, load.gaps, load.facts);
}

/** Common resources' API groups, so `who-can create deployments` needs no `--api-group`. */
const KNOWN_GROUPS: Record<string, string> = {
  deployments: 'apps', daemonsets: 'apps', statefulsets: 'apps', replicasets: 'apps', controllerrevisions: 'apps',
  jobs: 'batch', cronjobs: 'batch',
  roles: 'rbac.authorization.k8s.io', clusterroles: 'rbac.authorization.k8s.io', rolebindings: 'rbac.authorization.k8s.io', clusterrolebindings: 'rbac.authorization.k8s.io',
  networkpolicies: 'networking.k8s.io', ingresses: 'networking.k8s.io', ingressclasses: 'networking.k8s.io',
  certificatesigningrequests: 'certificates.k8s.io', signers: 'certificates.k8s.io',
  mutatingwebhookconfigurations: 'admissionregistration.k8s.io', validatingwebhookconfigurations: 'admissionregistration.k8s.io',
  customresourcedefinitions: 'apiextensions.k8s.io', storageclasses: 'storage.k8s.io', poddisruptionbudgets: 'policy',
  horizontalpodautoscalers: 'autoscaling', leases: 'coordination.k8s.io', tokenreviews: 'authentication.k8s.io', subjectaccessreviews: 'authorization.k8s.io',
};

interface RequestFlags {
  namespace?: string;
  name?: string;
  apiGroup?: string;
}

/** `VERB RESOURCE[.GROUP][/SUBRESOURCE]` or `VERB /non/resource/url`. */
export function parseRequest(verb: string, target: string, flags: RequestFlags): Request {
  if (target.startsWith('/')) return { kind: 'nonResource', verb, path: target };
  const slash = target.indexOf('/');
  const head = slash < 0 ? target : target.slice(0, slash);
  const subresource = slash < 0 ? '' : target.slice(slash + 1);
  const dot = head.indexOf('.');
  const resource = dot < 0 ? head : head.slice(0, dot);
  const apiGroup = flags.apiGroup ?? (dot < 0 ? (KNOWN_GROUPS[resource] ?? '') : head.slice(dot + 1));
  return { kind: 'resource', verb, apiGroup, resource, subresource, namespace: flags.namespace ?? '', name: flags.name ?? '' };
}

function grantJSON(g: Grant): unknown {
  return {
    binding: { kind: g.binding.kind, namespace: g.binding.namespace, name: g.binding.name, subject: g.binding.subjects[g.subjectIndex] },
    role: { kind: g.role.kind, namespace: g.role.namespace, name: g.role.name },
    ruleIndex: g.ruleIndex,
    rule: g.rule,
  };
}

function subjectLabel(s: SubjectRef, namespace: string | undefined): string {
  if (s.kind === 'ServiceAccount') return `ServiceAccount ${s.namespace || namespace || ''}/${s.name}`;
  return `${s.kind} ${s.name}`;
}

function print(flags: SourceFlags, json: unknown, text: () => string): void {
  if (flags.output === 'json') process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  else process.stdout.write(text());
}

/** The `-o json` documents of rbac commands: `apiVersion` and `kind` first, as every kubefort JSON output (docs/rbac.md). */
function envelope<T extends object>(kind: RbacKind, body: T): { apiVersion: typeof API_VERSION; kind: RbacKind } & T {
  return { apiVersion: API_VERSION, kind, ...body };
}

const API_VERSION = 'kubefort.io/v1alpha1';
type RbacKind = 'RbacWhoCan' | 'RbacCanI' | 'RbacList' | 'RbacPaths' | 'RbacUnused';

/** Every escalation sink, by name: `--sink` takes only these. */
const SINK_NAMES: Record<Sink, true> = { 'cluster-admin': true, 'kube-system-secrets': true };
const SINKS = Object.keys(SINK_NAMES) as Sink[];

/** A subject option (`--subject`, `list --as`); one that cannot be read is a usage error, never "no filter". */
function subjectOption(text: string, flag = '--subject'): SubjectSpec {
  const spec = parseSubjectSpec(text);
  if (spec === undefined) throw new KubefortError('KF_ERR_USAGE', `${flag}: cannot read subject "${text}"; use system:serviceaccount:NS:NAME, sa:NS/NAME, group:NAME, user:NAME or a user name`);
  return spec;
}

function whoCanCommand(): Command {
  return withSource(
    new Command('who-can')
      .description('every subject allowed VERB on RESOURCE[/SUBRESOURCE] (or a /non-resource/url), with binding → role → rule')
      .argument('<verb>')
      .argument('<resource>', 'pods, pods/exec, deployments.apps/scale, */scale is not a request; or /healthz')
      .option('-n, --namespace <ns>', 'namespace of the request (none: cluster-wide)')
      .option('--name <name>', 'object name (resourceNames)')
      .option('--api-group <group>', 'API group (default from RESOURCE.GROUP or the common groups; core otherwise)'),
  ).action(async (verb: string, target: string, flags: SourceFlags & RequestFlags) => {
    const request = parseRequest(verb, target, flags);
    const authorizer = new RbacAuthorizer(rbacObjects(await loadRbacInventory(flags)));
    const answers = authorizer.whoCan(request);
    print(
      flags,
      envelope('RbacWhoCan', { request, superuserGroups: ['system:masters'], subjects: answers.map((a) => ({ subject: a.subject, grant: grantJSON(a.grant) })) }),
      () => {
        const lines = [`who can ${formatRequest(request)}:`, '  Group system:masters (superuser, not RBAC)'];
        for (const a of answers) lines.push(`  ${subjectLabel(a.subject, a.grant.binding.namespace)}\n      via ${formatGrant(a.grant)}`);
        return `${lines.join('\n')}\n`;
      },
    );
  });
}

function canICommand(): Command {
  return withSource(
    new Command('can-i')
      .description('whether a user may do VERB on RESOURCE, as the API server decides (exit 0 yes, 1 no), with the grant behind it')
      .argument('<verb>')
      .argument('<resource>')
      .requiredOption('--as <user>', 'user name (system:serviceaccount:NS:NAME for a service account); implicit groups are added as impersonation does')
      .option('--as-group <group>', 'group (repeatable)', collect, [])
      .option('-n, --namespace <ns>', 'namespace of the request')
      .option('--name <name>', 'object name')
      .option('--api-group <group>', 'API group'),
  ).action(async (verb: string, target: string, flags: SourceFlags & RequestFlags & { as: string; asGroup: string[] }) => {
    const request = parseRequest(verb, target, flags);
    const user = impersonatedIdentity(flags.as, flags.asGroup);
    const authorizer = new RbacAuthorizer(rbacObjects(await loadRbacInventory(flags)));
    const decision = authorizer.authorize(user, request);
    const grants = decision.allowed ? authorizer.grants(user, request) : [];
    print(flags, envelope('RbacCanI', { user, request, allowed: decision.allowed, superuser: decision.allowed && decision.superuser === true, grants: grants.map(grantJSON) }), () => {
      if (!decision.allowed) return 'no\n';
      if (decision.superuser === true) return 'yes\n  via group system:masters (superuser, not RBAC)\n';
      return `yes\n${grants.map((g) => `  via ${formatGrant(g)}`).join('\n')}\n`;
    });
    process.exitCode = decision.allowed ? EXIT.ok : EXIT.findings;
  });
}

function listCommand(): Command {
  return withSource(
    new Command('list')
      .description('effective permissions of a subject: every binding that applies (directly or through its groups), its role and rules')
      .requiredOption('--as <subject>', 'system:serviceaccount:NS:NAME, sa:NS/NAME, group:NAME, user:NAME or a user name'),
  ).action(async (flags: SourceFlags & { as: string }) => {
    const subject = subjectOption(flags.as, '--as');
    const user = identityOf(subject);
    const authorizer = new RbacAuthorizer(rbacObjects(await loadRbacInventory(flags)));
    const entries = authorizer.applicableEverywhere(user).filter((e) => e.role !== undefined);
    const superuser = user.groups.includes('system:masters');
    print(
      flags,
      envelope('RbacList', {
        subject,
        user,
        superuser,
        grants: entries.map((e) => ({
          scope: e.binding.kind === 'ClusterRoleBinding' ? 'cluster' : e.binding.namespace,
          binding: { kind: e.binding.kind, namespace: e.binding.namespace, name: e.binding.name, subject: e.binding.subjects[e.subjectIndex] },
          role: { kind: e.role?.kind, namespace: e.role?.namespace, name: e.role?.name },
          rules: e.rules,
        })),
      }),
      () => {
        const lines = [`${formatSubject(subject)} (user ${user.user}, groups ${user.groups.join(', ')}):`];
        if (superuser) lines.push('  everything: system:masters bypasses RBAC');
        for (const e of entries) {
          const scope = e.binding.kind === 'ClusterRoleBinding' ? 'cluster-wide' : `in namespace ${e.binding.namespace ?? ''}`;
          const via = subjectLabel(e.binding.subjects[e.subjectIndex] as SubjectRef, e.binding.namespace);
          lines.push(`  ${scope}: ${e.binding.kind} ${e.binding.namespace === undefined ? '' : `${e.binding.namespace}/`}${e.binding.name} (as ${via}) → ${e.role?.kind} ${e.role?.namespace === undefined ? '' : `${e.role.namespace}/`}${e.role?.name}`);
          e.rules.forEach((r, i) => lines.push(`      rules[${i}]: ${formatRule(r)}`));
        }
        if (entries.length === 0 && !superuser) lines.push('  nothing');
        return `${lines.join('\n')}\n`;
      },
    );
  });
}

function pathsCommand(): Command {
  return withSource(
    new Command('paths')
      .description('shortest escalation chains from every identity to cluster-admin or to kube-system Secrets, hop by hop with the grant behind each hop')
      .addOption(new Option('--sink <sink>', 'only chains to this sink (default: both)').choices([...SINKS]))
      .option('--subject <subject>', 'only chains starting at this subject'),
  ).action(async (flags: SourceFlags & { sink?: string; subject?: string }) => {
    const only = flags.subject === undefined ? undefined : subjectOption(flags.subject);
    const inventory = await loadRbacInventory(flags);
    const graph = new EscalationGraph(new RbacAuthorizer(rbacObjects(inventory)), inventory);
    const label = only === undefined ? undefined : formatSubject(only);
    const paths = graph.paths().filter((p) => (flags.sink === undefined || p.sink === flags.sink) && (label === undefined || p.label === label));
    print(
      flags,
      envelope('RbacPaths', { paths: paths.map((p) => ({ subject: p.subject, sink: p.sink, exposed: p.exposed, workloads: p.workloads, hops: p.hops.map((h) => ({ from: h.from, to: h.to, primitive: h.primitive, text: h.text, grants: h.grants.map(grantJSON) })) })) }),
      () => (paths.length === 0 ? 'no escalation paths\n' : `${paths.map(formatPath).join('\n\n')}\n`),
    );
    process.exitCode = paths.length > 0 ? EXIT.findings : EXIT.ok;
  });
}

/**
 * The allowed requests of the audit logs, of `subject` or of every workload identity. The log is the
 * only evidence of use: a log that cannot be read, or a file in which no line is an audit event
 * (the wrong file, a gzip-compressed rotation), stops the command rather than make every grant
 * look unused (exit 2). A few bad lines in a real log are a warning.
 */
async function readAudit(files: string[], subject: string | undefined): Promise<UsedRequest[]> {
  if (files.length === 0) throw new KubefortError('KF_ERR_USAGE', '--audit-log FILE is required');
  const user = subject === undefined ? undefined : identityOf(subjectOption(subject)).user;
  const used: UsedRequest[] = [];
  let events = 0;
  for (const f of files) {
    let text: string;
    try {
      text = await readFile(f, 'utf8');
    } catch (error) {
      throw new KubefortError('KF_ERR_READ', `cannot read audit log ${f}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = parseAuditLog(text);
    if (parsed.events === 0 && parsed.skipped > 0) throw new KubefortError('KF_ERR_NO_INPUT', `no audit events were read from ${f}: none of its ${parsed.skipped} lines is an audit event (JSON lines of kind Event, as the API server's log backend writes them)`);
    if (parsed.skipped > 0) process.stderr.write(`kubefort: warning: ${f}: ${parsed.skipped} lines are not audit events\n`);
    events += parsed.events;
    used.push(...parsed.used);
  }
  if (events === 0) throw new KubefortError('KF_ERR_NO_INPUT', `no audit events were read from ${files.join(', ')}: without them there is no evidence of use`);
  return user === undefined ? used.filter((u) => isWorkloadIdentity(u.user)) : used.filter((u) => u.user.user === user);
}

function suggestCommand(): Command {
  return new Command('suggest')
    .description('minimal Roles, ClusterRoles and bindings for every identity of an audit log (JSON lines), from what each actually did')
    .option('--audit-log <file>', 'audit log, JSON lines (repeatable)', collect, [])
    .option('--subject <subject>', 'only this identity (default: every non-system identity; system:masters members excluded)')
    .addOption(new Option('-o, --output <format>', 'output format (json: a v1 List of the objects)').choices(['yaml', 'json']).default('yaml'))
    .action(async (flags: { auditLog: string[]; subject?: string; output: string }) => {
      const objects = suggest(await readAudit(flags.auditLog, flags.subject));
      if (flags.output === 'json') process.stdout.write(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2)}\n`);
      else process.stdout.write(objects.map((o) => jsYaml.dump(o, { lineWidth: -1, noRefs: true })).join('---\n'));
    });
}

function unusedCommand(): Command {
  return withSource(
    new Command('unused')
      .description('granted rules that no request in the audit log used, per identity, with binding → role → rule')
      .option('--audit-log <file>', 'audit log, JSON lines (repeatable)', collect, [])
      .option('--subject <subject>', 'only this identity (default: every non-system identity bound by some binding or seen in the log)'),
  ).action(async (flags: SourceFlags & { auditLog: string[]; subject?: string }) => {
    const used = await readAudit(flags.auditLog, flags.subject);
    const inventory = await loadRbacInventory(flags);
    const authorizer = new RbacAuthorizer(rbacObjects(inventory));
    const idle = flags.subject === undefined ? idleTokens(inventory, used) : [];
    const users = new Map<string, UserInfo>();
    if (flags.subject !== undefined) {
      const id = identityOf(subjectOption(flags.subject));
      users.set(id.user, id);
    } else {
      for (const u of used) users.set(u.user.user, u.user);
      for (const e of authorizer.boundRoles()) {
        const s = e.binding.subjects[e.subjectIndex];
        const spec = s === undefined ? undefined : parseSubjectSpec(s.kind === 'ServiceAccount' ? `sa:${s.namespace || e.binding.namespace || ''}/${s.name}` : `${s.kind.toLowerCase()}:${s.name}`);
        if (spec === undefined || spec.kind === 'Group') continue;
        const id = identityOf(spec);
        if (isWorkloadIdentity(id) && !users.has(id.user)) users.set(id.user, id);
      }
    }
    const report = unusedRules(authorizer, used, [...users.values()]).filter((r) => r.unused.length > 0);
    const identities = report.map((r) => ({ user: r.user, unused: r.unused.map((u) => ({ binding: { kind: u.bound.binding.kind, namespace: u.bound.binding.namespace, name: u.bound.binding.name }, role: { kind: u.bound.role?.kind, namespace: u.bound.role?.namespace, name: u.bound.role?.name }, ruleIndex: u.ruleIndex, rule: u.rule })) }));
    print(
      flags,
      // idleTokens only when they were looked for (not with --subject): absent is not "none".
      envelope('RbacUnused', flags.subject !== undefined ? { identities } : { identities, idleTokens: idle }),
      () =>
        (idle.length > 0 ? `${idle.map((t) => `${t.workload} mounts the token of ServiceAccount ${t.serviceAccount}, which made no request: set automountServiceAccountToken: false`).join('\n')}\n` : '') +
        (report.length === 0
          ? 'every granted rule was used\n'
          : `${report
              .map((r) => [`${r.user.user}:`, ...r.unused.map((u) => `  never used: ${u.bound.binding.kind} ${u.bound.binding.namespace === undefined ? '' : `${u.bound.binding.namespace}/`}${u.bound.binding.name} → ${u.bound.role?.kind} ${u.bound.role?.name} → rules[${u.ruleIndex}]: ${formatRule(u.rule)}`)].join('\n'))
              .join('\n')}\n`),
    );
    process.exitCode = report.length > 0 || idle.length > 0 ? EXIT.findings : EXIT.ok;
  });
}

export function rbacCommand(): Command {
  return new Command('rbac')
    .description('RBAC as the API server decides it: who-can, can-i, effective permissions, escalation paths, least privilege from audit logs')
    .addCommand(whoCanCommand())
    .addCommand(canICommand())
    .addCommand(listCommand())
    .addCommand(pathsCommand())
    .addCommand(unusedCommand())
    .addCommand(suggestCommand());
}
