// Custom detection rules in CEL (kind: AuditRule): loading errors, single-event and windowed
// matches, bodies, evaluation errors, pre-filters, and `kubefort audit analyze --rules` end to end.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditRuleError, evaluationProblems, loadAuditRules, parseAuditRules, parseDuration, type CustomDetectionRule } from '../../src/detect/custom.js';
import { DetectionEngine, type Alert } from '../../src/detect/engine.js';
import type { AuditEvent } from '../../src/detect/event.js';
import type { DetectionRule } from '../../src/detect/rule.js';
import { ALL_RULES, RULES } from '../../src/detect/rules/index.js';
import { kubefort } from '../support/cli.js';
import { at, ev, raw } from './support.js';

const HEAD = 'apiVersion: kubefort.io/v1alpha1\nkind: AuditRule\n';
const rule = (fields: string): string => `${HEAD}${fields}`;
const BASIC = 'title: t\nseverity: high\ndescription: d\n';
const taken = (): Set<string> => new Set([...ALL_RULES.map((r) => r.meta.id), ...ALL_RULES.map((r) => r.meta.name)]);
const load = (text: string, file = 'rules.yaml'): CustomDetectionRule[] => parseAuditRules(file, text, taken());
const loadError = (text: string): string => {
  try {
    load(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AuditRuleError);
    return (error as Error).message;
  }
  throw new Error('expected the rules to be rejected');
};
const run = (rules: readonly DetectionRule[], events: readonly AuditEvent[], clock?: () => number): Alert[] => {
  const engine = new DetectionEngine({ rules, ...(clock === undefined ? {} : { clock }) });
  return events.flatMap((e) => engine.process(e));
};

