/**
 * A tiny structural validator for the parts of Kubernetes objects that checks read.
 * Every field is optional (Kubernetes defaults them); a present field of the wrong
 * type is an issue with its path. Unknown fields are kept and ignored.
 * It exists instead of a schema library because it must cost almost nothing on the
 * hot path of a 10,000-object scan.
 */
import type { JsonPath } from './path.js';
import { isRecord } from './path.js';

export type Shape =
  | { readonly type: 'string' }
  | { readonly type: 'boolean' }
  | { readonly type: 'number' }
  | { readonly type: 'int-or-string' }
  | { readonly type: 'unknown' }
  | { readonly type: 'array'; readonly items: Shape }
  | { readonly type: 'record'; readonly values: Shape }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, Shape>> };

export const str = { type: 'string' } as const;
export const bool = { type: 'boolean' } as const;
export const num = { type: 'number' } as const;
export const intOrStr = { type: 'int-or-string' } as const;
export const unknownShape = { type: 'unknown' } as const;
export const arr = <S extends Shape>(items: S) => ({ type: 'array', items }) as const;
export const record = <S extends Shape>(values: S) => ({ type: 'record', values }) as const;
export const obj = <F extends Record<string, Shape>>(fields: F) => ({ type: 'object', fields }) as const;

/** The TypeScript type a shape validates, every object field optional. */
export type Infer<S> = S extends { type: 'string' }
  ? string
  : S extends { type: 'boolean' }
    ? boolean
    : S extends { type: 'number' }
      ? number
      : S extends { type: 'int-or-string' }
        ? number | string
        : S extends { type: 'unknown' }
          ? unknown
          : S extends { type: 'array'; items: infer I }
            ? readonly Infer<I>[]
            : S extends { type: 'record'; values: infer V }
              ? Readonly<Record<string, Infer<V>>>
              : S extends { type: 'object'; fields: infer F }
                ? { readonly [K in keyof F]?: Infer<F[K]> }
                : never;

export interface ShapeIssue {
  readonly path: JsonPath;
  readonly expected: string;
  readonly actual: string;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Collects every issue (not just the first), so one run names all bad fields. */
export function validate(value: unknown, shape: Shape, path: JsonPath = [], issues: ShapeIssue[] = []): ShapeIssue[] {
  if (value === undefined || value === null) return issues; // absent or explicit null: Kubernetes treats both as unset (see below)
  switch (shape.type) {
    case 'unknown':
      return issues;
    case 'string':
    case 'boolean':
    case 'number':
      if (typeof value !== shape.type) issues.push({ path, expected: shape.type, actual: describe(value) });
      return issues;
    case 'int-or-string':
      if (typeof value !== 'string' && typeof value !== 'number')
        issues.push({ path, expected: 'integer or string', actual: describe(value) });
      return issues;
    case 'array':
      if (!Array.isArray(value)) {
        issues.push({ path, expected: 'array', actual: describe(value) });
        return issues;
      }
      for (let i = 0; i < value.length; i++) validate(value[i], shape.items, [...path, i], issues);
      return issues;
    case 'record':
      if (!isRecord(value)) {
        issues.push({ path, expected: 'object', actual: describe(value) });
        return issues;
      }
      for (const key of Object.keys(value)) validate(value[key], shape.values, [...path, key], issues);
      return issues;
    case 'object':
      if (!isRecord(value)) {
        issues.push({ path, expected: 'object', actual: describe(value) });
        return issues;
      }
      for (const key of Object.keys(shape.fields)) {
        const field = shape.fields[key];
        if (field === undefined || !(key in value)) continue;
        // `containers:` with nothing after it is null; Kubernetes treats it as unset, and so must
        // every check. Dropping the key keeps the inferred types honest (absent, never null).
        if (value[key] === null) delete value[key];
        else validate(value[key], field, [...path, key], issues);
      }
      return issues;
  }
}
