/**
 * CEL for kubefort: one compiled expression, evaluated per object with `@bufbuild/cel`.
 * An evaluation error (a missing field read without `has()`, a type mismatch, a result
 * that is not a boolean) is returned as an error, never as a verdict: callers must
 * report it, as a failed check would be hidden otherwise.
 */
import { celEnv, celError, isCelError, parse, plan, type CelInput } from '@bufbuild/cel';
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

// ---- Shared by custom checks and custom audit rules: positions, a static check, direct evaluation ----
// The parser of @bufbuild/cel 0.6.1 reports syntax errors with a position; its type checker only
// handles constants and identifiers, so `checkExpression` below does the rest: undeclared names,
// unknown fields of declared objects, unknown functions and overloads, comparisons that are always
// false, and the result type. What it cannot know (values under `dyn`) is left to evaluation.

/** An expression that does not parse or does not type-check: the problem and where (1-based, in the expression). */
export class CelSourceError extends Error {
  constructor(
    readonly problem: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${problem}`);
    this.name = 'CelSourceError';
  }
}

/** What the checker knows about a value: a scalar, a list, a map (string keys), or an object with known fields. */
export type CelShape =
  | 'dyn'
  | 'string'
  | 'int'
  | 'uint'
  | 'double'
  | 'bool'
  | 'bytes'
  | 'null'
  | 'type'
  | 'timestamp'
  | 'duration'
  | { readonly list: CelShape }
  | { readonly map: CelShape }
  | { readonly object: string; readonly fields: Readonly<Record<string, CelShape>> };

export interface CheckedExpression {
  readonly source: string;
  /** The result's shape (`dyn` when only evaluation can tell). */
  readonly type: CelShape;
  /** Fields read directly on each declared variable (`event.verb` → `event` → `verb`); `*` when the variable is used whole. */
  readonly fields: ReadonlyMap<string, ReadonlySet<string>>;
  /** Evaluates with inputs already converted (`toCelInput`, or plain objects of CEL values). The raw result; a CelError is returned, never thrown. */
  run(input: Readonly<Record<string, CelInput>>): unknown;
}

/** JSON to CEL input (whole numbers become CEL ints), exported for callers that build inputs once and share them. */
export function toCelInput(value: unknown): CelInput {
  return toCel(value);
}

/** `a string`, `an int`. */
const an = (s: CelShape): string => {
  const n = shapeName(s);
  return /^[aeio]/.test(n) ? `an ${n}` : `a ${n}`;
};

export function shapeName(s: CelShape): string {
  if (typeof s === 'string') return s;
  if ('list' in s) return `list(${shapeName(s.list)})`;
  if ('map' in s) return `map(string, ${shapeName(s.map)})`;
  return s.object;
}

type Expr = ReturnType<typeof parse>['expr'];
type Positions = Readonly<Record<string, number>>;

function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Parses with the parser's position on errors (as CelSourceError). */
function parseWithPosition(source: string): ReturnType<typeof parse> {
  try {
    return parse(source);
  } catch (error) {
    const e = error as { rawMessage?: unknown; location?: { start?: { line?: number; column?: number } }; message?: unknown };
    const start = e.location?.start;
    const problem = typeof e.rawMessage === 'string' ? e.rawMessage : error instanceof Error ? error.message : String(error);
    throw new CelSourceError(`syntax error: ${problem}`, start?.line ?? 1, start?.column ?? 1);
  }
}

const SCALARS: Readonly<Record<string, CelShape>> = { int: 'int', uint: 'uint', double: 'double', bool: 'bool', string: 'string', bytes: 'bytes', null_type: 'null', dyn: 'dyn', type: 'type' };

function fromCelType(t: { readonly kind: string; readonly name: string; readonly element?: unknown; readonly value?: unknown }): CelShape {
  if (t.kind === 'scalar') return SCALARS[t.name] ?? 'dyn';
  if (t.kind === 'list') return { list: fromCelType(t.element as typeof t) };
  if (t.kind === 'map') return { map: fromCelType(t.value as typeof t) };
  if (t.name === 'google.protobuf.Timestamp') return 'timestamp';
  if (t.name === 'google.protobuf.Duration') return 'duration';
  return 'dyn';
}

const NUMERIC = new Set<CelShape>(['int', 'uint', 'double']);
/** CEL's type names are identifiers too (`type(x) == int`). */
const TYPE_NAMES = new Set(['int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'dyn', 'google.protobuf.Timestamp', 'google.protobuf.Duration']);
const isScalar = (s: CelShape): s is Exclude<CelShape, object> => typeof s === 'string';
const isListy = (s: CelShape): boolean => typeof s === 'object' && 'list' in s;
const isMappy = (s: CelShape): boolean => typeof s === 'object' && !('list' in s);

/** Whether a value of shape `arg` may be passed where `param` is expected (dyn on either side always may). */
function assignable(param: CelShape, arg: CelShape): boolean {
  if (param === 'dyn' || arg === 'dyn') return true;
  if (isScalar(param) || isScalar(arg)) return param === arg;
  if ('list' in param) return 'list' in arg;
  return isMappy(arg);
}

/** Whether `==` between the two can ever be true (CEL compares numbers across types; null with anything). */
function comparable(a: CelShape, b: CelShape): boolean {
  if (a === 'dyn' || b === 'dyn' || a === 'null' || b === 'null') return true;
  if (NUMERIC.has(a) && NUMERIC.has(b)) return true;
  if (isScalar(a) || isScalar(b)) return a === b;
  return isListy(a) === isListy(b);
}

const common = (shapes: readonly CelShape[]): CelShape => {
  const first = shapes[0];
  if (first === undefined) return 'dyn';
  return shapes.every((s) => shapeName(s) === shapeName(first)) ? first : 'dyn';
};

/**
 * Compiles an expression once: parse (syntax errors with their position), static check against the
 * declared variables, plan. Throws CelSourceError naming the line and column in the expression.
 * `result` lists the acceptable result shapes (`dyn` always passes).
 */
export function checkExpression(source: string, variables: Readonly<Record<string, CelShape>>, result: readonly CelShape[] = ['bool']): CheckedExpression {
  const parsed = parseWithPosition(source);
  const positions = (parsed.sourceInfo?.positions ?? {}) as Positions;
  const fields = new Map<string, Set<string>>();
  const fail = (id: unknown, problem: string): never => {
    const offset = positions[String(id)] ?? 0;
    const { line, column } = positionOf(source, offset);
    throw new CelSourceError(problem, line, column);
  };
  const used = (variable: string, field: string): void => {
    let set = fields.get(variable);
    if (set === undefined) fields.set(variable, (set = new Set()));
    set.add(field);
  };
  const funcs = ENV.funcs;

  const check = (expr: Expr, scope: ReadonlyMap<string, CelShape>): CelShape => {
    const k = expr.exprKind;
    switch (k.case) {
      case 'constExpr': {
        switch (k.value.constantKind.case) {
          case 'boolValue':
            return 'bool';
          case 'int64Value':
            return 'int';
          case 'uint64Value':
            return 'uint';
          case 'doubleValue':
            return 'double';
          case 'stringValue':
            return 'string';
          case 'bytesValue':
            return 'bytes';
          case 'nullValue':
            return 'null';
          default:
            return 'dyn';
        }
      }
      case 'identExpr': {
        const name = k.value.name;
        const local = scope.get(name);
        if (local !== undefined) return local;
        const declared = variables[name];
        if (declared === undefined) {
          if (TYPE_NAMES.has(name)) return 'type';
          return fail(expr.id, `undeclared reference to '${name}' (known: ${Object.keys(variables).join(', ')})`);
        }
        used(name, '*');
        return declared;
      }
      case 'selectExpr': {
        const { operand, field, testOnly } = k.value;
        if (operand === undefined) return 'dyn';
        let target: CelShape;
        const op = operand.exprKind;
        if (op.case === 'identExpr' && !scope.has(op.value.name) && variables[op.value.name] !== undefined) {
          target = variables[op.value.name] as CelShape;
          used(op.value.name, field);
        } else target = check(operand, scope);
        let shape: CelShape;
        if (target === 'dyn') shape = 'dyn';
        else if (typeof target === 'object' && 'fields' in target) {
          const f = target.fields[field];
          if (f === undefined) return fail(expr.id, `${target.object} has no field '${field}' (fields: ${Object.keys(target.fields).join(', ')})`);
          shape = f;
        } else if (typeof target === 'object' && 'map' in target) shape = target.map;
        else return fail(expr.id, `cannot select field '${field}' on ${an(target)}`);
        return testOnly ? 'bool' : shape;
      }
      case 'listExpr':
        return { list: common(k.value.elements.map((e) => check(e, scope))) };
      case 'structExpr': {
        if (k.value.messageName !== '') return fail(expr.id, `message construction (${k.value.messageName}{…}) is not supported`);
        const values: CelShape[] = [];
        for (const entry of k.value.entries) {
          if (entry.keyKind.case === 'mapKey') check(entry.keyKind.value, scope);
          if (entry.value !== undefined) values.push(check(entry.value, scope));
        }
        return { map: common(values) };
      }
      case 'comprehensionExpr': {
        const c = k.value;
        if (c.iterRange === undefined || c.accuInit === undefined || c.loopCondition === undefined || c.loopStep === undefined || c.result === undefined) return 'dyn';
        const range = check(c.iterRange, scope);
        let element: CelShape;
        if (range === 'dyn') element = 'dyn';
        else if (typeof range === 'object' && 'list' in range) element = range.list;
        else if (typeof range === 'object') element = 'string';
        else return fail(c.iterRange.id, `cannot iterate over ${an(range)}`);
        const inner = new Map(scope);
        inner.set(c.iterVar, c.iterVar2 === '' ? element : typeof range === 'object' && 'list' in range ? 'int' : 'string');
        if (c.iterVar2 !== '') inner.set(c.iterVar2, typeof range === 'object' && 'list' in range ? range.list : typeof range === 'object' && 'map' in range ? range.map : 'dyn');
        inner.set(c.accuVar, check(c.accuInit, scope));
        check(c.loopCondition, inner);
        const step = check(c.loopStep, inner);
        inner.set(c.accuVar, step);
        return check(c.result, inner);
      }
      case 'callExpr': {
        const { target, args } = k.value;
        const name = k.value.function;
        const argShapes = args.map((a) => check(a, scope));
        const targetShape = target === undefined ? undefined : check(target, scope);
        if (name === '_&&_' || name === '_||_' || name === '!_' || name === '@not_strictly_false') {
          argShapes.forEach((s, i) => {
            if (s !== 'bool' && s !== 'dyn') fail(args[i]?.id ?? expr.id, `'${name.replace(/_/g, ' ').trim()}' needs booleans, not ${an(s)}`);
          });
          return 'bool';
        }
        if (name === '_?_:_') {
          const [cond, a, b] = argShapes;
          if (cond !== undefined && cond !== 'bool' && cond !== 'dyn') fail(args[0]?.id ?? expr.id, `the condition of ?: must be a boolean, not ${an(cond)}`);
          return a !== undefined && b !== undefined && shapeName(a) === shapeName(b) ? a : 'dyn';
        }
        if (name === '_==_' || name === '_!=_') {
          const [a, b] = argShapes;
          if (a !== undefined && b !== undefined && !comparable(a, b)) fail(expr.id, `comparing ${an(a)} with ${an(b)} is always ${name === '_==_' ? 'false' : 'true'}`);
          return 'bool';
        }
        if (name === '_[_]') {
          const [on, index] = argShapes;
          if (on === undefined || index === undefined || on === 'dyn') return 'dyn';
          if (typeof on === 'object' && 'list' in on) {
            if (index !== 'int' && index !== 'uint' && index !== 'dyn') fail(args[1]?.id ?? expr.id, `a list index must be an int, not ${an(index)}`);
            return on.list;
          }
          if (typeof on === 'object' && 'map' in on) return on.map;
          if (typeof on === 'object') {
            const key = args[1]?.exprKind;
            if (key?.case === 'constExpr' && key.value.constantKind.case === 'stringValue') {
              const f = on.fields[key.value.constantKind.value];
              if (f === undefined) fail(expr.id, `${on.object} has no field '${key.value.constantKind.value}'`);
              const operand = args[0]?.exprKind;
              if (operand?.case === 'identExpr' && variables[operand.value.name] !== undefined && !scope.has(operand.value.name)) used(operand.value.name, key.value.constantKind.value);
              return f as CelShape;
            }
            return 'dyn';
          }
          return fail(expr.id, `cannot index ${an(on)}`);
        }
        if (name === '@in') {
          const [item, container] = argShapes;
          if (item === undefined || container === undefined || container === 'dyn') return 'bool';
          if (typeof container === 'object' && 'list' in container) {
            if (!comparable(item, container.list)) fail(expr.id, `${an(item)} is never in ${an(container)}`);
            return 'bool';
          }
          if (typeof container === 'object') return 'bool';
          return fail(expr.id, `'in' needs a list or a map on its right, not ${an(container)}`);
        }
        const group = funcs.find(name);
        if (group === undefined) return fail(expr.id, `unknown function '${name}'`);
        const overloads = [...group].filter((f) => (f.target === undefined) === (target === undefined) && f.arguments.length === args.length);
        if (overloads.length === 0) return fail(expr.id, `'${name}' does not take ${target === undefined ? '' : 'a receiver and '}${args.length} argument${args.length === 1 ? '' : 's'}`);
        const fits = overloads.filter((f) => (targetShape === undefined || f.target === undefined || assignable(fromCelType(f.target), targetShape)) && f.arguments.every((p, i) => assignable(fromCelType(p), argShapes[i] ?? 'dyn')));
        if (fits.length === 0) {
          const shown = [...(targetShape === undefined ? [] : [targetShape]), ...argShapes].map(shapeName).join(', ');
          return fail(expr.id, `no overload of '${name.replace(/^_(.+)_$/, '$1').replace(/_/g, '')}' takes (${shown})`);
        }
        return common(fits.map((f) => fromCelType(f.result)));
      }
      default:
        return 'dyn';
    }
  };

  const type = check(parsed.expr, new Map());
  if (type !== 'dyn' && !result.some((r) => r === 'dyn' || shapeName(r) === shapeName(type))) {
    const { line, column } = positionOf(source, 0);
    throw new CelSourceError(`the expression returns ${an(type)}, not ${result.map(an).join(' or ')}`, line, column);
  }
  let run: ReturnType<typeof plan>;
  try {
    run = plan(ENV, parsed);
  } catch (error) {
    throw new CelSourceError(error instanceof Error ? error.message : String(error), 1, 1);
  }
  return {
    source,
    type,
    fields,
    run(input) {
      try {
        return run(input as Record<string, CelInput>);
      } catch (error) {
        return celError(error);
      }
    },
  };
}

// ---- Views: JSON values as CEL values without copying ----
// `toCelInput` copies a whole value (every object and array) before evaluation; an expression that
// reads two fields of an audit event would pay for the whole event and its body. A view wraps an
// object or array and converts only what an expression reads, on access, with the same rules
// (whole numbers are ints, absent and undefined are absent). It implements @bufbuild/cel's map and
// list protocol; the library marks them with these registered symbols (Symbol.for, stable across
// copies of the library), and a test in test/detect/custom.test.ts guards the contract.

const MAP_MARK = Symbol.for('@bufbuild/cel/map');
const LIST_MARK = Symbol.for('@bufbuild/cel/list');
type MapKey = bigint | string | boolean | number | { readonly value: bigint };

/** A JSON value as a CEL value, converted lazily (see above). */
export function celView(value: unknown): CelInput {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'number':
      return Number.isInteger(value) ? BigInt(value) : value;
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) return new ListView(value) as unknown as CelInput;
      return new MapView((key) => (Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined), () => Object.keys(value)) as unknown as CelInput;
    default:
      return null;
  }
}

/**
 * A CEL map over string keys whose values are read on demand: `read(key)` gives the JSON value
 * (undefined: absent), `names()` the keys that may be present.
 */
export function celMapView(read: (key: string) => unknown, names: () => readonly string[]): CelInput {
  return new MapView(read, names) as unknown as CelInput;
}

class MapView {
  readonly [MAP_MARK] = {};
  constructor(
    private readonly read: (key: string) => unknown,
    private readonly names: () => readonly string[],
  ) {}

  private present(): string[] {
    return this.names().filter((k) => this.read(k) !== undefined);
  }

  get size(): number {
    return this.present().length;
  }

  get(key: MapKey): CelInput | undefined {
    if (typeof key !== 'string') return undefined;
    const v = this.read(key);
    return v === undefined ? undefined : celView(v);
  }

  /** As @bufbuild/cel's own maps: a null value counts as absent. */
  has(key: MapKey): boolean {
    return this.get(key) != undefined;
  }

  keys(): IterableIterator<string> {
    return this.present()[Symbol.iterator]();
  }

  *values(): IterableIterator<CelInput> {
    for (const k of this.present()) yield celView(this.read(k));
  }

  *entries(): IterableIterator<[string, CelInput]> {
    for (const k of this.present()) yield [k, celView(this.read(k))];
  }

  forEach(callback: (value: CelInput, key: string, map: MapView) => void, thisArg?: unknown): void {
    for (const k of this.present()) callback.call(thisArg, celView(this.read(k)), k, this);
  }

  [Symbol.iterator](): IterableIterator<[string, CelInput]> {
    return this.entries();
  }
}

class ListView {
  readonly [LIST_MARK] = {};
  constructor(private readonly items: readonly unknown[]) {}

  get size(): number {
    return this.items.length;
  }

  get(index: number | bigint): CelInput | undefined {
    const i = Number(index);
    return i < 0 || i >= this.items.length ? undefined : celView(this.items[i]);
  }

  *values(): IterableIterator<CelInput> {
    for (const v of this.items) yield celView(v);
  }

  [Symbol.iterator](): IterableIterator<CelInput> {
    return this.values();
  }
}