describe('loading', () => {
  it('accepts a documented rule and compiles it once', () => {
    const [r] = load(rule(`id: ACME-D-001\n${BASIC}attack: [T1078.004]\nexpression: event.verb == "get"\n`));
    expect(r?.meta).toMatchObject({ id: 'ACME-D-001', name: 'acme-d-001', severity: 'high', attack: ['T1078.004'], minLevel: 'Metadata', stages: ['ResponseStarted', 'ResponseComplete'] });
    expect(r?.custom.file).toBe('rules.yaml');
  });

  it('names the file, line and column, the rule id and the position in the expression of a syntax error', () => {
    const text = `# two rules\n${rule(`id: ACME-D-001\n${BASIC}expression: event.verb == "get"\n`)}---\n${rule(`id: ACME-D-002\n${BASIC}expression: event.verb == "get" &&\n`)}`;
    expect(loadError(text)).toBe('rules.yaml:16:33: rule ACME-D-002: expression: 1:21: syntax error: found & but expecting end of input');
  });

  it('reports type errors: unknown fields, comparisons that are always false, wrong overloads, unknown names, a non-boolean result', () => {
    const expr = (e: string): string => loadError(rule(`id: ACME-D-003\n${BASIC}expression: |\n  ${e}\n`));
    expect(expr('event.objectRef.resorce == "secrets"')).toBe("rules.yaml:8:18: rule ACME-D-003: expression: 1:16: event.objectRef has no field 'resorce' (fields: resource, subresource, namespace, name, apiGroup)");
    expect(expr('event.responseStatus.code == "401"')).toContain('1:27: comparing an int with a string is always false');
    expect(expr('event.user.groups.exists(g, g.startsWith(1))')).toContain("no overload of 'startsWith' takes (string, int)");
    expect(expr('evnt.verb == "get"')).toContain("1:1: undeclared reference to 'evnt' (known: event)");
    expect(expr('lower(event.verb) == "get"')).toContain("unknown function 'lower'");
    expect(expr('event.verb')).toContain('the expression returns a string, not a bool');
    expect(expr('event.sourceIPs["x"] == "1"')).toContain('a list index must be an int, not a string');
  });

  it('checks the window key and distinct expressions too', () => {
    const text = rule(`id: ACME-D-004\n${BASIC}expression: "true"\nwindow:\n  size: 1m\n  threshold: 3\n  key: event.user.groups\n`);
    expect(loadError(text)).toContain('rules.yaml:11:8: rule ACME-D-004: window.key: 1:1: the expression returns a list(string), not a string or an int');
    // In a flow mapping: the key's own line and column (line 8), not the rule's id line.
    const flow = rule(`id: ACME-D-004\n${BASIC}expression: "true"\nwindow: {size: 1m, threshold: 3, key: event.user.groups}\n`);
    expect(loadError(flow)).toContain('rules.yaml:8:39: rule ACME-D-004: window.key: 1:1: the expression returns a list(string)');
    const distinct = rule(`id: ACME-D-004\n${BASIC}expression: "true"\nwindow:\n  size: 1m\n  threshold: 3\n  key: event.sourceIP\n  distinct: 'event.user.grups'\n`);
    expect(loadError(distinct)).toBe("rules.yaml:12:24: rule ACME-D-004: window.distinct: 1:11: event.user has no field 'grups' (fields: username, groups, extra)");
  });

  it('names the file line and column of a YAML syntax error, in any document, before any definition error', () => {
    // Line 1-8: the first rule (a definition error: severity); 9: ---; 10-17: the second rule, whose match (line 15) misses a bracket.
    const text = `${rule(`id: ACME-D-005\ntitle: t\nseverity: hot\ndescription: d\nexpression: "true"\n`)}---\n${rule(`id: ACME-D-006\n${BASIC}match: {verbs: [get}\nexpression: "true"\n`)}`;
    expect(loadError(text)).toBe('rules.yaml:15:20: not YAML: missed comma between flow collection entries');
    expect(loadError('a: [\n')).toBe('rules.yaml:2:1: not YAML: unexpected end of the stream within a flow collection');
  });

  it('rejects definitions that are wrong, naming the field', () => {
    const cases: [string, string][] = [
      [rule(`id: ACME-D-005\n${BASIC}expresion: event.verb == "get"\n`), 'expresion: unknown field'],
      [rule(`id: ACME-D-005\ntitle: t\nseverity: hot\ndescription: d\nexpression: "true"\n`), 'severity: "hot" is not one of critical, high, medium, low, info'],
      [rule(`id: ACME-D-005\ntitle: t\nseverity: low\nexpression: "true"\n`), 'description: is required'],
      [rule(`id: KF-D-001\n${BASIC}expression: "true"\n`), 'ids starting with KF- are kubefort'],
      [rule(`id: brute-force-authentication\n${BASIC}expression: "true"\n`), 'is already used by another rule'],
      [`${rule(`id: ACME-D-005\n${BASIC}expression: "true"\n`)}---\n${rule(`id: ACME-D-005\n${BASIC}expression: "true"\n`)}`, 'rules.yaml:11: rule ACME-D-005: id: "ACME-D-005" is already used'],
      [rule(`id: ACME-D-005\n${BASIC}attack: [Execution]\nexpression: "true"\n`), 'attack[0]: "Execution" is not a technique id'],
      [rule(`id: ACME-D-005\n${BASIC}message: "{{who}} did it"\nexpression: "true"\n`), 'unknown placeholder {{who}}'],
      [rule(`id: ACME-D-005\n${BASIC}match: {resources: [Pods]}\nexpression: "true"\n`), 'match.resources[0]: "Pods" is not a resource'],
      [rule(`id: ACME-D-005\n${BASIC}match: {stages: [Done]}\nexpression: "true"\n`), 'match.stages[0]: "Done" is not a stage'],
      [rule(`id: ACME-D-005\n${BASIC}expression: "true"\nwindow: {size: 2d, threshold: 5, key: event.sourceIP}\n`), 'window.size: "2d" must be a duration'],
      [rule(`id: ACME-D-005\n${BASIC}expression: "true"\nwindow: {size: 60s, threshold: 5000, key: event.sourceIP}\n`), 'window.threshold: 5000 must be a whole number from 2 to 1000'],
      [rule(`id: ACME-D-005\n${BASIC}expression: "true"\nwindow: {size: 60s, threshold: 5}\n`), 'window.key: is required'],
      ['a: [', 'not YAML: unexpected end of the stream within a flow collection'],
    ];
    for (const [text, message] of cases) expect(loadError(text)).toContain(message);
  });

  it('names the line of the field at fault (of the nearest enclosing field when it is missing), as custom checks do', () => {
    // Line 1: a comment; 2-3: apiVersion, kind; 4: id; then the fields of each case.
    const at = (fields: string): string => loadError(`# ACME rules\n${rule(`id: ACME-D-007\n${fields}`)}`);
    expect(at('title: t\ndescription: d\nseverity: urgent\nexpression: "true"\n')).toBe('rules.yaml:7: rule ACME-D-007: severity: "urgent" is not one of critical, high, medium, low, info');
    expect(at(`${BASIC}expression: "true"\nmatch:\n  stages: [ResponseComplete]\n  verb: [get]\n`)).toBe('rules.yaml:11: rule ACME-D-007: match.verb: unknown field (allowed: stages, verbs, resources, namespaces, codes)');
    expect(at(`${BASIC}expression: "true"\nseverty: high\n`)).toMatch(/^rules\.yaml:9: rule ACME-D-007: severty: unknown field/);
    expect(at(`${BASIC}attack:\n  - T1078\n  - Execution\nexpression: "true"\n`)).toBe('rules.yaml:10: rule ACME-D-007: attack[1]: "Execution" is not a technique id (T1234 or T1234.001)');
    expect(at(`${BASIC}expression: "true"\nmatch: {stages: [Done]}\n`)).toMatch(/^rules\.yaml:9: rule ACME-D-007: match\.stages\[0\]: "Done" is not a stage/);
    // Missing: the nearest enclosing field that exists (window, line 9), or the document (line 2).
    expect(at(`${BASIC}expression: "true"\nwindow:\n  size: 1m\n  threshold: 3\n`)).toBe('rules.yaml:9: rule ACME-D-007: window.key: is required: a CEL expression over event giving the grouping key (e.g. event.sourceIP)');
    expect(at('title: t\nseverity: low\nexpression: "true"\n')).toBe('rules.yaml:2: rule ACME-D-007: description: is required');
    // In the second document of a file (lines 10-17), the line in the file.
    const two = `${rule(`id: ACME-D-008\n${BASIC}expression: "true"\n`)}---\n# second\n${rule(`id: ACME-D-009\ntitle: t\ndescription: d\nseverity: hot\nexpression: "true"\n`)}`;
    expect(loadError(two)).toBe('rules.yaml:15: rule ACME-D-009: severity: "hot" is not one of critical, high, medium, low, info');
  });

  it('reads files and directories; a missing path is an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-rules-'));
    writeFileSync(join(dir, 'a.yaml'), rule(`id: ACME-A\n${BASIC}expression: "true"\n`));
    writeFileSync(join(dir, 'b.yml'), rule(`id: ACME-B\n${BASIC}expression: "true"\n`));
    writeFileSync(join(dir, 'notes.txt'), 'not a rule');
    expect((await loadAuditRules([dir], ALL_RULES)).map((r) => r.meta.id)).toEqual(['ACME-A', 'ACME-B']);
    await expect(loadAuditRules([join(dir, 'missing.yaml')], ALL_RULES)).rejects.toThrow(AuditRuleError);
    // A .yaml entry of the directory that cannot be read: an error naming it, not a crash.
    mkdirSync(join(dir, 'c.yaml'));
    await expect(loadAuditRules([dir], ALL_RULES)).rejects.toThrow(new AuditRuleError(`${join(dir, 'c.yaml')}: EISDIR: illegal operation on a directory, read`));
  });

  it('loads every AuditRule example of docs/audit.md', () => {
    const doc = readFileSync('docs/audit.md', 'utf8');
    const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').filter((b) => b.includes('kind: AuditRule'));
    const reserved = taken();
    expect(blocks.flatMap((b) => parseAuditRules('docs/audit.md', b, reserved)).map((r) => r.meta.id)).toEqual(['ACME-D-001', 'ACME-D-002', 'ACME-D-003', 'ACME-D-004', 'ACME-D-005']);
  });

  it('parses durations', () => {
    expect([parseDuration('90s'), parseDuration('5m'), parseDuration('1h'), parseDuration('1m30s'), parseDuration(45), parseDuration('2d'), parseDuration('')]).toEqual([90_000, 300_000, 3_600_000, 90_000, 45_000, undefined, undefined]);
  });
});

