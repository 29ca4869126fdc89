/** Security headers on every response, and the error shape: `{ error: { code, message } }`. */
import fp from 'fastify-plugin';
import { SERVER_ERRORS, ServerError } from '../errors.js';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'cache-control': 'no-store',
};

export const securityPlugin = fp(
  async (app) => {
    app.addHook('onSend', async (_request, reply, payload) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
      return payload;
    });
    app.setErrorHandler(async (error, request, reply) => {
      if (error instanceof ServerError) return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
      const e = error as { code?: string; statusCode?: number; validation?: unknown; message?: string };
      if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: { code: 'KF_ERR_PAYLOAD_TOO_LARGE', message: SERVER_ERRORS.KF_ERR_PAYLOAD_TOO_LARGE.title } });
      if (e.validation !== undefined || (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500)) {
        return reply.code(e.statusCode ?? 400).send({ error: { code: 'KF_ERR_BAD_REQUEST', message: e.message ?? 'bad request' } });
      }
      request.log.error(error);
      return reply.code(500).send({ error: { code: 'KF_ERR_INTERNAL', message: SERVER_ERRORS.KF_ERR_INTERNAL.title } });
    });
    app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ error: { code: 'KF_ERR_NOT_FOUND', message: 'no such route' } }));
  },
  { name: 'kubefort-security', fastify: '5.x' },
);
