/** Every route needs `Authorization: Bearer <token>` except those marked `config.public` (health). */
import fp from 'fastify-plugin';
import { bearer, type TokenVerifier } from '../tokens.js';
import './types.js';

export const authPlugin = fp<{ tokens: TokenVerifier }>(
  async (app, { tokens }) => {
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.public === true) return;
      const name = tokens.verify(bearer(request.headers.authorization));
      if (name === undefined) {
        reply.header('www-authenticate', 'Bearer realm="kubefort"');
        return reply.code(401).send({ error: { code: 'KF_ERR_UNAUTHORIZED', message: 'a valid API token is required (Authorization: Bearer …)' } });
      }
      request.tokenName = name;
      return undefined;
    });
  },
  { name: 'kubefort-auth', fastify: '5.x' },
);
