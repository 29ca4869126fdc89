/** A CustomCheck definition as a kubefort `Check`: one compiled CEL expression, run per object. */
import { defineCheck, type Check } from '../core/check.js';
import { compileExpression } from './cel.js';
import type { CustomCheckDefinition } from './definition.js';

export function customCheck(definition: CustomCheckDefinition): Check {
  const compiled = compileExpression(definition.expression);
  return defineCheck({
    meta: {
      id: definition.id,
      name: definition.id.toLowerCase(),
      title: definition.title,
      area: definition.area,
      severity: definition.severity,
      description: definition.description ?? `Custom check from ${definition.line === undefined ? definition.file : `${definition.file}:${definition.line}`}: \`${definition.expression}\` must hold.`,
      remediation: definition.remediation,
      frameworks: [],
      messages: {
        failed: '{{message}}',
        error: 'the custom check expression could not be evaluated on this object ({{error}}): kubefort cannot say it complies',
      },
      kinds: definition.kinds,
    },
    run(inventory, { report }) {
      for (const kind of definition.kinds) {
        for (const resource of inventory.ofKind(kind)) {
          const verdict = compiled.evaluate({ object: resource.object });
          if (!verdict.ok) report({ messageId: 'error', data: { error: verdict.error }, resource, path: [] });
          else if (!verdict.value) report({ messageId: 'failed', data: { message: definition.message }, resource, path: [] });
        }
      }
    },
  });
}
