import type { Check } from '../core/check.js';
import { KubefortError } from '../core/errors.js';
import { allChecks, findCheck } from '../checks/index.js';

/** Resolves --check / --skip-check lists (ids or names); an unknown one is a usage error, not a silent no-op. */
export function selectChecks(only: readonly string[] | undefined, skip: readonly string[] | undefined): readonly Check[] {
  const resolve = (names: readonly string[]) =>
    names.flatMap((n) => n.split(',')).filter((n) => n !== '').map((n) => {
      const check = findCheck(n);
      if (check === undefined) throw new KubefortError('KF_ERR_USAGE', `unknown check "${n}" (see kubefort checks)`);
      return check;
    });
  let checks = only === undefined ? allChecks : resolve(only);
  if (skip !== undefined) {
    const skipped = new Set(resolve(skip));
    checks = checks.filter((c) => !skipped.has(c));
  }
  return checks;
}
