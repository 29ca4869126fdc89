/**
 * The dashboard's static files (dist/web, built by Vite). They hold no data, so they are served
 * without a token: the page asks for one and sends it with every API call. Absent build, no routes.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import './types.js';

/** dist/web next to the bundle (dist/cli.js, dist/chunks/*.js) or under the checkout (src/server/plugins). */
export function findWebRoot(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (const candidate of [join(from, 'web'), join(from, '..', 'web'), resolve(from, '../../../dist/web'), resolve(process.cwd(), 'dist/web')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

export const dashboardPlugin = fp<{ root: string | undefined }>(
  async (app, { root }) => {
    if (root === undefined) return;
    await app.register(async (child) => {
      child.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), public: true };
        route.schema = { ...(route.schema ?? {}), hide: true };
      });
      await child.register(fastifyStatic, { root, prefix: '/', index: ['index.html'], wildcard: true, cacheControl: false });
    });
  },
  { name: 'kubefort-dashboard', fastify: '5.x' },
);
