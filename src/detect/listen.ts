/**
 * The audit webhook receiver. The API server POSTs EventList batches (≤ 400 events, retried with
 * backoff on any non-2xx). The receiver authenticates the API server (client certificate or
 * bearer token), enforces a body limit, processes the batch synchronously (a few ms for 400 events),
 * and answers 200 only once the events are kept: when the event archive or an alert sink cannot
 * write, it answers 503 and forgets the batch, so the retry is processed again. De-duplication
 * makes retries of batches that were kept harmless.
 */
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { timingSafeEqual } from 'node:crypto';
import { DetectionEngine, type Alert } from './engine.js';
import { eventKey } from './dedup.js';
import { acceptValue, type ReadProblem } from './read.js';
import type { AuditEvent } from './event.js';
import type { AlertSink } from './sinks.js';

export interface ListenOptions {
  readonly engine: DetectionEngine;
  readonly sinks: readonly AlertSink[];
  readonly cert: string;
  readonly key: string;
  /** PEM CA bundle: API-server client certificates must chain to it. */
  readonly clientCA?: string;
  /** Accepted bearer token. With clientCA too, either is enough. */
  readonly token?: string;
  /** Body limit in bytes; default 12 MiB (Falco's receiver uses the same). */
  readonly bodyLimit?: number;
  /** Append every accepted event as a JSON line; a write failure answers 503. */
  readonly eventsFile?: string;
  readonly onProblem?: (p: ReadProblem) => void;
  /** Called after each accepted batch (metrics, tests). */
  readonly onBatch?: (events: number, alerts: readonly Alert[]) => void;
}

export function createAuditListener(options: ListenOptions): Server {
  const limit = options.bodyLimit ?? 12 * 1024 * 1024;
  const tokenBuf = options.token === undefined ? undefined : Buffer.from(options.token);
  const server = createServer(
    {
      cert: options.cert,
      key: options.key,
      ...(options.clientCA === undefined ? {} : { ca: options.clientCA, requestCert: true, rejectUnauthorized: false }),
      minVersion: 'TLSv1.2',
    },
    (req, res) => handle(req, res),
  );
  const reply = (res: ServerResponse, code: number, message: string): void => {
    res.writeHead(code, { 'content-type': 'application/json', connection: code >= 400 && code !== 503 ? 'close' : 'keep-alive' });
    res.end(JSON.stringify({ code, message }));
  };
  const authenticated = (req: IncomingMessage): boolean => {
    if (options.clientCA === undefined && tokenBuf === undefined) return true;
    if (options.clientCA !== undefined && (req.socket as TLSSocket).authorized === true) return true;
    if (tokenBuf !== undefined) {
      const h = req.headers.authorization ?? '';
      if (h.startsWith('Bearer ')) {
        const given = Buffer.from(h.slice(7).trim());
        if (given.length === tokenBuf.length && timingSafeEqual(given, tokenBuf)) return true;
      }
    }
    return false;
  };
  const stats = { batches: 0, events: 0, duplicates: 0, rejected: 0 };
  (server as Server & { kubefortStats?: typeof stats }).kubefortStats = stats;

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (!authenticated(req)) {
      stats.rejected++;
      req.resume();
      return reply(res, 401, 'client certificate or bearer token required');
    }
    if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/readyz')) return reply(res, 200, 'ok');
    if (req.method !== 'POST') {
      req.resume();
      return reply(res, 405, 'POST an audit.k8s.io/v1 EventList');
    }
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) {
      req.resume();
      return reply(res, 415, 'content-type must be application/json');
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      return reply(res, 413, `body larger than ${limit} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      if (tooLarge) return;
      size += c.length;
      if (size > limit) {
        tooLarge = true;
        reply(res, 413, `body larger than ${limit} bytes`);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (tooLarge) return;
      let value: unknown;
      try {
        value = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
      } catch {
        return reply(res, 400, 'body is not JSON');
      }
      const events: AuditEvent[] = [];
      acceptValue(value, 'webhook', 0, { event: (e) => events.push(e), problem: (p) => options.onProblem?.(p) });
      accept(events, res);
    });
  }

  function accept(events: readonly AuditEvent[], res: ServerResponse): void {
    const engine = options.engine;
    const fresh: AuditEvent[] = [];
    const alerts: Alert[] = [];
    const before = engine.duplicates;
    for (const e of events) {
      const seen = engine.duplicates;
      alerts.push(...engine.process(e));
      if (engine.duplicates === seen) fresh.push(e);
    }
    const duplicates = engine.duplicates - before;
    try {
      if (options.eventsFile !== undefined && fresh.length > 0) appendFileSync(options.eventsFile, fresh.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
      if (alerts.length > 0) for (const s of options.sinks) s.write(alerts);
    } catch (error) {
      // Not kept: forget the batch so that the API server's retry is processed again.
      for (const e of fresh) engine.dedup.forget(eventKey(e));
      stats.rejected++;
      return reply(res, 503, `events could not be kept: ${error instanceof Error ? error.message : String(error)}`);
    }
    stats.batches++;
    stats.events += events.length;
    stats.duplicates += duplicates;
    options.onBatch?.(events.length, alerts);
    reply(res, 200, 'ok');
  }
  return server;
}

export function listenerStats(server: Server): { batches: number; events: number; duplicates: number; rejected: number } {
  return (server as Server & { kubefortStats?: { batches: number; events: number; duplicates: number; rejected: number } }).kubefortStats ?? { batches: 0, events: 0, duplicates: 0, rejected: 0 };
}
