/**
 * Builds the service: fastify with one plugin per concern (security headers and errors, auth,
 * storage, metrics, scheduler) and the routes. Listening is the caller's business, so tests use
 * `inject` on the same instance that `kubefort serve` runs.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { CLUSTER_NAME_MAX } from './cluster-name.js';
import { authPlugin } from './plugins/auth.js';
import { dashboardPlugin, findWebRoot } from './plugins/dashboard.js';
import { metricsPlugin } from './plugins/metrics.js';
import { schedulerPlugin } from './plugins/scheduler.js';
import { securityPlugin } from './plugins/security.js';
import { storagePlugin } from './plugins/storage.js';
import type { DocumentedRoute } from './plugins/types.js';
import { analysisRoutes } from './routes/analysis.js';
import { apiRoutes, type AuditDetector } from './routes/api.js';
import { healthRoutes } from './routes/health.js';
import { openApiRoute } from './routes/openapi.js';
import type { SchedulerOptions } from './scheduler.js';
import type { Store } from './storage/store.js';
import type { TokenVerifier } from './tokens.js';

export interface AppOptions {
  readonly store: Store;
  /** Close the store with the server; default true. */
  readonly ownsStore?: boolean;
  readonly tokens: TokenVerifier;
  /** PEM pair; without it the instance serves plain HTTP, which only tests do (through inject). */
  readonly https?: { readonly cert: string; readonly key: string };
  readonly bodyLimit?: number;
  readonly scheduler?: Omit<SchedulerOptions, 'store' | 'metrics'>;
  readonly detectAudit?: AuditDetector;
  readonly logger?: boolean;
  /** The built dashboard (dist/web); found next to the bundle when absent, none when not built. */
  readonly webRoot?: string | null;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    // Unknown fields are errors, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    // The router's limit is on the raw, percent-encoded parameter (100 by default): a cluster name
    // of CLUSTER_NAME_MAX characters needs up to 12 per character (4 UTF-8 bytes, `%XX` each).
    routerOptions: { maxParamLength: CLUSTER_NAME_MAX * 12 },
    ...(options.https === undefined ? {} : { https: { cert: options.https.cert, key: options.https.key, minVersion: 'TLSv1.2' as const } }),
    return503OnClosing: true,
    // Live streams (server-sent events) must not hold a shutdown open.
    forceCloseConnections: true,
    connectionTimeout: 60_000,
    requestTimeout: 120_000,
  }) as unknown as FastifyInstance;
  const routes: DocumentedRoute[] = [];
  app.decorate('apiRoutes', routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url, schema: (route.schema ?? {}) as Record<string, unknown> });
  });
  await app.register(securityPlugin);
  await app.register(authPlugin, { tokens: options.tokens });
  await app.register(storagePlugin, { store: options.store, owned: options.ownsStore ?? true });
  await app.register(metricsPlugin);
  await app.register(schedulerPlugin, { options: options.scheduler });
  await app.register(healthRoutes);
  await app.register(openApiRoute);
  await app.register(dashboardPlugin, { root: options.webRoot === null ? undefined : (options.webRoot ?? findWebRoot()) });
  await app.register(apiRoutes, { prefix: '/api/v1', ...(options.detectAudit === undefined ? {} : { detectAudit: options.detectAudit }) });
  await app.register(analysisRoutes, { prefix: '/api/v1' });
  return app;
}
