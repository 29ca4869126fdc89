/** What the service's plugins add to fastify, declared once. */
import type { Metrics } from '../metrics.js';
import type { Scheduler } from '../scheduler.js';
import type { Store } from '../storage/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    metrics: Metrics;
    scheduler: Scheduler | undefined;
    /** Documented routes, collected as they are registered, for /openapi.json. */
    apiRoutes: DocumentedRoute[];
  }
  interface FastifyContextConfig {
    /** No token needed: the health endpoints only. */
    public?: boolean;
  }
  /** OpenAPI annotations on route schemas (fastify ignores them; /openapi.json reads them). */
  interface FastifySchema {
    summary?: string;
    tags?: string[];
    security?: readonly Record<string, readonly string[]>[];
    /** Left out of /openapi.json (the dashboard's static files). */
    hide?: boolean;
  }
  interface FastifyRequest {
    /** Name of the token that authenticated the request. */
    tokenName?: string;
  }
}

export interface DocumentedRoute {
  readonly method: string;
  readonly url: string;
  readonly schema: Readonly<Record<string, unknown>>;
}
