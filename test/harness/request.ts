// A minimal HTTPS client for talking to a harness cluster with node's https module.
import { request } from 'node:https';

export interface ApiRequestOptions {
  method?: string;
  /** CA bundle that signed the server certificate (PEM). */
  ca: Buffer | string;
  /** Client certificate and key (PEM), for certificate authentication. */
  cert?: Buffer | string;
  key?: Buffer | string;
  /** Bearer token. */
  token?: string;
  /** JSON request body. */
  body?: unknown;
  timeoutMs?: number;
}

export interface ApiResponse {
  status: number;
  body: string;
  /** The body parsed as JSON (unknown: narrow it before use). */
  json(): unknown;
}

/** Sends one request to server+path; resolves with any HTTP status, rejects on transport errors. */
export function apiRequest(server: string, path: string, opts: ApiRequestOptions): Promise<ApiResponse> {
  const url = new URL(path, server);
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  if (opts.token !== undefined) headers['Authorization'] = `Bearer ${opts.token}`;
  return new Promise((resolvePromise, reject) => {
    const req = request(
      url,
      {
        method: opts.method ?? 'GET',
        ca: opts.ca,
        ...(opts.cert !== undefined ? { cert: opts.cert } : {}),
        ...(opts.key !== undefined ? { key: opts.key } : {}),
        headers,
        agent: false,
        timeout: opts.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolvePromise({ status: res.statusCode ?? 0, body, json: (): unknown => JSON.parse(body) });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url.href}`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