const ci = { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts', 'system:authenticated'] };
const CI_RULE = rule(`id: ACME-D-010
${BASIC}attack: T1078.004
match:
  stages: [ResponseComplete]
expression: |
  event.user.username == "system:serviceaccount:ci:deployer" &&
  !event.sourceIPs[0].startsWith("10.20.")
message: CI token used by {{userAgent}} from {{sourceIP}} on {{object}}
`);

describe('matching', () => {
  it('single event: an alert identical in shape to a built-in one', () => {
    const rules = load(CI_RULE);
    const alerts = run(rules, [ev({ user: ci, sourceIPs: ['10.20.0.4'] }), ev({ user: ci, sourceIPs: ['203.0.113.5'], verb: 'get', objectRef: { resource: 'secrets', namespace: 'prod', name: 'db' }, auditID: 'a-1' })]);
    expect(alerts).toHaveLength(1);
    const builtIn = run([RULES['secret-listing']], [ev({ objectRef: { resource: 'secrets', namespace: '' }, requestURI: '/api/v1/secrets' })])[0];
    expect(Object.keys(alerts[0] ?? {})).toEqual(Object.keys(builtIn ?? {}));
    expect(Object.keys(alerts[0]?.evidence ?? {})).toEqual(Object.keys(builtIn?.evidence ?? {}));
    expect(alerts[0]).toMatchObject({
      ruleId: 'ACME-D-010',
      rule: 'acme-d-010',
      severity: 'high',
      attack: ['T1078.004'],
      messageId: 'match',
      message: 'CI token used by kubectl/v1.33.0 (linux/amd64) kubernetes/abc from 203.0.113.5 on secrets prod/db',
      evidence: { auditIDs: ['a-1'], users: [ci.username], sourceIPs: ['203.0.113.5'], objects: ['secrets prod/db'], count: 1 },
    });
    expect(rules[0]?.custom.stats).toMatchObject({ evaluated: 2, matched: 1, errors: 0 });
  });

  it('windowed threshold grouped by a CEL key, with bounded state and a quiet period', () => {
    const [r] = load(rule(`id: ACME-D-011\n${BASIC}match: {codes: [401]}\nexpression: event.user.username == ""\nwindow:\n  size: 60s\n  threshold: 5\n  key: event.sourceIPs[0]\n`));
    const fail = (t: number, ip: string) => ev({ stage: 'ResponseStarted', user: {}, sourceIPs: [ip, '10.0.0.1'], responseStatus: { code: 401 }, annotations: {}, stageTimestamp: at(t), auditID: `f${t}${ip}` });
    // 4 per minute from one address never reach 5 in 60 s; 5 within 10 s from another do, once.
    const slow = [0, 20, 40, 65, 85, 105, 130].map((t) => fail(t, '198.51.100.1'));
    const fast = [200, 202, 204, 206, 208, 210, 212].map((t) => fail(t, '198.51.100.2'));
    const alerts = run([r as CustomDetectionRule], [...slow, ...fast]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ ruleId: 'ACME-D-011', message: '5 matching events for 198.51.100.2 within 60s, last: (unauthenticated) list pods default (401)', evidence: { count: 5, firstSeen: at(200), lastSeen: at(208) } });
    // The key is the first (client-supplied) address here because the rule asked for it; the evidence keeps the trusted last one.
    expect(alerts[0]?.evidence.sourceIPs).toEqual(['10.0.0.1']);
    const many = new DetectionEngine({ rules: [r as CustomDetectionRule], maxKeys: 50 });
    for (let i = 0; i < 2000; i++) many.process(fail(i, `203.0.${i >> 8}.${i & 255}`));
    expect(many.stateSize()).toBeLessThanOrEqual(50);
  });

  it('counts distinct values when the window has `distinct`', () => {
    const [r] = load(rule(`id: ACME-D-012\n${BASIC}match: {resources: [secrets], verbs: [get]}\nexpression: "true"\nwindow: {size: 5m, threshold: 3, key: event.user.username, distinct: event.objectRef.name}\n`));
    const read = (t: number, name: string) => ev({ verb: 'get', objectRef: { resource: 'secrets', namespace: 'prod', name }, stageTimestamp: at(t), auditID: `s${t}` });
    expect(run([r as CustomDetectionRule], [read(0, 'a'), read(1, 'a'), read(2, 'b'), read(3, 'b')])).toHaveLength(0);
    expect(run([r as CustomDetectionRule], [read(0, 'a'), read(1, 'a'), read(2, 'b'), read(3, 'c')])).toHaveLength(1);
  });

  it('reads the request body (CEL ints for whole numbers) and needs the Request level', () => {
    const [r] = load(
      rule(`id: ACME-D-013\n${BASIC}match: {resources: [deployments], verbs: [create, update, patch]}\nexpression: |\n  has(event.requestObject.spec) && event.requestObject.spec.replicas + 1 > 10 &&\n  event.requestObject.spec.template.spec.containers.exists(c, c.image.endsWith(":latest"))\n`),
    );
    expect(r?.meta.minLevel).toBe('Request');
    const deploy = (replicas: number, image: string, id: string) =>
      ev({ level: 'Request', verb: 'create', objectRef: { resource: 'deployments', namespace: 'prod', name: 'web', apiGroup: 'apps' }, auditID: id, requestObject: { kind: 'Deployment', spec: { replicas, template: { spec: { containers: [{ name: 'c', image }] } } } } });
    const alerts = run([r as CustomDetectionRule], [deploy(3, 'web:latest', 'd1'), deploy(12, 'web:1.2', 'd2'), deploy(12, 'web:latest', 'd3')]);
    expect(alerts.map((a) => a.evidence.auditIDs[0])).toEqual(['d3']);
  });

  it('an expression that fails on an event is no match, counted and reported, never a crash', () => {
    const [r] = load(rule(`id: ACME-D-014\n${BASIC}expression: event.requestObject.spec.replicas > 1\n`));
    const events = [ev({ auditID: 'n1' }), ev({ auditID: 'n2', level: 'Request', requestObject: { spec: {} } }), ev({ auditID: 'y', level: 'Request', requestObject: { spec: { replicas: 3 } } })];
    const alerts = run([r as CustomDetectionRule, RULES['brute-force-authentication']], events);
    expect(alerts.map((a) => a.evidence.auditIDs[0])).toEqual(['y']);
    expect(r?.custom.stats).toMatchObject({ evaluated: 3, matched: 1, errors: 2 });
    expect(evaluationProblems([r as CustomDetectionRule])).toEqual([{ ruleId: 'ACME-D-014', file: 'rules.yaml', evaluated: 3, errors: 2, firstError: expect.stringContaining('expression: ') }]);
  });

  it('pre-filters (stages, verbs, resources, namespaces, codes) decide before CEL runs', () => {
    const [r] = load(rule(`id: ACME-D-015\n${BASIC}match:\n  stages: [ResponseComplete]\n  verbs: [get]\n  resources: [pods/exec]\n  namespaces: [prod]\n  codes: [101, 403]\nexpression: "true"\n`));
    const exec = (over: Record<string, unknown>) => ev({ verb: 'get', objectRef: { resource: 'pods', subresource: 'exec', namespace: 'prod', name: 'p' }, responseStatus: { code: 101 }, ...over });
    const events = [
      exec({ auditID: 'hit' }),
      exec({ auditID: 'stage', stage: 'ResponseStarted' }),
      exec({ auditID: 'verb', verb: 'create' }),
      exec({ auditID: 'sub', objectRef: { resource: 'pods', namespace: 'prod', name: 'p' } }),
      exec({ auditID: 'ns', objectRef: { resource: 'pods', subresource: 'exec', namespace: 'dev', name: 'p' } }),
      exec({ auditID: 'code', responseStatus: { code: 500 } }),
    ];
    expect(run([r as CustomDetectionRule], events).map((a) => a.evidence.auditIDs[0])).toEqual(['hit']);
    expect(r?.custom.stats.evaluated).toBe(1);
  });

  it('sees the documented event shape', () => {
    const checks = [
      'event.stage == "ResponseComplete" && event.level == "Metadata" && event.verb == "list" && event.auditID != ""',
      'event.user.username == "jane" && "system:authenticated" in event.user.groups && event.user.extra["k"] == ["v"]',
      'event.impersonatedUser.username == "bob"',
      'event.sourceIPs == ["1.2.3.4", "10.0.0.7"] && event.sourceIP == "10.0.0.7"',
      'event.userAgent.startsWith("kubectl/") && event.requestURI.startsWith("/api/v1/")',
      'event.objectRef.resource == "pods" && event.objectRef.subresource == "" && event.objectRef.namespace == "default" && event.objectRef.name == "" && event.objectRef.apiGroup == ""',
      'event.responseStatus.code == 200 && event.responseStatus.message == ""',
      'event.annotations["authorization.k8s.io/decision"] == "allow" && event.decision == "allow"',
      'event.requestReceivedTimestamp.startsWith("2026-01-01T") && timestamp(event.stageTimestamp) > timestamp("2025-12-31T00:00:00Z")',
      '!has(event.requestObject) && !has(event.responseObject)',
    ];
    const text = checks.map((c, i) => rule(`id: ACME-S-${i}\n${BASIC}expression: '${c}'\n`)).join('---\n');
    const rules = load(text);
    const e = ev({ user: { username: 'jane', groups: ['system:authenticated'], extra: { k: ['v'] } }, impersonatedUser: { username: 'bob' }, sourceIPs: ['1.2.3.4', '10.0.0.7'] });
    const alerts = run(rules, [e]);
    expect(evaluationProblems(rules)).toEqual([]);
    expect(alerts.map((a) => a.ruleId)).toEqual(rules.map((r) => r.meta.id));
    // A non-resource request: objectRef fields are empty strings, not absent.
    const [nonResource] = load(rule(`id: ACME-S-NR\n${BASIC}expression: event.objectRef.resource == "" && event.requestURI == "/healthz"\n`));
    expect(run([nonResource as CustomDetectionRule], [ev({ objectRef: undefined, requestURI: '/healthz' })])).toHaveLength(1);
  });
});

