/**
 * Lints an audit policy: strict parse, then first-match simulation over representative requests
 * (reference §9.4), then the API server's audit flags when given.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Finding, ScanResult } from '../../core/finding.js';
import { cis, type FrameworkRef } from '../../core/framework.js';
import { formatPath, type JsonPath } from '../../core/path.js';
import { severityRank, type Severity } from '../../core/severity.js';
import { VERSION } from '../../version.js';
import { evaluatePolicy, ruleCovers } from './evaluate.js';
import { parsePolicy } from './parse.js';
import { levelRank, type Level, type Policy, type PolicyRule, type RequestAttributes } from './types.js';

export interface LintRuleMeta {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
  readonly remediation: string;
  readonly frameworks: readonly FrameworkRef[];
}

const meta = (id: string, name: string, severity: Severity, title: string, description: string, remediation: string, frameworks: FrameworkRef[] = [cis('3.2.2')]): LintRuleMeta => ({
  id,
  name,
  title,
  severity,
  description,
  remediation,
  frameworks,
});

/** Every lint the policy linter can report, by id. */
export const POLICY_LINTS = {
  'KF-AP-001': meta('KF-AP-001', 'audit-policy-invalid', 'critical', 'The policy file is not a valid audit.k8s.io/v1 Policy', 'The API server refuses to start with this file (wrong apiVersion or kind, no rules, invalid level, stage, group or URL).', 'Fix the field named in the message; only apiVersion audit.k8s.io/v1 is accepted since Kubernetes 1.24.'),
  'KF-AP-002': meta('KF-AP-002', 'audit-policy-unknown-field', 'high', 'The policy has a field the API server silently ignores', 'The API server decodes the policy leniently after a strict failure, so a misspelt field is dropped with only a warning in its log and the rule does something else.', 'Rename or remove the field named in the message.'),
  'KF-AP-003': meta('KF-AP-003', 'audit-policy-credentials-in-bodies', 'high', 'Credentials are logged in request or response bodies', 'Secrets, ConfigMaps, TokenReviews and TokenRequests (serviceaccounts/token) at Request or RequestResponse put secret values and tokens in the audit log.', 'Add, before the rule named in the message, a rule `level: Metadata` for group "" resources secrets, configmaps, serviceaccounts/token and group authentication.k8s.io tokenreviews.'),
  'KF-AP-004': meta('KF-AP-004', 'audit-policy-no-catch-all', 'medium', 'The policy has no catch-all rule of at least Metadata', 'Requests no rule matches are not logged at all: CRDs, new API groups and non-resource URLs disappear from the log.', 'End the rules with `- level: Metadata` (no other field).'),
  'KF-AP-005': meta('KF-AP-005', 'audit-policy-failed-logins-invisible', 'high', 'Failed authentication (401) is not logged', 'A 401 produces a single event at stage ResponseStarted with no user. Omitting ResponseStarted, or rules that only match known users, hide every failed login and brute-force attempt.', 'Remove ResponseStarted from omitStages and keep a Metadata rule without users/userGroups (e.g. the catch-all) reachable by unauthenticated requests.'),
  'KF-AP-006': meta('KF-AP-006', 'audit-policy-request-received-kept', 'low', 'RequestReceived is not omitted', 'RequestReceived events carry no response code and roughly double the log volume.', 'Add `omitStages: [RequestReceived]` at the top of the policy.'),
  'KF-AP-007': meta('KF-AP-007', 'audit-policy-exec-not-covered', 'high', 'exec, attach, port-forward or proxy requests are not logged', '`pods` does not match `pods/exec`: subresources must be listed. Without them `kubectl exec` (verb get for WebSocket, create for SPDY), attach, port-forward and the proxies leave no trace.', 'Add a rule `level: Metadata` with group "" resources pods/exec, pods/attach, pods/portforward, pods/proxy, services/proxy, nodes/proxy (or use pods/*).'),
  'KF-AP-008': meta('KF-AP-008', 'audit-policy-pods-rule-without-subresources', 'low', 'A rule for pods does not cover its subresources', 'The rule lists `pods` but not pods/exec, pods/attach or pods/portforward, which a reader usually expects it to cover; they fall through to later rules.', 'List the subresources in the same rule or use `pods/*`.'),
  'KF-AP-009': meta('KF-AP-009', 'audit-policy-shadowed-rule', 'medium', 'A rule can never match: an earlier rule takes all its requests', 'The API server uses the first matching rule; a rule whose requests all match an earlier one is dead and its level never applies.', 'Move the rule before the rule that shadows it, or delete it.', []),
  'KF-AP-010': meta('KF-AP-010', 'audit-policy-reads-at-request-response', 'medium', 'High-volume read-only traffic is logged at RequestResponse', 'get/list/watch responses of pods, nodes, endpoints, events or leases are large and frequent: logging them whole multiplies the log volume for little detection value.', 'Log reads at Metadata (or Request) and keep RequestResponse for writes.'),
  'KF-AP-011': meta('KF-AP-011', 'audit-policy-writes-without-body', 'medium', 'Workload or RBAC writes are logged without their body', 'Privileged-pod, hostPath and cluster-admin binding detections need the request body (level Request or above).', 'Log create/update/patch of pods, workloads and RBAC objects at Request or RequestResponse.'),
  'KF-AP-012': meta('KF-AP-012', 'audit-policy-security-request-not-logged', 'medium', 'A security-relevant request is not logged', 'Self-subject reviews, CSR creation and approval, webhook configuration changes and token requests need at least Metadata to be detected.', 'Log the resource named in the message at Metadata or above.'),
  'KF-AP-013': meta('KF-AP-013', 'audit-policy-catch-all-none', 'medium', 'The catch-all rule is level None', 'Everything not named earlier is dropped, including new API groups and CRDs.', 'Make the final catch-all `level: Metadata`.'),
  'KF-AF-001': meta('KF-AF-001', 'audit-flags-no-policy', 'critical', 'The API server has no --audit-policy-file', 'Without a policy file the API server produces no audit events, whatever backend is configured.', 'Add --audit-policy-file=/etc/kubernetes/audit/policy.yaml and mount it into the static pod.', [cis('3.2.1')]),
  'KF-AF-002': meta('KF-AF-002', 'audit-flags-no-backend', 'high', 'No audit backend is configured', 'Neither --audit-log-path nor --audit-webhook-config-file is set, so events go nowhere.', 'Add --audit-log-path=/var/log/kubernetes/audit/audit.log (and mount the directory) or an audit webhook.', [cis('1.2.16')]),
  'KF-AF-003': meta('KF-AF-003', 'audit-flags-retention', 'medium', 'Audit log retention is below the CIS values', 'CIS 1.2.17–1.2.19 ask for --audit-log-maxage ≥ 30, --audit-log-maxbackup ≥ 10 and --audit-log-maxsize ≥ 100.', 'Set the flag named in the message to at least the CIS value.', [cis('1.2.17'), cis('1.2.18'), cis('1.2.19')]),
  'KF-AF-004': meta('KF-AF-004', 'audit-flags-not-mounted', 'high', 'An audit file is not mounted into the kube-apiserver static pod', 'A policy file or log directory outside the pod is the most common reason the API server does not come back after audit is enabled.', 'Add a hostPath volume and volumeMount for the path named in the message.', []),
} as const satisfies Record<string, LintRuleMeta>;

