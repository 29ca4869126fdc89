/**
 * CEL for kubefort: one compiled expression, evaluated per object with `@bufbuild/cel`.
 * An evaluation error (a missing field read without `has()`, a type mismatch, a result
 * that is not a boolean) is returned as an error, never as a verdict: callers must
 * report it, as a failed check would be hidden otherwise.
 */
import { celEnv, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

export type CelVerdict = { readonly ok: true; readonly value: boolean } | { readonly ok: false; readonly error: string };

export interface CompiledExpression {
  readonly source: string;
  /** Evaluates with the given variables (plain JSON values; whole numbers become CEL ints). */
  evaluate(bindings: Readonly<Record<string, unknown>>): CelVerdict;
}

const ENV = celEnv({ funcs: strings });

/** Parses and plans once. Throws an Error with the parser's message on bad syntax. */
export function compileExpression(source: string): CompiledExpression {
  const run = plan(ENV, parse(source));
  return {
    source,
    evaluate(bindings) {
      const input: Record<string, CelInput> = {};
      for (const [name, value] of Object.entries(bindings)) input[name] = toCel(value);
      let result: unknown;
      try {
        result = run(input);
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      if (isCelError(result)) return { ok: false, error: result.message };
      if (typeof result !== 'boolean') return { ok: false, error: `expression returned ${describe(result)}, not a boolean` };
      return { ok: true, value: result };
    },
  };
}

/** Checks syntax; returns the parser's message, or undefined when the expression parses. */
export function syntaxError(source: string): string | undefined {
  try {
    compileExpression(source);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * JSON to CEL input. Kubernetes integer fields are CEL ints: a whole number becomes a bigint,
 * so that `object.spec.replicas + 1 == 4` works as on the API server.
 */
function toCel(value: unknown): CelInput {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === 'object') {
    const out: Record<string, CelInput> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) out[k] = toCel(v);
    return out as unknown as CelInput;
  }
  return String(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return `the int ${value}`;
  if (typeof value === 'string') return `the string "${value}"`;
  return `a ${typeof value}`;
}
