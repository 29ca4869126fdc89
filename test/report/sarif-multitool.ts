/**
 * Runs Microsoft's SARIF Multitool (`@microsoft/sarif-multitool`, the reference
 * validator of the SARIF SDK) over a log: the official SARIF 2.1.0 JSON schema
 * (JSON10xx), the spec's structural rules (SARIF1xxx), its authoring guidance
 * (SARIF2xxx) and GitHub code scanning's ingestion rules (GHxxxx).
 *
 * Offline: the one rule that fetches URIs over HTTP (SARIF2006) is disabled by a
 * configuration file.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Absolute path of the platform's Multitool executable (the package's main export). */
export function multitoolPath(): string {
  const path = require('@microsoft/sarif-multitool') as string;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${path} is not executable: its package's install script (chmod u+x) did not run. Run \`chmod u+x ${path}\` or reinstall with install scripts allowed.`);
  }
  return path;
}

/** The SARIF 2.1.0 schema file the Multitool ships and validates with. */
export function multitoolSchemaPath(): string {
  return join(dirname(multitoolPath()), 'sarif-2.1.0.json');
}

export interface MultitoolFinding {
  readonly rule: string;
  readonly level: 'error' | 'warning' | 'note';
  /** JSON path in the validated log, e.g. `runs[0].results[0].locations[0].physicalLocation`. */
  readonly at: string;
  readonly text: string;
}

export interface MultitoolReport {
  /** False when the Multitool skipped the log without a word (see validateSarif). */
  readonly analysed: boolean;
  readonly findings: readonly MultitoolFinding[];
  /** Problems of the Multitool itself (could not read or parse the log …). */
  readonly toolErrors: readonly string[];
}

const CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
`;

interface OutLog {
  runs?: {
    results?: {
      ruleId?: string;
      level?: string;
      message?: { text?: string; id?: string; arguments?: string[] };
      locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[];
    }[];
    invocations?: { executionSuccessful?: boolean; toolExecutionNotifications?: { level?: string; message?: { text?: string } }[] }[];
  }[];
}

/**
 * Validates SARIF logs in one Multitool run (it takes a second or more to start),
 * returning a report per log name, notes included.
 *
 * Blind spot of 5.7.0: a log that matches the schema's structure but cannot be
 * deserialised (an unknown enum value such as `"level": "fatal"`) is skipped in
 * silence: no error, exit code 0. `analysed` tells the two apart: SARIF2003 (no
 * versionControlProvenance, a note kubefort leaves to the uploader) fires on every
 * run the Multitool really analysed. The tests also validate with ajv against the
 * schema file the Multitool ships, which catches enums.
 */
export function validateSarif<K extends string>(logs: Readonly<Record<K, string>>): Record<K, MultitoolReport> {
  const names = Object.keys(logs) as K[];
  for (const name of names) if (!/^[\w-]+$/.test(name)) throw new Error(`log name ${name} must be a plain file name`);
  const dir = mkdtempSync(join(tmpdir(), 'kubefort-sarif-'));
  try {
    const output = join(dir, 'validation.out');
    const config = join(dir, 'multitool.xml');
    writeFileSync(config, CONFIG);
    for (const name of names) writeFileSync(join(dir, `${name}.sarif`), logs[name]);
    const run = spawnSync(
      multitoolPath(),
      [
        'validate',
        ...names.map((name) => join(dir, `${name}.sarif`)),
        '--output',
        output,
        '--log',
        'ForceOverwrite',
        '--config',
        config,
        '--rule-kind',
        'Sarif;Gh',
        '--level',
        'Error;Warning;Note',
        '--kind',
        'Fail',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (run.error !== undefined) throw run.error;
    if (run.status !== 0) throw new Error(`Sarif.Multitool exited ${run.status}: ${run.stdout}${run.stderr}`);
    const out = JSON.parse(readFileSync(output, 'utf8')) as OutLog;
    const first = out.runs?.[0];
    const invocation = first?.invocations?.[0];
    const toolErrors = [
      ...(invocation?.executionSuccessful === false ? ['execution not successful'] : []),
      ...(invocation?.toolExecutionNotifications ?? []).filter((n) => n.level === 'error').map((n) => n.message?.text ?? '?'),
    ];
    const reports = {} as Record<K, MultitoolReport>;
    for (const name of names) {
      const findings = (first?.results ?? [])
        .filter((r) => (r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '').endsWith(`/${name}.sarif`))
        .map((r) => ({
          rule: r.ruleId ?? '?',
          level: (r.level ?? 'warning') as MultitoolFinding['level'],
          at: r.message?.arguments?.[0] ?? '',
          text: r.message?.text ?? `${r.message?.id ?? ''}: ${(r.message?.arguments ?? []).join(' | ')}`,
        }));
      reports[name] = { analysed: findings.some((f) => f.rule === 'SARIF2003'), findings, toolErrors };
    }
    return reports;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
