/**
 * Reads a live cluster, read-only: one paginated LIST per resource type, a few in
 * parallel, with timeouts and retries. A list the API server refuses (403) or does
 * not serve (404) becomes a gap in the inventory, which a check reports: kubefort
 * never mistakes "not allowed to look" for "nothing there".
 */
import { existsSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import type { RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { KubefortError, scanError, type ScanError } from '../core/errors.js';
import type { ClusterFacts, InventoryGap } from '../core/inventory.js';
import { isRecord } from '../core/path.js';
import { liveResource, type KubeObject, type Resource } from '../core/resource.js';
import { apiVersionOf, listPath, SCAN_TYPES, type ResourceType } from './cluster-types.js';

export interface ClusterOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  /** Restrict namespaced lists to one namespace; all namespaces when absent. */
  readonly namespace?: string;
  readonly types?: readonly ResourceType[];
  readonly pageSize?: number;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly onProgress?: (done: number, total: number, type: ResourceType) => void;
}

export interface ClusterLoad {
  readonly context: string;
  readonly server: string;
  readonly resources: Resource[];
  readonly gaps: InventoryGap[];
  readonly facts: ClusterFacts;
  /** The namespace of `-n`, when the scan was restricted to one. */
  readonly namespace?: string;
  /** KF_WARN_NAMESPACE_NOT_FOUND / KF_WARN_NAMESPACE_EMPTY: `-n` named a namespace with nothing to scan. */
  readonly warnings: ScanError[];
}

/** The in-cluster service account the client falls back to (as kubectl does). */
export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Where kubectl would look when no --kubeconfig is given, or undefined when one of them is there.
 * Without this check the client falls back to http://localhost:8080, whose connection error
 * hides that there is no configuration at all.
 */
export function missingKubeconfig(env: NodeJS.ProcessEnv = process.env, tokenFile = SERVICE_ACCOUNT_TOKEN): string | undefined {
  if (env.KUBECONFIG !== undefined && env.KUBECONFIG !== '') return undefined;
  // The client reads ~/.kube/config through $HOME only (on Linux and macOS).
  const home = env.HOME === undefined || env.HOME === '' ? undefined : env.HOME;
  const config = home === undefined ? undefined : join(home, '.kube', 'config');
  if ((config !== undefined && existsSync(config)) || existsSync(tokenFile)) return undefined;
  return `no kubeconfig found: $KUBECONFIG is not set, ${config === undefined ? '~/.kube/config cannot be found ($HOME is not set)' : `${config} does not exist`}, and there is no in-cluster service account (${tokenFile})`;
}

/** Loads kubeconfig like kubectl: --kubeconfig, else $KUBECONFIG, else ~/.kube/config, else in-cluster. */
export function loadKubeConfig(options: Pick<ClusterOptions, 'kubeconfig' | 'context'>): KubeConfig {
  const kc = new KubeConfig();
  if (options.kubeconfig === undefined && process.platform !== 'win32') {
    const missing = missingKubeconfig();
    if (missing !== undefined) throw new KubefortError('KF_ERR_NO_KUBECONFIG', `${missing}; give one with --kubeconfig or $KUBECONFIG`);
  }
  try {
    if (options.kubeconfig !== undefined) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  } catch (error) {
    throw new KubefortError('KF_ERR_KUBECONFIG', `cannot load kubeconfig: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (options.context !== undefined) {
    if (kc.getContextObject(options.context) === null) throw new KubefortError('KF_ERR_KUBECONFIG', `context "${options.context}" is not in the kubeconfig`);
    kc.setCurrentContext(options.context);
  }
  if (kc.getCurrentCluster() === null) throw new KubefortError('KF_ERR_KUBECONFIG', 'the kubeconfig has no current cluster (use --context or --kubeconfig)');
  return kc;
}

export async function loadCluster(options: ClusterOptions = {}): Promise<ClusterLoad> {
  const kc = loadKubeConfig(options);
  const client = new ApiClient(kc, options.timeoutMs ?? 30_000, options.retries ?? 3);
  const types = options.types ?? SCAN_TYPES;
  const resources: Resource[] = [];
  const gaps: InventoryGap[] = [];
  const context = kc.getCurrentContext();
  const { probeAnonymous } = await import('./anonymous-probe.js');
  const facts: ClusterFacts = { ...(await client.facts()), server: kc.getCurrentCluster()?.server ?? '', anonymousProbe: await probeAnonymous(kc) };
  let done = 0;
  await pool(types, options.concurrency ?? 4, async (type) => {
    const namespace = type.namespaced ? options.namespace : undefined;
    const outcome = await client.listAll(listPath(type, namespace), options.pageSize ?? 500);
    if (outcome.kind === 'items') {
      for (const item of outcome.items) resources.push(liveResource(asObject(item, type), context));
    } else {
      gaps.push({ apiVersion: apiVersionOf(type), kind: type.kind, resource: type.resource, ...(namespace === undefined ? {} : { namespace }), status: outcome.status, reason: outcome.message });
    }
    options.onProgress?.(++done, types.length, type);
  });
  resources.sort((a, b) => (a.ref.kind + a.ref.namespace + a.ref.name).localeCompare(b.ref.kind + b.ref.namespace + b.ref.name));
  const warnings = options.namespace === undefined ? [] : await namespaceWarnings(client, options.namespace, context, types, resources, gaps);
  return { context, server: kc.getCurrentCluster()?.server ?? '', resources, gaps, facts, ...(options.namespace === undefined ? {} : { namespace: options.namespace }), warnings };
}

/**
 * `-n NS` on a namespace that does not exist, or that holds nothing kubefort scans, leaves
 * only cluster-scoped objects: a clean result would read like a clean namespace. Whether it
 * exists comes from the Namespace list, else a GET (a gap: no warning either way, the gap is
 * a finding). Its `default` ServiceAccount, which the control plane creates in every
 * namespace, does not count as content. Kinds kubefort could not list are gaps, reported
 * as findings: no "empty" warning is given then.
 */
export async function namespaceWarnings(
  client: { get(path: string): Promise<{ status: number; body: string }> },
  namespace: string,
  context: string,
  types: readonly ResourceType[],
  resources: readonly Resource[],
  gaps: readonly InventoryGap[],
): Promise<ScanError[]> {
  const nsListed = types.some((t) => t.kind === 'Namespace' && !t.namespaced) && !gaps.some((g) => g.kind === 'Namespace');
  let exists: boolean | undefined;
  if (nsListed) exists = resources.some((r) => r.ref.kind === 'Namespace' && r.ref.name === namespace);
  else {
    const response = await client.get(`/api/v1/namespaces/${encodeURIComponent(namespace)}`);
    exists = response.status === 200 ? true : response.status === 404 ? false : undefined;
  }
  if (exists === false) {
    return [scanError('KF_WARN_NAMESPACE_NOT_FOUND', `namespace "${namespace}" does not exist in context ${context}: only cluster-scoped objects were scanned`)];
  }
  const namespacedGaps = gaps.some((g) => g.namespace === namespace);
  const content = resources.filter((r) => r.ref.namespace === namespace && !(r.ref.kind === 'ServiceAccount' && r.ref.name === 'default'));
  if (content.length === 0 && !namespacedGaps) {
    return [scanError('KF_WARN_NAMESPACE_EMPTY', `namespace "${namespace}" in context ${context} holds no objects kubefort scans (workloads, services, service accounts besides "default", RBAC, network policies, ingresses): only cluster-scoped objects were scanned`)];
  }
  return [];
}

/** The versions `kubefort versions` needs: the API server's, and each node's kubelet. */
export async function readVersions(options: Pick<ClusterOptions, 'kubeconfig' | 'context'>): Promise<{ serverVersion: string; kubelets: { node: string; version: string }[] }> {
  const kc = loadKubeConfig(options);
  const client = new ApiClient(kc, 30_000, 3);
  const facts = await client.facts();
  if (facts.serverVersion === undefined) throw new KubefortError('KF_ERR_CLUSTER', `context ${kc.getCurrentContext()}: /version did not answer`);
  const nodes = await client.listAll('/api/v1/nodes', 500);
  const kubelets =
    nodes.kind === 'items'
      ? nodes.items.map((n) => ({ node: String((n.metadata as { name?: unknown } | undefined)?.name ?? ''), version: String((n.status as { nodeInfo?: { kubeletVersion?: unknown } } | undefined)?.nodeInfo?.kubeletVersion ?? '') }))
      : [];
  return { serverVersion: facts.serverVersion, kubelets };
}

export type ConfigzOutcome =
  | { readonly node: string; readonly kind: 'config'; readonly configz: unknown }
  | { readonly node: string; readonly kind: 'denied' | 'unavailable'; readonly status: number; readonly reason: string };

/**
 * Each kubelet's live configuration through the API server's node proxy
 * (`GET /api/v1/nodes/NAME/proxy/configz`). That needs `get` on `nodes/proxy`, a right
 * that also reaches the kubelet's exec API: kubefort uses it only when asked.
 */
export async function readKubeletConfigz(options: Pick<ClusterOptions, 'kubeconfig' | 'context'> & { readonly nodes?: readonly string[] }): Promise<ConfigzOutcome[]> {
  const client = new ApiClient(loadKubeConfig(options), 30_000, 1);
  let names = options.nodes;
  if (names === undefined || names.length === 0) {
    const list = await client.listAll('/api/v1/nodes', 500);
    if (list.kind === 'gap') throw new KubefortError('KF_ERR_CLUSTER', `cannot list nodes (HTTP ${list.status}: ${list.message})`);
    names = list.items.map((n) => String((n.metadata as { name?: unknown } | undefined)?.name ?? ''));
  }
  const outcomes: ConfigzOutcome[] = [];
  for (const node of names) {
    const response = await client.get(`/api/v1/nodes/${encodeURIComponent(node)}/proxy/configz`);
    const reason = statusMessage(response.body) ?? response.body.slice(0, 200);
    if (response.status === 200) {
      let configz: unknown;
      try {
        configz = JSON.parse(response.body);
      } catch {
        outcomes.push({ node, kind: 'unavailable', status: 200, reason: 'the kubelet answered with something that is not JSON' });
        continue;
      }
      // Anything but {"kubeletconfig": {...}} would be judged on the kubelet's defaults alone: not verified, never a pass.
      if (isRecord(configz) && isRecord(configz.kubeletconfig) && Object.keys(configz.kubeletconfig).length > 0) outcomes.push({ node, kind: 'config', configz });
      else outcomes.push({ node, kind: 'unavailable', status: 200, reason: 'the kubelet answered without a kubeletconfig object ({"kubeletconfig": {...}})' });
    } else outcomes.push({ node, kind: response.status === 401 || response.status === 403 ? 'denied' : 'unavailable', status: response.status, reason });
  }
  return outcomes;
}

/** List items have no apiVersion/kind; managedFields are noise we need not hold in memory. */
function asObject(item: Record<string, unknown>, type: ResourceType): KubeObject {
  const metadata = isRecord(item.metadata) ? { ...item.metadata } : { name: '' };
  delete (metadata as Record<string, unknown>).managedFields;
  return { ...item, apiVersion: apiVersionOf(type), kind: type.kind, metadata } as unknown as KubeObject;
}

type ListOutcome = { kind: 'items'; items: Record<string, unknown>[] } | { kind: 'gap'; status: number; message: string };

class ApiClient {
  constructor(
    private readonly kc: KubeConfig,
    private readonly timeoutMs: number,
    private readonly retries: number,
  ) {}

  /** `/version` is readable by every authenticated user (system:public-info-viewer). */
  async facts(): Promise<ClusterFacts> {
    const response = await this.get('/version');
    if (response.status !== 200) return {};
    const body = JSON.parse(response.body) as { gitVersion?: unknown };
    return typeof body.gitVersion === 'string' ? { serverVersion: body.gitVersion } : {};
  }

  async listAll(path: string, limit: number): Promise<ListOutcome> {
    const items: Record<string, unknown>[] = [];
    let cont: string | undefined;
    do {
      const query = `?limit=${limit}${cont === undefined ? '' : `&continue=${encodeURIComponent(cont)}`}`;
      const response = await this.get(`${path}${query}`);
      if (response.status === 403 || response.status === 404 || response.status === 401) {
        return { kind: 'gap', status: response.status, message: statusMessage(response.body) ?? `HTTP ${response.status}` };
      }
      if (response.status === 410 && cont !== undefined) {
        // The continue token expired (the list took longer than etcd's compaction window): start again.
        items.length = 0;
        cont = undefined;
        continue;
      }
      if (response.status !== 200) throw new KubefortError('KF_ERR_CLUSTER', `GET ${path}: HTTP ${response.status} ${statusMessage(response.body) ?? ''}`);
      const body = JSON.parse(response.body) as { items?: Record<string, unknown>[]; metadata?: { continue?: string } };
      items.push(...(body.items ?? []));
      cont = body.metadata?.continue || undefined;
    } while (cont !== undefined);
    return { kind: 'items', items };
  }

  /** GET with retries on network errors, 429 and 5xx (exponential back-off). */
  async get(path: string): Promise<{ status: number; body: string }> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      try {
        const response = await this.once(path);
        if (response.status === 429 || response.status >= 500) {
          lastError = new Error(`HTTP ${response.status}`);
          continue;
        }
        return response;
      } catch (error) {
        lastError = error;
      }
    }
    const server = this.kc.getCurrentCluster()?.server ?? '';
    throw new KubefortError('KF_ERR_CLUSTER_UNREACHABLE', `cannot reach the API server at ${server}: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
  }

  private async once(path: string): Promise<{ status: number; body: string }> {
    const cluster = this.kc.getCurrentCluster();
    if (cluster === null) throw new Error('no current cluster');
    // Keep any path prefix of the server URL (API proxies serve clusters under one).
    const url = new URL(`${cluster.server.replace(/\/$/, '')}${path}`);
    const options: RequestOptions = { method: 'GET', headers: { Accept: 'application/json' }, timeout: this.timeoutMs };
    await this.kc.applyToHTTPSOptions(options);
    const send = url.protocol === 'http:' ? httpRequest : request;
    return new Promise((resolve, reject) => {
      const req = send(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }
}

function statusMessage(body: string): string | undefined {
  try {
    const status = JSON.parse(body) as { message?: unknown };
    return typeof status.message === 'string' ? status.message : undefined;
  } catch {
    return undefined;
  }
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}
