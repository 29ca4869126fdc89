/**
 * Asks the API server, with no credentials at all, for a few paths: what an
 * anonymous client on this network can actually reach. Flags say what should
 * happen; this says what does.
 */
import { request } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { AnonymousProbe } from '../core/inventory.js';

export const PROBE_PATHS = ['/version', '/healthz', '/readyz', '/api', '/apis', '/api/v1/namespaces', '/api/v1/namespaces/kube-system/pods'] as const;

export async function probeAnonymous(kc: KubeConfig, timeoutMs = 10_000): Promise<AnonymousProbe[]> {
  const cluster = kc.getCurrentCluster();
  if (cluster === null || !cluster.server.startsWith('https:')) return [];
  // Trust the cluster's CA (so a TLS failure is not mistaken for a refusal), but send no credentials.
  const ca = cluster.caData !== undefined ? Buffer.from(cluster.caData, 'base64') : cluster.caFile !== undefined ? (await import('node:fs')).readFileSync(cluster.caFile) : undefined;
  const results: AnonymousProbe[] = [];
  for (const path of PROBE_PATHS) {
    const url = new URL(`${cluster.server.replace(/\/$/, '')}${path}`);
    const status = await new Promise<number>((resolve) => {
      const req = request(url, { method: 'GET', timeout: timeoutMs, rejectUnauthorized: cluster.skipTLSVerify !== true, ...(ca === undefined ? {} : { ca }) }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(0));
      req.end();
    });
    results.push({ path, status });
  }
  return results;
}
