/**
 * The analyses recorded with each cluster scan: RBAC escalation paths and NetworkPolicy
 * reachability, for the newest scan that has them or for one scan (`?scan=ID`).
 */
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { AnalysisKind } from '../analysis/index.js';
import { ServerError } from '../errors.js';
import type { StoredAnalysis } from '../storage/store.js';
import { analysisResponse, netpolAnalysisSchema, rbacAnalysisSchema } from './analysis-schema.js';
import { enumQuery } from './params.js';
import '../plugins/types.js';

const params = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } }, additionalProperties: false } as const;
const scan = { scan: { type: 'integer', minimum: 1, description: 'a scan of this cluster (default: the newest scan with this analysis)' } } as const;
const rbacEnums = enumQuery({ severity: { values: ['critical', 'info'], list: true }, sink: { values: ['cluster-admin', 'kube-system-secrets'] } });
const list = (s: string | undefined) => (s === undefined || s === '' ? undefined : new Set(s.split(',').map((x) => x.trim()).filter((x) => x !== '')));

async function load<K extends AnalysisKind>(app: FastifyInstance, clusterId: number, kind: K, scanId: number | undefined) {
  const cluster = await app.store.cluster(clusterId);
  if (cluster === undefined) throw new ServerError('KF_ERR_NOT_FOUND', `no cluster ${clusterId}`);
  const stored = await app.store.analysis(cluster.id, kind, scanId);
  const what = kind === 'rbac' ? 'RBAC escalation paths' : 'NetworkPolicy reachability';
  if (stored === undefined) throw new ServerError('KF_ERR_NOT_FOUND', scanId === undefined ? `no ${what} recorded for cluster ${cluster.name} yet: they are recorded with each scheduled scan` : `scan ${scanId} of cluster ${cluster.name} has no ${what}`);
  return { cluster, stored, history: await app.store.analysisHistory(cluster.id, kind) };
}

function envelope(x: { cluster: { id: number; name: string }; stored: StoredAnalysis; history: unknown[] }, analysis: unknown) {
  const s = x.stored;
  return {
    cluster: { id: x.cluster.id, name: x.cluster.name },
    scan: { id: s.scan.id, startedAt: s.scan.started_at, status: s.scan.status },
    status: s.status,
    error: s.error,
    durationMs: s.durationMs,
    summary: s.summary,
    history: x.history,
    analysis,
  };
}

/** Responses larger than this are gzipped for clients that accept it (reachability of a large estate is megabytes of JSON). */
const GZIP_FROM = 32 * 1024;

export async function analysisRoutes(app: FastifyInstance): Promise<void> {
  // Only these routes (the plugin is encapsulated): their bodies hold names and connections, no secret.
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || payload.length < GZIP_FROM || reply.statusCode !== 200) return payload;
    reply.header('vary', 'accept-encoding');
    if (!/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return payload;
    reply.header('content-encoding', 'gzip');
    return gzipSync(payload);
  });

  app.get<{ Params: { id: number }; Querystring: { scan?: number; severity?: string; sink?: string; subject?: string } }>(
    '/clusters/:id/rbac',
    {
      preValidation: rbacEnums.preValidation,
      schema: {
        summary: 'RBAC escalation paths recorded with a scan: per subject the shortest chain of hops (binding → role → rule each) to cluster-admin or to kube-system Secrets; severity, sink and subject (a case-insensitive part of `ServiceAccount ns/name`, `User u`, `Group g`) filter the paths, not the counts',
        tags: ['analysis'],
        params,
        querystring: {
          type: 'object',
          properties: {
            ...scan,
            ...rbacEnums.properties,
            subject: { type: 'string', maxLength: 300 },
          },
          additionalProperties: false,
        },
        response: { 200: analysisResponse(rbacAnalysisSchema) },
      },
    },
    async (request) => {
      const q = request.query;
      const x = await load(app, request.params.id, 'rbac', q.scan);
      const body = x.stored.body;
      if (body === null) return envelope(x, null);
      const severity = list(q.severity);
      const subject = q.subject?.toLowerCase();
      const paths = body.paths.filter((p) => (severity === undefined || severity.has(p.severity)) && (q.sink === undefined || p.sink === q.sink) && (subject === undefined || p.label.toLowerCase().includes(subject)));
      return envelope(x, { ...body, paths });
    },
  );

  app.get<{ Params: { id: number }; Querystring: { scan?: number; namespace?: string } }>(
    '/clusters/:id/netpol',
    {
      schema: {
        summary: 'NetworkPolicy reachability recorded with a scan: per namespace its default deny and open workloads, per workload what it accepts from every namespace and from outside the cluster, whether the CNI enforces policies, a namespace matrix and the allowed connections (capped); `namespace` keeps that namespace, its workloads and the connections from or to it',
        tags: ['analysis'],
        params,
        querystring: { type: 'object', properties: { ...scan, namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 } }, additionalProperties: false },
        response: { 200: analysisResponse(netpolAnalysisSchema) },
      },
    },
    async (request) => {
      const q = request.query;
      const x = await load(app, request.params.id, 'netpol', q.scan);
      const body = x.stored.body;
      if (body === null) return envelope(x, null);
      const ns = q.namespace;
      if (ns === undefined) return envelope(x, body);
      const inNs = (endpoint: string) => endpoint.startsWith(`${ns}/`);
      return envelope(x, {
        ...body,
        namespaces: body.namespaces.filter((n) => n.name === ns),
        workloads: { ...body.workloads, items: body.workloads.items.filter((w) => w.namespace === ns) },
        connections: { ...body.connections, items: body.connections.items.filter((c) => inNs(c.src) || inNs(c.dst)) },
      });
    },
  );
}