describe('views (celView, celMapView) follow @bufbuild/cel\'s map and list protocol', () => {
  it('size, in, iteration, equality, indexes, ints, null and absent fields', () => {
    const exprs = [
      'size(event.annotations) == 2 && "authorization.k8s.io/decision" in event.annotations',
      'event.annotations.all(k, k.startsWith("authorization.k8s.io/")) && event.annotations.exists_one(k, k.endsWith("/reason"))',
      'event.requestObject == {"a": 1, "b": null, "l": [1, 2.5, "x", {"k": true}]}',
      'event.requestObject.a + 1 == 2 && event.requestObject.l[1] == 2.5 && event.requestObject.l[3].k && size(event.requestObject.l) == 4',
      '!has(event.requestObject.b) && !has(event.requestObject.missing) && event.requestObject.l.map(x, type(x)) == [int, double, string, map]',
      'event.user.groups.filter(g, g.startsWith("system:")) == ["system:authenticated"] && size(event) == 16',
    ];
    const rules = load(exprs.map((c, i) => rule(`id: ACME-V-${i}\n${BASIC}expression: '${c}'\n`)).join('---\n'));
    const alerts = run(rules, [ev({ level: 'Request', requestObject: { a: 1, b: null, l: [1, 2.5, 'x', { k: true }] } })]);
    expect(evaluationProblems(rules)).toEqual([]);
    expect(alerts.map((a) => a.ruleId)).toEqual(rules.map((r) => r.meta.id));
  });
});

