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

function one(text: string) {
  const [definition] = parseCustomChecks('checks.yaml', text);
  if (definition === undefined) throw new Error('no definition');
  return customCheck(definition);
}

describe('custom checks in CEL', () => {
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
    ['area', REPLICAS.replace('area: workload', 'area: security'), 'checks.yaml: area: "security" is not one of'],
    ['severity', REPLICAS.replace('severity: medium', 'severity: urgent'), 'checks.yaml: severity:'],
    ['expression', REPLICAS.replace(/expression: .*/, 'expression: "object.spec.replicas >="'), 'checks.yaml: expression: does not compile'],
    ['kinds', REPLICAS.replace('kinds: [Deployment]', 'kinds: []'), 'checks.yaml: kinds: must be a non-empty list'],
    ['kinds[0]', REPLICAS.replace('kinds: [Deployment]', 'kinds: [deployments]'), 'checks.yaml: kinds[0]:'],
    ['unknown field', REPLICAS.replace('area: workload', 'area: workload\nseverty: high'), 'checks.yaml: severty: unknown field'],
    ['missing message', REPLICAS.replace(/message: .*\n/, ''), 'checks.yaml: message: is required'],
    ['apiVersion', REPLICAS.replace('kubefort.io/v1alpha1', 'kubefort.io/v1'), 'checks.yaml: apiVersion: must be kubefort.io/v1alpha1'],
  ])('rejects a bad definition naming file and field: %s', (_name, text, expected) => {
    expect(() => parseCustomChecks('checks.yaml', text)).toThrow(CustomCheckError);
    expect(() => parseCustomChecks('checks.yaml', text)).toThrow(expected);
  });

  it('rejects an id that clashes with a built-in check or another custom check', () => {
    const builtIn = allChecks[0]?.meta.id ?? 'KF-W-001';
    expect(() => parseCustomChecks('a.yaml', REPLICAS.replace('ACME-001', builtIn), allChecks.map((c) => c.meta.id))).toThrow(`a.yaml: id: "${builtIn}" is already used`);
    expect(() => parseCustomChecks('a.yaml', `${REPLICAS}---\n${REPLICAS}`)).toThrow('a.yaml#1: id: "ACME-001" is already used');
  });

  it('loads a directory of YAML files, in name order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubefort-custom-'));
    await writeFile(join(dir, 'b.yaml'), TEAM_LABEL);
    await writeFile(join(dir, 'a.yml'), REPLICAS);
    await writeFile(join(dir, 'notes.txt'), 'not a check');
    const checks = await loadCustomChecks(dir, allChecks.map((c) => c.meta.id));
    expect(checks.map((c) => c.meta.id)).toEqual(['ACME-001', 'ACME-002']);
    await writeFile(join(dir, 'c.yaml'), TEAM_LABEL.replace('ACME-002', 'ACME-003').replace('severity: low', 'severity: 3'));
    await expect(loadCustomChecks(dir)).rejects.toThrow(`${join(dir, 'c.yaml')}: severity: must be a non-empty string`);
  });
});

describe('inlineVariables', () => {
  it('replaces variables.NAME outside string literals, and leaves unknown names alone', () => {
    const vars = new Map([['containers', 'object.spec.containers']]);
    expect(inlineVariables('variables.containers.all(c, c.name != "variables.containers")', vars)).toBe('(object.spec.containers).all(c, c.name != "variables.containers")');
    expect(inlineVariables("size(variables.other) == 0 && x.variables.containers == 'a\\'variables.containers'", vars)).toBe("size(variables.other) == 0 && x.variables.containers == 'a\\'variables.containers'");
  });
});