export type PolicyLintId = keyof typeof POLICY_LINTS;

export interface LintFinding {
  readonly id: PolicyLintId;
  readonly message: string;
  /** JSON path in the policy (or the flag name). */
  readonly at: JsonPath;
  /** Distinguishes several findings of one lint (a resource, a flag). */
  readonly key: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

// ---- representative requests ----

type UserClass = 'user' | 'serviceaccount' | 'node' | 'anonymous';
const USERS: Record<UserClass, NonNullable<RequestAttributes['user']>> = {
  user: { name: 'jane', groups: ['system:authenticated'] },
  serviceaccount: { name: 'system:serviceaccount:default:app', groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'] },
  node: { name: 'system:node:node-1', groups: ['system:nodes', 'system:authenticated'] },
  anonymous: { name: 'system:anonymous', groups: ['system:unauthenticated'] },
};
const KNOWN_USERS = [USERS.user, USERS.serviceaccount, USERS.node];

function req(group: string, resourcePath: string, verb: string, namespace: string, user: RequestAttributes['user'], name?: string): RequestAttributes {
  const [resource = '', subresource] = resourcePath.split('/');
  return { verb, ...(user === undefined ? {} : { user }), resource: { group, resource, ...(subresource === undefined ? {} : { subresource }), namespace, ...(name === undefined ? {} : { name }) } };
}

const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const WRITE_VERBS = ['create', 'update', 'patch'];
const NAMESPACES = ['default', 'kube-system'];

const describeReq = (a: RequestAttributes): string =>
  a.resource === undefined
    ? `${a.verb} ${a.path ?? ''}`
    : `${a.verb} ${a.resource.group === '' ? '' : `${a.resource.group}/`}${a.resource.resource}${a.resource.subresource === undefined ? '' : `/${a.resource.subresource}`}${a.resource.namespace === '' ? '' : ` in ${a.resource.namespace}`}${a.user === undefined ? ' (no user)' : ` by ${a.user.name}`}`;

const ruleAt = (i: number): JsonPath => (i < 0 ? ['rules'] : ['rules', i]);
const ruleName = (i: number): string => (i < 0 ? 'no rule (level None)' : `rules[${i}]`);

/** Lints a parsed policy: the semantic checks, without the parse problems. */
export function lintPolicy(policy: Policy): LintFinding[] {
  const out: LintFinding[] = [];
  const seen = new Set<string>();
  const push = (f: LintFinding): void => {
    const k = `${f.id}\u0000${f.key}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(f);
  };

  // Credentials in bodies.
  const sensitive: [string, string, string[]][] = [
    ['', 'secrets', NAMESPACES],
    ['', 'configmaps', NAMESPACES],
    ['', 'serviceaccounts/token', NAMESPACES],
    ['authentication.k8s.io', 'tokenreviews', ['']],
  ];
  for (const [group, res, namespaces] of sensitive) {
    for (const verb of res.includes('/') || res === 'tokenreviews' ? ['create'] : ALL_VERBS)
      for (const ns of namespaces)
        for (const user of KNOWN_USERS) {
          const a = req(group, res, verb, ns, user);
          const d = evaluatePolicy(policy, a);
          if (levelRank(d.level) >= levelRank('Request'))
            push({ id: 'KF-AP-003', key: `${group}/${res}`, at: ruleAt(d.rule), message: `${describeReq(a)} is logged at ${d.level} by ${ruleName(d.rule)}: ${res} bodies would be written to the audit log` });
        }
  }

  // Catch-all.
  const catchAll = policy.rules.findIndex((r) => ruleCovers(r, { ...EMPTY_RULE, level: 'None' }) && r.users.length === 0 && r.userGroups.length === 0 && r.verbs.length === 0);
  if (catchAll === -1) push({ id: 'KF-AP-004', key: 'catch-all', at: ['rules'], message: 'no rule matches every request: requests to unlisted resources, CRDs and URLs are not logged' });
  else if (policy.rules[catchAll]?.level === 'None') push({ id: 'KF-AP-013', key: 'catch-all', at: ['rules', catchAll, 'level'], message: `rules[${catchAll}] matches every remaining request and logs none of them` });

  // Failed authentication: no user, stage ResponseStarted.
  if (policy.omitStages.includes('ResponseStarted'))
    push({ id: 'KF-AP-005', key: 'omitStages', at: ['omitStages'], message: 'omitStages contains ResponseStarted, the only stage a failed login (401) is logged at; exec and watch lose their start too' });
  const failed = [req('', 'pods', 'list', 'default', undefined), req('', 'secrets', 'get', 'kube-system', undefined, 'x'), { verb: 'get', path: '/api' }, { verb: 'get', path: '/apis' }];
  const failedDecisions = failed.map((a) => evaluatePolicy(policy, a));
  if (!policy.omitStages.includes('ResponseStarted') && failedDecisions.every((d) => d.level === 'None' || d.omitStages.has('ResponseStarted'))) {
    const d = failedDecisions[0];
    push({
      id: 'KF-AP-005',
      key: 'no-user',
      at: ruleAt(d?.rule ?? -1),
      message: `a request with invalid credentials (no user) to ${failed.map((a) => describeReq(a).replace(' (no user)', '')).join(', ')} is not logged${d !== undefined && d.rule >= 0 ? ` (decided by ${ruleName(d.rule)}: ${d.level === 'None' ? 'level None' : 'ResponseStarted omitted'})` : ''}`,
    });
  }

  // RequestReceived.
  if (!policy.omitStages.includes('RequestReceived')) {
    const keeping = policy.rules.map((r, i) => [r, i] as const).filter(([r]) => r.level !== 'None' && !r.omitStages.includes('RequestReceived'));
    if (keeping.length > 0)
      push({ id: 'KF-AP-006', key: 'RequestReceived', at: ['omitStages'], message: `RequestReceived is logged by ${keeping.map(([, i]) => `rules[${i}]`).join(', ')}: add it to the policy-wide omitStages` });
  }

  // exec, attach, port-forward and the proxies.
  for (const [res, verbs] of [
    ['pods/exec', ['get', 'create']],
    ['pods/attach', ['get', 'create']],
    ['pods/portforward', ['get', 'create']],
    ['pods/proxy', ['get']],
    ['services/proxy', ['get']],
    ['nodes/proxy', ['get', 'create']],
  ] as const) {
    for (const verb of verbs)
      for (const user of KNOWN_USERS) {
        const a = req('', res, verb, res.startsWith('nodes') ? '' : 'default', user, 'x');
        const d = evaluatePolicy(policy, a);
        if (d.level === 'None' || (d.omitStages.has('ResponseStarted') && d.omitStages.has('ResponseComplete')))
          push({ id: 'KF-AP-007', key: res, at: ruleAt(d.rule), message: `${describeReq(a)} is not logged (${ruleName(d.rule)})` });
      }
  }
  policy.rules.forEach((r, i) =>
    r.resources.forEach((gr, j) => {
      if (gr.group !== '' || !gr.resources.includes('pods')) return;
      const missing = ['pods/exec', 'pods/attach', 'pods/portforward'].filter((s) => !gr.resources.some((p) => p === s || p === '*' || p === 'pods/*' || p === `*/${s.slice(5)}`));
      if (missing.length > 0)
        push({ id: 'KF-AP-008', key: `rules[${i}].resources[${j}]`, at: ['rules', i, 'resources', j, 'resources'], message: `rules[${i}] (${r.level}) lists pods but not ${missing.join(', ')}: those are decided by ${missing.map((m) => ruleName(evaluatePolicy(policy, req('', m, 'create', 'default', USERS.user, 'x')).rule)).filter((v, k, all) => all.indexOf(v) === k).join(', ')}` });
    }),
  );

  // Shadowed rules.
  policy.rules.forEach((later, j) => {
    const i = policy.rules.slice(0, j).findIndex((earlier) => ruleCovers(earlier, later));
    if (i !== -1) push({ id: 'KF-AP-009', key: `rules[${j}]`, at: ['rules', j], message: `rules[${j}] (${later.level}) is unreachable: every request it matches is taken by rules[${i}] (${policy.rules[i]?.level ?? '?'})` });
  });

  // High-volume reads at RequestResponse.
  for (const [group, res] of [['', 'pods'], ['', 'nodes'], ['', 'endpoints'], ['', 'events'], ['', 'services'], ['coordination.k8s.io', 'leases'], ['apps', 'deployments'], ['apps', 'replicasets']] as const)
    for (const verb of ['get', 'list', 'watch'])
      for (const user of KNOWN_USERS) {
        const a = req(group, res, verb, res === 'nodes' ? '' : 'default', user);
        const d = evaluatePolicy(policy, a);
        if (d.level === 'RequestResponse') push({ id: 'KF-AP-010', key: `rules[${d.rule}]`, at: ruleAt(d.rule), message: `${describeReq(a)} is logged at RequestResponse by ${ruleName(d.rule)}: whole ${res} responses in the log` });
      }

  // Writes that detections need bodies for: one finding per deciding rule.
  const thin = new Map<number, { level: Level; resources: string[] }>();
  for (const [group, res, ns] of [['', 'pods', 'default'], ['apps', 'deployments', 'default'], ['apps', 'daemonsets', 'kube-system'], ['apps', 'statefulsets', 'default'], ['batch', 'jobs', 'default'], ['batch', 'cronjobs', 'default'], ['rbac.authorization.k8s.io', 'roles', 'default'], ['rbac.authorization.k8s.io', 'rolebindings', 'default'], ['rbac.authorization.k8s.io', 'clusterroles', ''], ['rbac.authorization.k8s.io', 'clusterrolebindings', '']] as const)
    for (const verb of WRITE_VERBS)
      for (const user of KNOWN_USERS) {
        const a = req(group, res, verb, ns, user);
        const d = evaluatePolicy(policy, a);
        if (levelRank(d.level) >= levelRank('Request')) continue;
        const entry = thin.get(d.rule) ?? { level: d.level, resources: [] };
        const name = `${group === '' ? '' : `${group}/`}${res}`;
        if (!entry.resources.includes(name)) entry.resources.push(name);
        thin.set(d.rule, entry);
      }
  for (const [rule, { level, resources }] of thin)
    push({ id: 'KF-AP-011', key: `rules[${rule}]`, at: ruleAt(rule), message: `writes (create/update/patch) of ${resources.join(', ')} are logged at ${level} by ${ruleName(rule)}: no body to inspect for privileged pods or cluster-admin bindings` });

  // Security-relevant requests that must at least be seen.
  for (const [group, res, verb, ns] of [
    ['authorization.k8s.io', 'selfsubjectaccessreviews', 'create', ''],
    ['authorization.k8s.io', 'selfsubjectrulesreviews', 'create', ''],
    ['certificates.k8s.io', 'certificatesigningrequests', 'create', ''],
    ['certificates.k8s.io', 'certificatesigningrequests/approval', 'update', ''],
    ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations', 'create', ''],
    ['admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'delete', ''],
    ['', 'serviceaccounts/token', 'create', 'kube-system'],
    ['', 'secrets', 'get', 'kube-system'],
    ['', 'secrets', 'list', ''],
  ] as const)
    for (const user of [...KNOWN_USERS, USERS.anonymous]) {
      const a = req(group, res, verb, ns, user, verb === 'list' ? undefined : 'x');
      const d = evaluatePolicy(policy, a);
      if (d.level === 'None') push({ id: 'KF-AP-012', key: `${group}/${res}/${verb}`, at: ruleAt(d.rule), message: `${describeReq(a)} is not logged (${ruleName(d.rule)})` });
    }
  return out;
}

const EMPTY_RULE: PolicyRule = { level: 'None', users: [], userGroups: [], verbs: [], resources: [], namespaces: [], nonResourceURLs: [], omitStages: [] };

/** The kube-apiserver flags that matter here, from a command line or a static pod manifest. */
export interface ApiServerAuditSetup {
  readonly flags: ReadonlyMap<string, string>;
  /** hostPath mount paths inside the container, when read from a static pod manifest. */
  readonly mountPaths?: readonly string[];
  readonly file?: string;
}

export function lintFlags(setup: ApiServerAuditSetup): LintFinding[] {
  const out: LintFinding[] = [];
  const f = setup.flags;
  const file = setup.file;
  const at = (flag: string): JsonPath => [`--${flag}`];
  const add = (id: PolicyLintId, flag: string, message: string): void => {
    out.push({ id, key: flag, at: at(flag), message, ...(file === undefined ? {} : { file }) });
  };
  const policyFile = f.get('audit-policy-file');
  if (policyFile === undefined || policyFile === '') add('KF-AF-001', 'audit-policy-file', '--audit-policy-file is not set: no audit events are produced');
  const logPath = f.get('audit-log-path');
  const webhook = f.get('audit-webhook-config-file');
  if ((logPath === undefined || logPath === '') && (webhook === undefined || webhook === '')) add('KF-AF-002', 'audit-log-path', 'neither --audit-log-path nor --audit-webhook-config-file is set');
  if (logPath !== undefined && logPath !== '' && logPath !== '-') {
    for (const [flag, min] of [['audit-log-maxage', 30], ['audit-log-maxbackup', 10], ['audit-log-maxsize', 100]] as const) {
      const v = f.get(flag);
      const n = v === undefined ? 0 : Number(v);
      if (!Number.isFinite(n) || n < min) add('KF-AF-003', flag, `--${flag} is ${v ?? 'unset (0 before Kubernetes 1.36)'}; CIS asks for at least ${min}`);
    }
  }
  if (setup.mountPaths !== undefined) {
    const mounted = (p: string): boolean => setup.mountPaths?.some((m) => p === m || p.startsWith(m.endsWith('/') ? m : `${m}/`)) ?? false;
    if (policyFile !== undefined && policyFile !== '' && !mounted(policyFile)) add('KF-AF-004', 'audit-policy-file', `${policyFile} is not under any volumeMount of the kube-apiserver container`);
    if (logPath !== undefined && logPath !== '' && logPath !== '-' && !mounted(logPath)) add('KF-AF-004', 'audit-log-path', `${logPath} is not under any volumeMount of the kube-apiserver container`);
    if (webhook !== undefined && webhook !== '' && !mounted(webhook)) add('KF-AF-004', 'audit-webhook-config-file', `${webhook} is not under any volumeMount of the kube-apiserver container`);
  }
  return out;
}

export interface PolicyLintResult {
  readonly file: string;
  readonly findings: readonly LintFinding[];
  readonly policy?: Policy;
}

/** Parses and lints one policy file's text; every finding carries the file and, when found, the line. */
export function lintPolicyText(text: string, file: string): PolicyLintResult {
  const parsed = parsePolicy(text);
  const findings: LintFinding[] = parsed.problems.map((p) => ({
    id: p.kind === 'unknownField' ? 'KF-AP-002' : 'KF-AP-001',
    key: `${p.kind}:${p.path}`,
    at: p.at,
    message: `${p.path === '' ? '' : `${p.path}: `}${p.message}`,
  }));
  const fatal = parsed.problems.some((p) => p.kind === 'fatal');
  if (parsed.policy !== undefined && !fatal && parsed.policy.rules.length > 0) findings.push(...lintPolicy(parsed.policy));
  return { file, findings: locate(text, file, findings), ...(parsed.policy === undefined ? {} : { policy: parsed.policy }) };
}

function locate(text: string, file: string, findings: readonly LintFinding[]): LintFinding[] {
  let doc: ReturnType<typeof parseDocument> | undefined;
  const counter = new LineCounter();
  try {
    doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  } catch {
    doc = undefined;
  }
  return findings.map((f) => {
    if (doc === undefined) return { ...f, file };
    // The deepest node that exists along the path.
    for (let n = f.at.length; n >= 1; n--) {
      const node: unknown = doc.getIn(f.at.slice(0, n), true);
      const range = typeof node === 'object' && node !== null && 'range' in node ? (node as { range?: [number, number, number] }).range : undefined;
      if (range !== undefined) {
        // For a key whose value is a node, the key's own position reads better: use the pair's key.
        const pos = counter.linePos(keyOffset(doc, f.at.slice(0, n)) ?? range[0]);
        return { ...f, file, line: pos.line, column: pos.col };
      }
    }
    return { ...f, file };
  });
}

function keyOffset(doc: ReturnType<typeof parseDocument>, path: JsonPath): number | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (typeof parent !== 'object' || parent === null || !('items' in parent) || !Array.isArray(parent.items)) return undefined;
  for (const item of parent.items as unknown[]) {
    if (typeof item !== 'object' || item === null || !('key' in item)) continue;
    const key = (item as { key: unknown }).key;
    if (typeof key === 'object' && key !== null && 'value' in key && (key as { value: unknown }).value === last && 'range' in key) {
      const r = (key as { range?: [number, number, number] }).range;
      if (r !== undefined) return r[0];
    }
  }
  return undefined;
}

/**
 * The lint as a ScanResult, so every kubefort formatter (table, json, sarif …) can print it.
 * Findings are worst first, as in every ScanResult, then by position: the files in the order given,
 * line and column (a finding without a line first in its file); ties keep the lint's order.
 */
export function lintToScanResult(results: readonly PolicyLintResult[], startedAt: string, durationMs: number): ScanResult {
  const keyed = results.flatMap((r, file) => r.findings.map((f, i) => ({ finding: toFinding(f, r.file), file, i })));
  keyed.sort(
    (a, b) =>
      severityRank(b.finding.severity) - severityRank(a.finding.severity) ||
      a.file - b.file ||
      (a.finding.location.line ?? 0) - (b.finding.location.line ?? 0) ||
      (a.finding.location.column ?? 0) - (b.finding.location.column ?? 0) ||
      a.i - b.i,
  );
  const findings: Finding[] = keyed.map((k) => k.finding);
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) bySeverity[f.severity]++;
  const byArea = { version: 0, apiserver: 0, rbac: 0, kubelet: 0, node: 0, network: 0, audit: findings.length, etcd: 0, workload: 0, 'supply-chain': 0, general: 0 };
  return {
    apiVersion: 'kubefort.io/v1alpha1',
    kind: 'ScanResult',
    tool: { name: 'kubefort', version: VERSION },
    startedAt,
    durationMs,
    target: { type: 'manifests', paths: results.map((r) => r.file) },
    summary: { resources: results.length, findings: findings.length, suppressed: 0, errors: 0, warnings: 0, bySeverity, byArea },
    findings,
    suppressed: [],
    errors: [],
    checks: Object.keys(POLICY_LINTS),
  };
}

function toFinding(f: LintFinding, file: string): Finding {
  const m: LintRuleMeta = POLICY_LINTS[f.id];
  const path = f.at.length > 0 && typeof f.at[0] === 'string' && f.at[0].startsWith('--') ? f.at[0] : formatPath(f.at);
  const isFlag = f.id.startsWith('KF-AF');
  return {
    checkId: m.id,
    checkName: m.name,
    messageId: m.name,
    title: m.title,
    area: 'audit',
    severity: m.severity,
    resource: isFlag ? { apiVersion: 'v1', kind: 'Pod', namespace: 'kube-system', name: 'kube-apiserver' } : { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', name: basename(file) },
    location: { path, ...(f.file === undefined ? {} : { file: f.file }), ...(f.line === undefined ? {} : { line: f.line, column: f.column ?? 1 }) },
    message: f.message,
    remediation: m.remediation,
    frameworks: m.frameworks,
    fingerprint: createHash('sha256').update(`${m.id}\u0000${file}\u0000${f.key}`).digest('hex').slice(0, 16),
  };
}

export function lintMeta(id: string): LintRuleMeta | undefined {
  return Object.hasOwn(POLICY_LINTS, id) ? POLICY_LINTS[id as PolicyLintId] : undefined;
}

export type { Level };