describe('the service\'s audit webhook detector', () => {
  it('adds custom rules from files, per cluster engine as for built-in rules', async () => {
    const { detectionEngineDetector } = await import('../../src/server/audit.js');
    const dir = mkdtempSync(join(tmpdir(), 'kf-server-rules-'));
    writeFileSync(join(dir, 'acme.yaml'), CI_RULE);
    const detect = await detectionEngineDetector({ rulesFiles: [dir] });
    const alerts = await detect('prod', [raw({ user: ci, sourceIPs: ['203.0.113.5'] }), { not: 'an event' }]);
    expect(alerts).toMatchObject([{ ruleId: 'ACME-D-010', severity: 'high', detail: { attack: ['T1078.004'], evidence: { count: 1 } } }]);
    expect(detect.invalid()).toBe(1);
    await expect(detectionEngineDetector({ rulesFiles: [join(dir, 'missing.yaml')] })).rejects.toThrow(AuditRuleError);
  });
});

describe('kubefort audit analyze --rules (CLI)', () => {
  it('runs custom rules next to the catalogue, reports evaluation errors, and exits 2 on a bad rule file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-analyze-rules-'));
    const rulesFile = join(dir, 'acme.yaml');
    writeFileSync(rulesFile, `${CI_RULE}---\n${rule(`id: ACME-D-020\n${BASIC}expression: event.requestObject.kind == "Secret"\n`)}`);
    const log = join(dir, 'audit.log');
    const lines = [
      raw({ user: ci, sourceIPs: ['203.0.113.5'], auditID: 'ci-1' }),
      raw({ user: ci, sourceIPs: ['10.20.0.9'], auditID: 'ci-2' }),
      ...Array.from({ length: 10 }, (_, i) => raw({ stage: 'ResponseStarted', user: {}, sourceIPs: ['9.9.9.9'], responseStatus: { code: 401 }, annotations: {}, stageTimestamp: at(i) })),
    ];
    writeFileSync(log, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const out = kubefort(['audit', 'analyze', log, '--rules', rulesFile, '-o', 'jsonl']);
    expect(out.code).toBe(0);
    expect(out.stdout.trim().split('\n').map((l) => (JSON.parse(l) as Alert).ruleId)).toEqual(['ACME-D-010', 'KF-D-001']);
    expect(out.stderr).toContain(`kubefort: custom rule ACME-D-020 (${rulesFile}): 12 of 12 events could not be evaluated and did not match; first: expression:`);
    const json = JSON.parse(kubefort(['audit', 'analyze', log, '--rules', rulesFile, '--rule', 'ACME-D-020', '-o', 'json']).stdout) as { alerts: Alert[]; ruleErrors: { ruleId: string; errors: number }[] };
    expect(json.alerts).toEqual([]);
    expect(json.ruleErrors).toMatchObject([{ ruleId: 'ACME-D-020', errors: 12 }]);
    expect(kubefort(['audit', 'analyze', log, '--rules', rulesFile, '--fail-on', 'high']).code).toBe(1);
    writeFileSync(join(dir, 'bad.yaml'), rule(`id: ACME-D-021\n${BASIC}expression: event.verb = "get"\n`));
    const bad = kubefort(['audit', 'analyze', log, '--rules', join(dir, 'bad.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`invalid audit rule: ${join(dir, 'bad.yaml')}:7:24: rule ACME-D-021: expression: 1:12: syntax error`);
    expect(kubefort(['audit', 'rules', '--rules', rulesFile]).stdout).toContain('ACME-D-010  high     acme-d-010');
  });
});
