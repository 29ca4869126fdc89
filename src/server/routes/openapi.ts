/**
 * /openapi.json: an OpenAPI 3.1 document built from the routes as registered (their JSON Schemas
 * and summaries), so the description cannot drift from what the server validates.
 */
import type { FastifyInstance } from 'fastify';
import { VERSION } from '../../version.js';
import type { DocumentedRoute } from '../plugins/types.js';
import '../plugins/types.js';

type Json = Record<string, unknown>;

function parameters(schema: Json | undefined, where: 'path' | 'query'): Json[] {
  if (schema === undefined) return [];
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s }));
}

/** The 200 response, with its schema when the route declares one (fastify serialises with it too). */
function response200(response: Json | undefined): Json {
  const schema = response?.['200'] as Json | undefined;
  return schema === undefined ? { description: 'OK' } : { description: (schema.description as string | undefined) ?? 'OK', content: { 'application/json': { schema } } };
}

export function openApiDocument(routes: readonly DocumentedRoute[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of [...routes].sort((a, b) => a.url.localeCompare(b.url))) {
    const s = r.schema as Json;
    if (r.method === 'HEAD' || r.url === '/openapi.json' || s.hide === true) continue;
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const op: Json = {
      summary: s.summary ?? '',
      tags: s.tags ?? [],
      parameters: [...parameters(s.params as Json | undefined, 'path'), ...parameters(s.querystring as Json | undefined, 'query')],
      responses: {
        '200': response200(s.response as Json | undefined),
        ...(s.security !== undefined ? {} : { '401': { description: 'No valid API token' } }),
        '400': { description: 'Invalid input: { error: { code, message } }' },
      },
      ...(s.security !== undefined ? { security: s.security } : {}),
    };
    if (s.body !== undefined) op.requestBody = { required: true, content: { 'application/json': { schema: s.body } } };
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'kubefort service', version: VERSION, description: 'Continuous compliance: scans, findings with history, exceptions, audit alerts, RBAC escalation paths and NetworkPolicy reachability per scan. Every route but /healthz and /readyz needs `Authorization: Bearer <token>`.' },
    components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
    security: [{ token: [] }],
    paths,
  };
}

export async function openApiRoute(app: FastifyInstance): Promise<void> {
  app.get('/openapi.json', { schema: { summary: 'This OpenAPI description', tags: ['meta'] } }, async () => openApiDocument(app.apiRoutes));
}
