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
  /** Evaluates with the given variables (plain JSON values; whole numbers become CEL ints); the result must be a boolean. */
  evaluate(bindings: Readonly<Record<string, unknown>>): CelVerdict;
  /** As `evaluate`, for expressions that yield a string (a messageExpression). */
  evaluateString(bindings: Readonly<Record<string, unknown>>): { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: string };
}

const ENV = celEnv({ funcs: strings });

/** Parses and plans once. Throws an Error with the parser's message on bad syntax. */
export function compileExpression(source: string): CompiledExpression {
  const run = plan(ENV, parse(source));
  const raw = (bindings: Readonly<Record<string, unknown>>): { ok: true; value: unknown } | { ok: false; error: string } => {
    const input: Record<string, CelInput> = {};
    for (const [name, value] of Object.entries(bindings)) input[name] = toCelCached(value);
    let result: unknown;
    try {
      result = run(input);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (isCelError(result)) return { ok: false, error: result.message };
    return { ok: true, value: result };
  };
  return {
    source,
    evaluate(bindings) {
      const result = raw(bindings);
      if (!result.ok) return result;
      if (typeof result.value !== 'boolean') return { ok: false, error: `expression returned ${describe(result.value)}, not a boolean` };
      return { ok: true, value: result.value };
    },
    evaluateString(bindings) {
      const result = raw(bindings);
      if (!result.ok) return result;
      if (typeof result.value !== 'string') return { ok: false, error: `expression returned ${describe(result.value)}, not a string` };
      return { ok: true, value: result.value };
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

/** Objects are converted once and shared by every expression (inventory objects are not changed after loading). */
const converted = new WeakMap<object, CelInput>();

function toCelCached(value: unknown): CelInput {
  if (typeof value !== 'object' || value === null) return toCel(value);
  let cel = converted.get(value);
  if (cel === undefined) converted.set(value, (cel = toCel(value)));
  return cel;
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

const VARIABLE = /variables\.([A-Za-z_][A-Za-z0-9_]*)/y;

/**
 * Replaces `variables.NAME` (outside string literals) with the parenthesised expression of that
 * variable: how ValidatingAdmissionPolicy `variables` are evaluated offline. CEL has no side
 * effects, so inlining gives the same result, and an error in a variable only matters where it
 * is used, as on the API server. An unknown name is left alone (and fails to evaluate).
 */
export function inlineVariables(expression: string, variables: ReadonlyMap<string, string>): string {
  let out = '';
  let i = 0;
  while (i < expression.length) {
    const ch = expression[i] as string;
    if (ch === '"' || ch === "'") {
      const triple = expression.startsWith(ch.repeat(3), i);
      const close = triple ? ch.repeat(3) : ch;
      let j = i + close.length;
      while (j < expression.length && !expression.startsWith(close, j)) j += expression[j] === '\\' ? 2 : 1;
      j = Math.min(expression.length, j + close.length);
      out += expression.slice(i, j);
      i = j;
      continue;
    }
    VARIABLE.lastIndex = i;
    const match = VARIABLE.exec(expression);
    const before = i === 0 ? '' : (expression[i - 1] as string);
    if (match !== null && !/[A-Za-z0-9_.]/.test(before)) {
      const replacement = variables.get(match[1] as string);
      if (replacement !== undefined) {
        out += `(${replacement})`;
        i += match[0].length;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}
