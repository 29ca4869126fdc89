/** The only unauthenticated routes: liveness and readiness (storage answers). */
import type { FastifyInstance } from 'fastify';
import '../plugins/types.js';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { config: { public: true }, schema: { summary: 'Liveness: the process serves requests', tags: ['health'], security: [] } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { summary: 'Readiness: storage answers', tags: ['health'], security: [] } }, async (_request, reply) => {
    try {
      await app.store.ping();
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'storage unavailable' });
    }
  });
}
