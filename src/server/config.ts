/**
 * The service configuration: a YAML file validated strictly (unknown keys are errors, every
 * problem names its path), every setting defaulted, so `kubefort serve` with no file works.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import jsYaml from 'js-yaml';
import { z } from 'zod';
import { CLUSTER_NAME_RULE, clusterNameProblem } from './cluster-name.js';
import { parseCron } from './cron.js';
import { ServerError } from './errors.js';

const cron = z.string().refine((s) => {
  try {
    parseCron(s);
    return true;
  } catch {
    return false;
  }
}, 'not a valid 5-field cron expression');

const clusterSchema = z
  .strictObject({
    /** Name shown in the API and metrics and used in the intake paths; defaults to the context name, or `in-cluster`. */
    name: z
      .string()
      .superRefine((name, ctx) => {
        const problem = clusterNameProblem(name);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `not a valid cluster name (${problem}): ${CLUSTER_NAME_RULE}` });
      })
      .optional(),
    kubeconfig: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
    inCluster: z.boolean().optional(),
    schedule: cron.optional(),
    namespace: z.string().min(1).optional(),
  })
  .refine((c) => !(c.inCluster === true && (c.kubeconfig !== undefined || c.context !== undefined)), 'inCluster excludes kubeconfig and context')
  .superRefine((c, ctx) => {
    // Without a name the context names the cluster, so it must be a valid name too.
    if (c.name !== undefined || c.context === undefined) return;
    const problem = clusterNameProblem(c.context);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['context'], message: `names the cluster (no name is set) but is not a valid cluster name (${problem}): set name (${CLUSTER_NAME_RULE})` });
  });

const tokenSchema = z.union([
  z.strictObject({ name: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits') }),
  z.strictObject({ name: z.string().min(1), value: z.string().min(24, 'at least 24 characters') }),
]);

export const configSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65535).default(8443),
  /** sqlite:PATH or postgres://…; default: SQLite file in the data directory. */
  storage: z.string().min(1).optional(),
  /** Where the SQLite file and a generated certificate live; default $KUBEFORT_DATA_DIR, else XDG data home / kubefort. */
  dataDir: z.string().min(1).optional(),
  tls: z
    .strictObject({ cert: z.string().min(1), key: z.string().min(1) })
    .optional(),
  tokens: z.array(tokenSchema).default([]),
  /** Default schedule of clusters that set none. */
  schedule: cron.default('0 * * * *'),
  /** Scan each cluster once at start when it has never been scanned. */
  scanOnStart: z.boolean().default(true),
  clusters: z.array(clusterSchema).default([]),
  retention: z.strictObject({ days: z.number().int().min(1).default(90) }).default({ days: 90 }),
  limits: z
    .strictObject({
      /** Largest request body; node-scan reports and audit EventList batches are the big ones. */
      bodyBytes: z.number().int().min(1024).default(16 * 1024 * 1024),
    })
    .default({ bodyBytes: 16 * 1024 * 1024 }),
  scheduler: z
    .strictObject({
      /** How often an instance looks for due scans. */
      tickSeconds: z.number().min(0.05).default(15),
      /** How long a claimed scan is held before another instance may take it over. */
      leaseSeconds: z.number().int().min(10).default(900),
    })
    .default({ tickSeconds: 15, leaseSeconds: 900 }),
  audit: z
    .strictObject({
      /** Custom detection rules (kind: AuditRule files or folders) run by the audit webhook beside the catalogue; relative to the config file. */
      rules: z.array(z.string().min(1)).default([]),
    })
    .default({ rules: [] }),
  /** Identifies this replica in scan records and leases; default hostname-pid-random. */
  instanceId: z.string().min(1).optional(),
});

export type ServerConfig = z.infer<typeof configSchema>;
export type ClusterConfig = z.infer<typeof clusterSchema>;

/** Validates an already-parsed config value; the error lists every problem with its path. */
export function parseConfig(value: unknown, source = 'configuration'): ServerConfig {
  const parsed = configSchema.safeParse(value ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length === 0 ? '(root)' : i.path.join('.')}: ${i.message}`);
    throw new ServerError('KF_ERR_SERVER_CONFIG', `${source} is invalid:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

export async function loadConfig(file: string | undefined): Promise<ServerConfig> {
  if (file === undefined) return parseConfig({});
  let raw: unknown;
  try {
    raw = jsYaml.load(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ServerError('KF_ERR_SERVER_CONFIG', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const config = parseConfig(raw, file);
  // Files a config names are found next to it, wherever the service is started from.
  return { ...config, audit: { ...config.audit, rules: config.audit.rules.map((r) => resolve(dirname(file), r)) } };
}

/** $KUBEFORT_DATA_DIR, else $XDG_DATA_HOME/kubefort, else ~/.local/share/kubefort. */
export function dataDir(config: Pick<ServerConfig, 'dataDir'>, env: NodeJS.ProcessEnv = process.env): string {
  if (config.dataDir !== undefined) return config.dataDir;
  if (env.KUBEFORT_DATA_DIR !== undefined && env.KUBEFORT_DATA_DIR !== '') return env.KUBEFORT_DATA_DIR;
  const xdg = env.XDG_DATA_HOME !== undefined && env.XDG_DATA_HOME !== '' ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(xdg, 'kubefort');
}

export function storageUrl(config: Pick<ServerConfig, 'storage' | 'dataDir'>, env: NodeJS.ProcessEnv = process.env): string {
  return config.storage ?? env.KUBEFORT_STORAGE ?? `sqlite:${join(dataDir(config, env), 'kubefort.sqlite')}`;
}
