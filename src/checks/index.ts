/**
 * The check registry: one map per area, each alphabetical by check name; the name
 * is also the check's file name. Adding a check = one file + one line in its area's index.
 */
import type { Check } from '../core/check.js';
import { apiserverChecks } from './apiserver/index.js';
import { controlPlaneChecks } from './control-plane/index.js';
import { networkChecks } from './network/index.js';
import { netpolChecks } from './netpol/index.js';
import { rbacChecks } from './rbac/index.js';
import { supplyChainChecks } from './supply-chain/index.js';
import { generalChecks } from './general/index.js';
import { versionChecks } from './version/index.js';
import { workloadChecks } from './workload/index.js';

export const checkRegistry: Readonly<Record<string, Check>> = {
  ...apiserverChecks,
  ...controlPlaneChecks,
  ...versionChecks,
  ...workloadChecks,
  ...generalChecks,
  ...rbacChecks,
  ...networkChecks,
  ...netpolChecks,
  ...supplyChainChecks,
};

/** Every check, in registry order. */
export const allChecks: readonly Check[] = Object.values(checkRegistry);

export function findCheck(idOrName: string): Check | undefined {
  return checkRegistry[idOrName] ?? allChecks.find((c) => c.meta.id === idOrName);
}
