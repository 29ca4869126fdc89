/** `kubefort netpol`: reachability, connectivity matrix and exposure from NetworkPolicies. */
import { readFile } from 'node:fs/promises';
import type { ScanError } from '../core/errors.js';
import { Inventory } from '../core/inventory.js';
import type { Resource } from '../core/resource.js';
import { completeListItems } from '../analysis/netpol/list-items.js';
import { loadManifests, parseManifests } from '../sources/manifests.js';

/** Where the objects come from: manifests today, a live cluster later (same interface). */
export interface InventorySource {
  readonly description: string;
  load(): Promise<{ readonly inventory: Inventory; readonly errors: readonly ScanError[] }>;
}

/**
 * Manifests given with -f, read by kubefort's loader. Items of raw API list dumps
 * (`PodList` items without kind) are completed from the list's kind first.
 */
export function manifestSource(paths: readonly string[]): InventorySource {
  return {
    description: paths.join(', '),
    async load() {
      const load = await loadManifests(paths);
      const incomplete = new Set(load.errors.filter((e) => e.code === 'KF_WARN_NOT_KUBERNETES' && e.file !== undefined).map((e) => e.file as string));
      let resources: Resource[] = load.resources;
      let errors: ScanError[] = load.errors;
      for (const file of incomplete) {
        const completed = completeListItems(await readFile(file, 'utf8'));
        if (completed === undefined) continue;
        const again = parseManifests(file, completed);
        resources = [...resources.filter((r) => r.origin.file !== file), ...again.resources];
        errors = [...errors.filter((e) => e.file !== file), ...again.errors];
      }
      return { inventory: new Inventory(resources), errors };
    },
  };
}
