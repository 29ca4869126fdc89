/**
 * The REST API under /api/v1. Each route's JSON Schema validates its input and, with its
 * summary, is what /openapi.json documents.
 */
import type { FastifyInstance } from 'fastify';
import type { NodeReport } from '../../node/result.js';
import { AREAS } from '../../core/area.js';
import { SEVERITIES } from '../../core/severity.js';
import { CONTROL_STATES } from '../../node/result.js';
import { ServerError } from '../errors.js';
import { SECURITY_HEADERS } from '../plugins/security.js';
import type { ClusterRow, NewAlert } from '../storage/store.js';
import { checkClusterNameParam, clusterNameParams, enumQuery } from './params.js';
import { clusterJson, clusterSchema, findingJson, scanJson } from './serialize.js';
import '../plugins/types.js';

/** Turns audit events into alerts; the detection engine plugs in here. */
export type AuditDetector = (clusterName: string, events: readonly unknown[]) => NewAlert[] | Promise<NewAlert[]>;

const id = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } }, additionalProperties: false } as const;
/** Query parameters from closed sets: an unknown value is a 400, never a filter that matches nothing. */
const findingEnums = enumQuery({
  status: { values: ['open', 'fixed', 'all'], default: 'open' },
  severity: { values: SEVERITIES, list: true },
  area: { values: AREAS, list: true },
});
const page = { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, offset: { type: 'integer', minimum: 0, default: 0 } } as const;
const list = (s: string | undefined) => (s === undefined || s === '' ? undefined : s.split(',').map((x) => x.trim()).filter((x) => x !== ''));

async function clusterOr404(app: FastifyInstance, clusterId: number) {
  const c = await app.store.cluster(clusterId);
  if (c === undefined) throw new ServerError('KF_ERR_NOT_FOUND', `no cluster ${clusterId}`);
  return c;
}

