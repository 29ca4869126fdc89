/** The metrics registry and GET /metrics (token required, like every non-health route). */
import fp from 'fastify-plugin';
import { Metrics } from '../metrics.js';
import './types.js';

export const metricsPlugin = fp(
  async (app) => {
    app.decorate('metrics', new Metrics());
    app.get('/metrics', { schema: { summary: 'Prometheus metrics (text exposition format 0.0.4)', tags: ['metrics'], response: { 200: { type: 'string' } } } }, async (_request, reply) => {
      const text = app.metrics.render(await app.store.openCounts());
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
    });
  },
  { name: 'kubefort-metrics', fastify: '5.x', dependencies: ['kubefort-storage'] },
);
