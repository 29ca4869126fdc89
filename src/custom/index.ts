/** Custom checks written in CEL (docs/custom-checks.md), and the CEL evaluator they share with admission policies. */
export { compileExpression, syntaxError, type CelVerdict, type CompiledExpression } from './cel.js';
export { customCheck } from './check.js';
export { CustomCheckError, parseDefinition, CUSTOM_CHECK_API_VERSION, CUSTOM_CHECK_KIND, type CustomCheckDefinition } from './definition.js';
export { loadCustomChecks, parseCustomChecks } from './load.js';
export { evaluateAdmissionPolicies, resourceOfKind, ADMISSION_API_VERSION, type AdmissionOutcome } from './admission.js';
