/**
 * What the service scans: the configured clusters (or the current kubeconfig context when none
 * are configured), each with its schedule, and the function that scans one of them.
 */
import type { ScanError } from '../core/errors.js';
import type { ScanResult } from '../core/finding.js';
import { Inventory, type ClusterFacts, type InventoryGap } from '../core/inventory.js';
import type { Resource } from '../core/resource.js';
import type { ScanOptions } from '../engine/scan.js';
import type { ExceptionRule } from '../engine/suppressions.js';
import { analyseInventory, type ClusterAnalyses } from './analysis/index.js';
import { CLUSTER_NAME_RULE, clusterNameProblem } from './cluster-name.js';
import type { ClusterConfig, ServerConfig } from './config.js';
import { ServerError } from './errors.js';
import type { ClusterSource } from './storage/store.js';

export interface ClusterTarget {
  readonly name: string;
  readonly source: ClusterSource & { readonly namespace?: string };
  readonly schedule: string;
}

/** A scan with the analyses of the inventory it read (RBAC escalation paths, NetworkPolicy reachability). */
export interface ScanOutput {
  readonly result: ScanResult;
  readonly analyses?: ClusterAnalyses;
}

/** Scans one cluster; returning the bare ScanResult records no analyses. */
export type ScanFunction = (source: ClusterTarget['source'], exceptions: readonly ExceptionRule[]) => Promise<ScanResult | ScanOutput>;

export function scanOutput(value: ScanResult | ScanOutput): ScanOutput {
  return 'result' in value ? value : { result: value };
}

/**
 * Scans resources and analyses them: the scan (checks, risk) and the analyses read the same
 * resources, gaps and cluster facts. The engine builds its own Inventory from them (its API takes
 * resources), so the objects are indexed twice; see scanResources.
 */
export async function scanAndAnalyse(
  resources: readonly Resource[],
  target: ScanResult['target'],
  options: ScanOptions,
  extra: { started?: Date; t0?: number; gaps?: readonly InventoryGap[]; facts?: ClusterFacts; sourceErrors?: readonly ScanError[] } = {},
): Promise<ScanOutput> {
  const { scanInventory } = await import('../engine/scan.js');
  // One inventory for the checks and the analyses: the escalation graph and the NetworkPolicy engine are built once.
  const inventory = new Inventory(resources, extra.gaps ?? [], extra.facts ?? {});
  const result = scanInventory(inventory, extra.sourceErrors ?? [], target, options, extra.started ?? new Date(), extra.t0 ?? performance.now());
  const analyses = analyseInventory(inventory);
  return { result, analyses };
}

/**
 * Names a configured cluster: its name, else its context, else `in-cluster` / the current context
 * (of its kubeconfig, else of the default one). A name must be a valid cluster name
 * (cluster-name.ts): the intake routes address the cluster by it.
 */
export async function resolveTargets(config: ServerConfig, currentContext: (kubeconfig?: string) => Promise<string | undefined> = defaultContext): Promise<ClusterTarget[]> {
  const entries: ClusterConfig[] = config.clusters.length > 0 ? config.clusters : [{}];
  const targets: ClusterTarget[] = [];
  for (const [i, c] of entries.entries()) {
    const name = c.name ?? c.context ?? (c.inCluster === true ? 'in-cluster' : ((await currentContext(c.kubeconfig)) ?? 'in-cluster'));
    const problem = clusterNameProblem(name);
    if (problem !== undefined) {
      const from = c.name !== undefined ? 'name' : c.context !== undefined ? 'context' : 'current context';
      const where = config.clusters.length > 0 ? `clusters.${i}` : 'the default cluster';
      throw new ServerError('KF_ERR_SERVER_CONFIG', `${where}: the name ${JSON.stringify(name)} (from its ${from}) is not a valid cluster name (${problem}); set name (${CLUSTER_NAME_RULE})`);
    }
    targets.push({
      name,
      source: {
        ...(c.kubeconfig === undefined ? {} : { kubeconfig: c.kubeconfig }),
        ...(c.context === undefined ? {} : { context: c.context }),
        ...(c.inCluster === undefined ? {} : { inCluster: c.inCluster }),
        ...(c.namespace === undefined ? {} : { namespace: c.namespace }),
      },
      schedule: c.schedule ?? config.schedule,
    });
  }
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.name)) throw new Error(`two clusters are named "${t.name}": give each a name`);
    seen.add(t.name);
  }
  return targets;
}

async function defaultContext(kubeconfig?: string): Promise<string | undefined> {
  try {
    const { loadKubeConfig } = await import('../sources/cluster.js');
    return loadKubeConfig(kubeconfig === undefined ? {} : { kubeconfig }).getCurrentContext() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Scans a live cluster read-only, with the service's exceptions applied, and analyses what it
 * read. The same steps as the engine's scanCluster (load, then scanResources), kept open here so
 * the analyses get the loaded objects.
 */
export const scanLiveCluster: ScanFunction = async (source, exceptions) => {
  const started = new Date();
  const t0 = performance.now();
  const { loadCluster } = await import('../sources/cluster.js');
  const load = await loadCluster({
    ...(source.inCluster === true ? {} : source.kubeconfig === undefined ? {} : { kubeconfig: source.kubeconfig }),
    ...(source.context === undefined ? {} : { context: source.context }),
    ...(source.namespace === undefined ? {} : { namespace: source.namespace }),
  });
  return scanAndAnalyse(load.resources, { type: 'cluster', context: load.context }, { exceptions }, { started, t0, gaps: load.gaps, facts: load.facts });
};