export async function apiRoutes(app: FastifyInstance, options: { detectAudit?: AuditDetector }): Promise<void> {
  // Each cluster's analysis counts are read from the rows beside its newest analyses, never from their bodies.
  const cluster = async (c: ClusterRow) => clusterJson(c, await app.store.latestScan(c.id), await app.store.latestAnalyses(c.id));

  /**
   * The cluster an intake request names. A name no cluster has yet creates an unscheduled cluster
   * (reports of a cluster this service does not scan: its nodes' DaemonSet, its API server's audit
   * webhook); only the intake routes do, behind the token check (a node scan's answer says so).
   */
  const intakeCluster = async (name: string) => {
    const existing = await app.store.clusterByName(name);
    if (existing !== undefined) return { cluster: existing, created: false };
    const created = await app.store.clusterByName(name, true);
    if (created === undefined) throw new ServerError('KF_ERR_INTERNAL', 'cluster row missing');
    return { cluster: created, created: true };
  };

  app.get(
    '/clusters',
    {
      schema: {
        summary: 'Clusters with their latest scan and score, and the counts of their newest RBAC escalation paths and NetworkPolicy reachability (`analysis`)',
        tags: ['clusters'],
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: clusterSchema } } } },
      },
    },
    async () => ({ items: await Promise.all((await app.store.clusters()).map(cluster)) }),
  );

  app.get<{ Params: { id: number } }>('/clusters/:id', { schema: { summary: 'One cluster, as /clusters lists it', tags: ['clusters'], params: id, response: { 200: clusterSchema } } }, async (request) => cluster(await clusterOr404(app, request.params.id)));

  app.get<{ Params: { id: number }; Querystring: { days: number } }>(
    '/clusters/:id/trend',
    {
      schema: {
        summary: 'Trend of counts and scores (overall and per hardening area) over the scans of the last `days`, and the time to fix',
        tags: ['history'],
        params: id,
        querystring: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 3650, default: 30 } }, additionalProperties: false },
      },
    },
    async (request) => {
      const c = await clusterOr404(app, request.params.id);
      const since = new Date(Date.now() - request.query.days * 86_400_000);
      return { cluster: c.name, since: since.toISOString(), points: await app.store.trend(c.id, since), timeToFix: await app.store.timeToFix(c.id, since) };
    },
  );

  app.get<{ Querystring: { cluster?: number; limit: number; offset: number } }>(
    '/scans',
    { schema: { summary: 'Scans, newest first', tags: ['scans'], querystring: { type: 'object', properties: { cluster: { type: 'integer', minimum: 1 }, ...page }, additionalProperties: false } } },
    async (request) => {
      const { cluster, limit, offset } = request.query;
      return { items: (await app.store.scans({ ...(cluster === undefined ? {} : { cluster }), limit, offset })).map(scanJson) };
    },
  );

  app.get<{ Params: { id: number } }>('/scans/:id', { schema: { summary: 'One scan and its drift: findings new in it, still open, and fixed by it', tags: ['scans', 'history'], params: id } }, async (request) => {
    const scan = await app.store.scan(request.params.id);
    if (scan === undefined) throw new ServerError('KF_ERR_NOT_FOUND', `no scan ${request.params.id}`);
    const changes = await app.store.scanChanges(scan.id);
    return { ...scanJson(scan), changes: { new: changes.new.map(findingJson), stillOpen: changes.open.map(findingJson), fixed: changes.fixed.map(findingJson) } };
  });

  interface FindingQuery { cluster?: number; status: 'open' | 'fixed' | 'all'; severity?: string; area?: string; check?: string; namespace?: string; kind?: string; q?: string; limit: number; offset: number }
  app.get<{ Querystring: FindingQuery }>(
    '/findings',
    {
      preValidation: findingEnums.preValidation,
      schema: {
        summary: 'Findings with filters; severity and area take comma-separated lists, q searches title, message, name and check id',
        tags: ['findings'],
        querystring: {
          type: 'object',
          properties: {
            cluster: { type: 'integer', minimum: 1 },
            ...findingEnums.properties,
            check: { type: 'string', maxLength: 100 },
            namespace: { type: 'string', maxLength: 253 },
            kind: { type: 'string', maxLength: 100 },
            q: { type: 'string', maxLength: 200 },
            ...page,
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const severity = list(q.severity);
      const area = list(q.area);
      const result = await app.store.findings({
        status: q.status,
        limit: q.limit,
        offset: q.offset,
        ...(q.cluster === undefined ? {} : { cluster: q.cluster }),
        ...(severity === undefined ? {} : { severity }),
        ...(area === undefined ? {} : { area }),
        ...(q.check === undefined ? {} : { check: q.check }),
        ...(q.namespace === undefined ? {} : { namespace: q.namespace }),
        ...(q.kind === undefined ? {} : { kind: q.kind }),
        ...(q.q === undefined ? {} : { q: q.q }),
      });
      return { total: result.total, items: result.items.map(findingJson) };
    },
  );

  app.get<{ Params: { id: number } }>('/findings/:id', { schema: { summary: 'One finding with its evidence (location, message, frameworks) and the fix', tags: ['findings'], params: id } }, async (request) => {
    const f = await app.store.finding(request.params.id);
    if (f === undefined) throw new ServerError('KF_ERR_NOT_FOUND', `no finding ${request.params.id}`);
    return findingJson(f);
  });

  app.get<{ Querystring: { cluster?: number } }>(
    '/exceptions',
    { schema: { summary: 'Exceptions applied at scan time (for one cluster: its own and the global ones)', tags: ['exceptions'], querystring: { type: 'object', properties: { cluster: { type: 'integer', minimum: 1 } }, additionalProperties: false } } },
    async (request) => ({ items: await app.store.exceptions(request.query.cluster) }),
  );

  interface ExceptionBody { clusterId?: number | null; checkId: string; kind?: string; namespace?: string; name?: string; reason: string; owner?: string; expires?: string }
  app.post<{ Body: ExceptionBody }>(
    '/exceptions',
    {
      schema: {
        summary: 'Adds an exception: a check (or `*`) for matching objects, with a reason, an owner and an expiry date',
        tags: ['exceptions'],
        body: {
          type: 'object',
          required: ['checkId', 'reason'],
          properties: {
            clusterId: { type: ['integer', 'null'], minimum: 1 },
            checkId: { type: 'string', minLength: 1, maxLength: 100 },
            kind: { type: 'string', minLength: 1, maxLength: 100 },
            namespace: { type: 'string', minLength: 1, maxLength: 253 },
            name: { type: 'string', minLength: 1, maxLength: 253 },
            reason: { type: 'string', minLength: 3, maxLength: 2000 },
            owner: { type: 'string', minLength: 1, maxLength: 200 },
            expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      if (b.clusterId !== undefined && b.clusterId !== null) await clusterOr404(app, b.clusterId);
      const row = await app.store.addException({ ...b, owner: b.owner ?? request.tokenName ?? null });
      return reply.code(201).send(row);
    },
  );

  app.delete<{ Params: { id: number } }>('/exceptions/:id', { schema: { summary: 'Removes an exception', tags: ['exceptions'], params: id } }, async (request, reply) => {
    if (!(await app.store.deleteException(request.params.id))) throw new ServerError('KF_ERR_NOT_FOUND', `no exception ${request.params.id}`);
    return reply.code(204).send();
  });

  app.get<{ Querystring: { cluster?: number; rule?: string; limit: number } }>(
    '/alerts',
    {
      schema: {
        summary: 'Audit alerts, newest first',
        tags: ['audit'],
        querystring: { type: 'object', properties: { cluster: { type: 'integer', minimum: 1 }, rule: { type: 'string', maxLength: 100 }, limit: page.limit }, additionalProperties: false },
      },
    },
    async (request) => {
      const { cluster, rule, limit } = request.query;
      const rows = await app.store.alerts({ limit, ...(cluster === undefined ? {} : { cluster }), ...(rule === undefined ? {} : { rule }) });
      return { items: rows.map((a) => ({ id: a.id, clusterId: a.cluster_id, ruleId: a.rule_id, severity: a.severity, message: a.message, eventTime: a.event_time, receivedAt: a.received_at, detail: JSON.parse(a.detail) as unknown })) };
    },
  );

  app.get('/alerts/stream', { schema: { summary: 'Live audit alerts as server-sent events (`data:` one alert as JSON); read it with fetch, since EventSource cannot send the token', tags: ['audit'] } }, async (request, reply) => {
    let last = (await app.store.alerts({ limit: 1 }))[0]?.id ?? 0;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    let busy = false;
    const poll = setInterval(() => {
      if (busy) return;
      busy = true;
      app.store
        .alertsAfter(last)
        .then((rows) => {
          for (const a of rows) {
            last = a.id;
            res.write(`id: ${a.id}\ndata: ${JSON.stringify({ id: a.id, clusterId: a.cluster_id, ruleId: a.rule_id, severity: a.severity, message: a.message, eventTime: a.event_time })}\n\n`);
          }
        })
        .catch(() => undefined)
        .finally(() => (busy = false));
    }, 1000);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    const stop = () => {
      clearInterval(poll);
      clearInterval(ping);
    };
    request.raw.on('close', stop);
    res.on('close', stop);
  });

  app.post<{ Params: { name: string }; Body: NodeReport }>(
    '/clusters/:name/node-scans',
    {
      preValidation: checkClusterNameParam,
      schema: {
        summary: 'Node-scan intake: a NodeReport (`kubefort node -o json`) from a node of the named cluster (percent-encoded; a name no cluster has creates an unscheduled cluster, `clusterCreated` in the answer); its failures are recorded as a scan of scope node:<node>',
        tags: ['scans', 'intake'],
        params: clusterNameParams,
        body: {
          type: 'object',
          required: ['apiVersion', 'kind', 'startedAt', 'durationMs', 'node', 'benchmark', 'results'],
          properties: {
            apiVersion: { const: 'kubefort.io/v1alpha1' },
            kind: { const: 'NodeReport' },
            startedAt: { type: 'string', format: 'date-time' },
            durationMs: { type: 'number', minimum: 0 },
            node: { type: 'object', required: ['name', 'root'], properties: { name: { type: 'string', minLength: 1, maxLength: 253 }, root: { type: 'string' } } },
            benchmark: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
            results: { type: 'array', maxItems: 10000, items: {
                type: 'object',
                required: ['id', 'benchmark', 'state', 'title', 'reason', 'evidence', 'remediation', 'area', 'severity'],
                properties: {
                  id: { type: 'string', maxLength: 100 },
                  benchmark: { type: 'string' },
                  state: { enum: [...CONTROL_STATES] },
                  title: { type: 'string' },
                  reason: { type: 'string' },
                  evidence: { type: 'array', items: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } } },
                  remediation: { type: 'string' },
                  area: { enum: [...AREAS] },
                  severity: { enum: [...SEVERITIES] },
                },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { checkIdOf, nodeReportToScanResult } = await import('../../node/format.js');
      const report = request.body;
      let result;
      try {
        result = nodeReportToScanResult(report);
      } catch (error) {
        throw new ServerError('KF_ERR_BAD_REQUEST', `not a usable NodeReport: ${error instanceof Error ? error.message : String(error)}`);
      }
      const { cluster, created } = await intakeCluster(request.params.name);
      const recorded = await app.store.recordScan(cluster.id, result, {
        trigger: 'node',
        scope: `node:${report.node.name}`,
        checkAreas: new Map(report.results.map((r) => [checkIdOf(r), r.area])),
      });
      app.metrics.nodeReports.inc({ cluster: cluster.name });
      return reply.code(201).send({ scanId: recorded.scan.id, clusterId: cluster.id, clusterCreated: created, new: recorded.added, fixed: recorded.fixed, stillOpen: recorded.stillOpen });
    },
  );

  app.post<{ Params: { name: string }; Body: { kind: 'EventList'; items: unknown[] } }>(
    '/clusters/:name/audit',
    {
      preValidation: checkClusterNameParam,
      schema: {
        summary: 'Audit webhook: the API server posts audit.k8s.io EventList batches here (see deploy/audit-webhook-kubeconfig.yaml); the cluster name is percent-encoded, and a name no cluster has creates an unscheduled cluster',
        tags: ['audit', 'intake'],
        params: clusterNameParams,
        body: { type: 'object', required: ['kind', 'items'], properties: { kind: { const: 'EventList' }, items: { type: 'array', items: { type: 'object' } } } },
      },
    },
    async (request) => {
      const { cluster } = await intakeCluster(request.params.name);
      const events = request.body.items;
      app.metrics.auditEvents.inc({ cluster: cluster.name }, events.length);
      const alerts = options.detectAudit === undefined ? [] : await options.detectAudit(cluster.name, events);
      await app.store.addAlerts(cluster.id, alerts);
      for (const a of alerts) app.metrics.alerts.inc({ cluster: cluster.name, rule: a.ruleId });
      return { received: events.length, alerts: alerts.length };
    },
  );
}
