/**
 * What the service scans: the configured clusters (or the current kubeconfig context when none
 * are configured), each with its schedule, and the function that scans one of them.
 */
import type { ScanResult } from '../core/finding.js';
import type { ExceptionRule } from '../engine/suppressions.js';
import type { ClusterConfig, ServerConfig } from './config.js';
import type { ClusterSource } from './storage/store.js';

export interface ClusterTarget {
  readonly name: string;
  readonly source: ClusterSource & { readonly namespace?: string };
  readonly schedule: string;
}

export type ScanFunction = (source: ClusterTarget['source'], exceptions: readonly ExceptionRule[]) => Promise<ScanResult>;

/** Names a configured cluster: its name, else its context, else `in-cluster` / the current context. */
export async function resolveTargets(config: ServerConfig, currentContext: () => Promise<string | undefined> = defaultContext): Promise<ClusterTarget[]> {
  const entries: ClusterConfig[] = config.clusters.length > 0 ? config.clusters : [{}];
  const targets: ClusterTarget[] = [];
  for (const c of entries) {
    const name = c.name ?? c.context ?? (c.inCluster === true ? 'in-cluster' : ((await currentContext()) ?? 'in-cluster'));
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

async function defaultContext(): Promise<string | undefined> {
  try {
    const { loadKubeConfig } = await import('../sources/cluster.js');
    return loadKubeConfig({}).getCurrentContext() || undefined;
  } catch {
    return undefined;
  }
}

/** Scans a live cluster read-only, with the service's exceptions applied. */
export const scanLiveCluster: ScanFunction = async (source, exceptions) => {
  const { scanCluster } = await import('../engine/scan.js');
  return scanCluster({
    ...(source.inCluster === true ? {} : source.kubeconfig === undefined ? {} : { kubeconfig: source.kubeconfig }),
    ...(source.context === undefined ? {} : { context: source.context }),
    ...(source.namespace === undefined ? {} : { namespace: source.namespace }),
    exceptions,
  });
};
