/**
 * `kubefort serve` as a library call: configuration → storage → tokens → TLS → clusters →
 * fastify listening over HTTPS with the scheduler running.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { dataDir, storageUrl, type ServerConfig } from './config.js';
import { parseCron } from './cron.js';
import { resolveTargets, scanLiveCluster, type ScanFunction } from './scanner.js';
import { openDatabase } from './storage/db.js';
import { Store } from './storage/store.js';
import { loadTls } from './tls.js';
import { generateToken, hashToken, TokenVerifier } from './tokens.js';
import type { AuditDetector } from './routes/api.js';
import { detectionEngineDetector } from './audit.js';

export interface ServiceOptions {
  readonly config: ServerConfig;
  /** Overrides config.port (the --port flag); 0 picks a free port. */
  readonly port?: number;
  readonly scan?: ScanFunction;
  readonly detectAudit?: AuditDetector;
  /** Where notices go (the generated token, the fingerprint); default stderr. */
  readonly print?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: boolean;
  /** The built dashboard; default: dist/web next to the bundle, if built. */
  readonly webRoot?: string;
}

export interface Service {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly fingerprint: string;
  readonly store: Store;
  /** The token generated at this start, if one was. */
  readonly generatedToken: string | undefined;
  close(): Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const { config } = options;
  const env = options.env ?? process.env;
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = dataDir(config, env);
  const open = await openDatabase(storageUrl(config, env));
  const store = new Store(open.db, open.kind);
  try {
    const instance = config.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

    // Tokens: the configured ones (as hashes) plus the stored ones; a first start with none generates one.
    const configured = config.tokens.map((t) => ({ name: t.name, sha256: 'sha256' in t ? t.sha256 : hashToken(t.value) }));
    let stored = await store.tokenHashes();
    let generatedToken: string | undefined;
    if (configured.length === 0 && stored.length === 0) {
      generatedToken = generateToken();
      await store.addTokenHash('generated', hashToken(generatedToken));
      stored = await store.tokenHashes();
      print(`kubefort: generated an API token (shown once; only its hash is stored):\n  ${generatedToken}`);
    }
    const tokens = new TokenVerifier([...configured, ...stored]);

    const tls = await loadTls(config.tls, dir);
    print(`kubefort: TLS certificate${tls.generated ? ' (self-signed, generated now)' : config.tls === undefined ? ' (self-signed)' : ''} SHA-256 fingerprint ${tls.fingerprint}`);

    const now = new Date();
    for (const target of await resolveTargets(config)) {
      const first = config.scanOnStart ? now : parseCron(target.schedule).next(now);
      await store.upsertCluster(target.name, target.source, target.schedule, first, now);
    }
    await store.setSetting('retention_days', String(config.retention.days));

    const app = await buildApp({
      store,
      tokens,
      https: { cert: tls.cert, key: tls.key },
      bodyLimit: config.limits.bodyBytes,
      logger: options.logger ?? false,
      scheduler: {
        instance,
        scan: options.scan ?? scanLiveCluster,
        tickMs: config.scheduler.tickSeconds * 1000,
        leaseMs: config.scheduler.leaseSeconds * 1000,
        log: (level, message) => print(`kubefort: ${level === 'warn' ? 'warning: ' : ''}${message}`),
      },
      detectAudit: options.detectAudit ?? (await detectionEngineDetector({ rulesFiles: config.audit.rules })),
      ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    });
    // Retention once a day (and at start), on every replica: deletes are idempotent.
    const prune = () => void store.prune(config.retention.days).catch(() => undefined);
    prune();
    const pruner = setInterval(prune, 86_400_000);
    pruner.unref();
    app.addHook('onClose', async () => clearInterval(pruner));

    const address = await app.listen({ host: config.host, port: options.port ?? config.port });
    print(`kubefort: serving ${address} (storage ${open.display}, instance ${instance})`);
    return { app, url: address, fingerprint: tls.fingerprint, store, generatedToken, close: () => app.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}
