import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { CustomCheckError, compileExpression, loadCustomChecks, parseCustomChecks } from '../../src/custom/index.js';
import { customCheck } from '../../src/custom/check.js';
import { inlineVariables } from '../../src/custom/cel.js';
import { runCheckOn } from '../support/check-tester.js';

const REPLICAS = `apiVersion: kubefort.io/v1alpha1
kind: CustomCheck
id: ACME-001
title: Deployments run at least two replicas
area: workload
severity: medium
kinds: [Deployment]
expression: has(object.spec.replicas) && object.spec.replicas >= 2
message: a single replica is not highly available
remediation: Set spec.replicas to 2 or more.
`;

const TEAM_LABEL = `apiVersion: kubefort.io/v1alpha1
kind: CustomCheck
id: ACME-002
title: Every Deployment names its team
area: general
severity: low
kinds: [Deployment, StatefulSet]
expression: object.metadata.labels.team != ''
message: no team label
remediation: Add metadata.labels.team.
`;

function deployment(name: string, extra: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
${extra}
spec:
  replicas: REPLICAS
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: app
          image: shop/app:1.0
`;
}

/** What `f` throws (undefined when it returns). */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

function one(text: string) {
  const [definition] = parseCustomChecks('checks.yaml', text);
  if (definition === undefined) throw new Error('no definition');
  return customCheck(definition);
}

describe('custom checks in CEL', () => {
  it('without a description, describes itself by the file and line it was read from', () => {
    const [, second] = parseCustomChecks('checks.yaml', `${TEAM_LABEL}---\n${REPLICAS}`);
    if (second === undefined) throw new Error('no definition');
    const line = `${TEAM_LABEL}---\n`.split('\n').length - 1 + 3; // the id line of the second document
    expect(customCheck(second).meta.description).toBe(`Custom check from checks.yaml:${line}: \`${second.expression}\` must hold.`);
  });

  it('passes a compliant object and reports a non-compliant one with the message at the object', () => {
    const check = one(REPLICAS);
    expect(runCheckOn(check, deployment('web', '').replace('REPLICAS', '3'))).toEqual([]);
    const findings = runCheckOn(check, deployment('web', '').replace('REPLICAS', '1'));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.messageId).toBe('failed');
    expect(findings[0]?.message).toBe('a single replica is not highly available');
    expect(findings[0]?.severity).toBe('medium');
  });

  it('whole numbers are CEL ints: arithmetic works as on the API server', () => {
    const compiled = compileExpression('object.spec.replicas + 1 == 4');
    expect(compiled.evaluate({ object: { spec: { replicas: 3 } } })).toEqual({ ok: true, value: true });
  });

  it('reports an evaluation error as a finding, never as a pass', () => {
    const check = one(TEAM_LABEL);
    // No labels at all: `object.metadata.labels.team` is an error without has().
    const findings = runCheckOn(check, deployment('web', '').replace('REPLICAS', '1'));
    expect(findings.map((f) => f.messageId)).toEqual(['error']);
    expect(findings[0]?.severity).toBe('low');
    expect(findings[0]?.message).toContain('could not be evaluated');
    const labelled = deployment('web', '  labels: { team: payments }').replace('REPLICAS', '1');
    expect(runCheckOn(check, labelled)).toEqual([]);
  });

  it('a non-boolean result is an error, not a pass', () => {
    const check = one(REPLICAS.replace('has(object.spec.replicas) && object.spec.replicas >= 2', 'object.metadata.name'));
    expect(runCheckOn(check, deployment('web', '').replace('REPLICAS', '2')).map((f) => f.messageId)).toEqual(['error']);
  });

  it('only inspects the listed kinds', () => {
    const check = one(REPLICAS);
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: a, image: a:1 }]\n';
    expect(runCheckOn(check, pod)).toEqual([]);
  });

  it.each([
    ['area', REPLICAS.replace('area: workload', 'area: security'), 'checks.yaml:5: area: "security" is not one of'],
    ['severity', REPLICAS.replace('severity: medium', 'severity: urgent'), 'checks.yaml:6: severity:'],
    ['expression', REPLICAS.replace(/expression: .*/, 'expression: "object.spec.replicas >="'), 'checks.yaml:8: expression: does not compile'],
    ['kinds', REPLICAS.replace('kinds: [Deployment]', 'kinds: []'), 'checks.yaml:7: kinds: must be a non-empty list'],
    ['kinds[0]', REPLICAS.replace('kinds: [Deployment]', 'kinds: [deployments]'), 'checks.yaml:7: kinds[0]:'],
    ['kinds[1] of a block list', REPLICAS.replace('kinds: [Deployment]', 'kinds:\n  - Deployment\n  - deployments'), 'checks.yaml:9: kinds[1]: "deployments" is not a kind name'],
    ['unknown field', REPLICAS.replace('area: workload', 'area: workload\nseverty: high'), 'checks.yaml:6: severty: unknown field'],
    // Absent: the line of the document.
    ['missing message', `# ACME checks\n\n${REPLICAS.replace(/message: .*\n/, '')}`, 'checks.yaml:3: message: is required'],
    ['apiVersion', REPLICAS.replace('kubefort.io/v1alpha1', 'kubefort.io/v1'), 'checks.yaml:1: apiVersion: must be kubefort.io/v1alpha1'],
    ['not a mapping', '- a\n- b\n', 'checks.yaml:1: (document): expected a mapping'],
  ])('rejects a bad definition naming file, line and field: %s', (_name, text, expected) => {
    expect(() => parseCustomChecks('checks.yaml', text)).toThrow(CustomCheckError);
    expect(() => parseCustomChecks('checks.yaml', text)).toThrow(expected);
  });

  it('rejects an id that clashes with a built-in check or another custom check', () => {
    const builtIn = allChecks[0]?.meta.id ?? 'KF-W-001';
    expect(() => parseCustomChecks('a.yaml', REPLICAS.replace('ACME-001', builtIn), allChecks.map((c) => c.meta.id))).toThrow(`a.yaml:3: id: "${builtIn}" is already used`);
    // The second document starts on line 12: its id is on line 14.
    expect(() => parseCustomChecks('a.yaml', `${REPLICAS}---\n${REPLICAS}`)).toThrow('a.yaml:14: id: "ACME-001" is already used');
  });

  it('names the line of a field in the second document of a file, and of the document when the field is absent', () => {
    // Lines 1-10: REPLICAS; 11: ---; 12: a comment; 13: the second document's apiVersion.
    const two = (second: string) => `${REPLICAS}---\n# the team check\n${second}`;
    expect(parseCustomChecks('checks.yaml', two(TEAM_LABEL)).map((d) => [d.id, d.file, d.line])).toEqual([
      ['ACME-001', 'checks.yaml', 3],
      ['ACME-002', 'checks.yaml', 15],
    ]);
    expect(() => parseCustomChecks('checks.yaml', two(TEAM_LABEL.replace('area: general', 'area: security')))).toThrow('checks.yaml:17: area: "security" is not one of');
    expect(() => parseCustomChecks('checks.yaml', two(TEAM_LABEL.replace(/remediation: .*\n/, '')))).toThrow('checks.yaml:13: remediation: is required');
    const error = thrown(() => parseCustomChecks('checks.yaml', two(TEAM_LABEL.replace('severity: low', 'severity: 3'))));
    expect(error).toBeInstanceOf(CustomCheckError);
    expect(error).toMatchObject({ file: 'checks.yaml', field: 'severity', line: 18, message: 'checks.yaml:18: severity: must be a non-empty string' });
  });

  it('refuses a file with a YAML syntax error, naming its line and column, even when other documents are good', () => {
    // The second document starts on line 12; its title (line 15) holds a second `: ` (column 24).
    const text = `${REPLICAS}---\n${TEAM_LABEL.replace('title: Every Deployment', 'title: Every Deployment:')}`;
    expect(() => parseCustomChecks('checks.yaml', text)).toThrow(CustomCheckError);
    expect(() => parseCustomChecks('checks.yaml', text)).toThrow(/^checks\.yaml:15:24: \(yaml\): bad indentation of a mapping entry$/);
    // An unclosed flow list (line 18) is noticed where the next key starts.
    expect(() => parseCustomChecks('checks.yaml', `${REPLICAS}---\n${TEAM_LABEL.replace('kinds: [Deployment, StatefulSet]', 'kinds: [Deployment, StatefulSet')}`)).toThrow('checks.yaml:19:1: (yaml): missed comma between flow collection entries');
    // A syntax error wins over a definition error in an earlier document, as when the file was parsed whole.
    expect(() => parseCustomChecks('checks.yaml', `${REPLICAS.replace('severity: medium', 'severity: hot')}---\nid: "ACME\n`)).toThrow('checks.yaml:13:1: (yaml): unexpected end of the stream within a double quoted scalar');
  });

  it('loads the example of docs/custom-checks.md, and the documented error lines are right', () => {
    const doc = readFileSync('docs/custom-checks.md', 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    expect(parseCustomChecks('replicas.yaml', example).map((d) => [d.id, d.description])).toEqual([['ACME-001', 'Optional: why it matters.']]);
    const file = 'policies/kubefort/replicas.yaml';
    for (const [text, shown] of [
      [example.replace('severity: medium ', 'severity: hot    '), 'severity: "hot" is not one of'],
      [example.replace('title: Deployments run', 'title: Deployments: run'), '(yaml): bad indentation'],
    ] as const) {
      const message = (thrown(() => parseCustomChecks(file, text)) as Error | undefined)?.message;
      expect(message).toContain(shown);
      expect(doc).toContain(`invalid custom check: ${message}`);
    }
  });

  it('loads a directory of YAML files, in name order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubefort-custom-'));
    await writeFile(join(dir, 'b.yaml'), TEAM_LABEL);
    await writeFile(join(dir, 'a.yml'), REPLICAS);
    await writeFile(join(dir, 'notes.txt'), 'not a check');
    const checks = await loadCustomChecks(dir, allChecks.map((c) => c.meta.id));
    expect(checks.map((c) => c.meta.id)).toEqual(['ACME-001', 'ACME-002']);
    await writeFile(join(dir, 'c.yaml'), TEAM_LABEL.replace('ACME-002', 'ACME-003').replace('severity: low', 'severity: 3'));
    await expect(loadCustomChecks(dir)).rejects.toThrow(`${join(dir, 'c.yaml')}:6: severity: must be a non-empty string`);
  });
});

describe('inlineVariables', () => {
  it('replaces variables.NAME outside string literals, and leaves unknown names alone', () => {
    const vars = new Map([['containers', 'object.spec.containers']]);
    expect(inlineVariables('variables.containers.all(c, c.name != "variables.containers")', vars)).toBe('(object.spec.containers).all(c, c.name != "variables.containers")');
    expect(inlineVariables("size(variables.other) == 0 && x.variables.containers == 'a\\'variables.containers'", vars)).toBe("size(variables.other) == 0 && x.variables.containers == 'a\\'variables.containers'");
  });
});
