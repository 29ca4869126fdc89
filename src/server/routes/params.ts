/**
 * Route inputs that need more than a plain JSON Schema message: query parameters drawn from a
 * closed set (one value, or a comma-separated list), and the intake routes' cluster name. Each is
 * defined once here; the JSON Schema (what fastify validates and /openapi.json publishes) and the
 * readable 400 (a preValidation hook, which runs before the schema) both come from it.
 */
import type { FastifyRequest } from 'fastify';
import { CLUSTER_NAME_RULE, clusterNameProblem, clusterNameSchema } from '../cluster-name.js';
import { ServerError } from '../errors.js';

export interface EnumParam {
  readonly values: readonly string[];
  /** Comma-separated values (`severity=critical,high`); default one value. */
  readonly list?: boolean;
  readonly default?: string;
  readonly description?: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function enumSchema(p: EnumParam): Record<string, unknown> {
  const description = p.description ?? (p.list === true ? `comma-separated, each one of: ${p.values.join(', ')}` : `one of: ${p.values.join(', ')}`);
  if (p.list !== true) return { type: 'string', enum: [...p.values], ...(p.default === undefined ? {} : { default: p.default }), description };
  const one = `(${p.values.map(escape).join('|')})`;
  return { type: 'string', pattern: `^${one}(,${one})*$`, description };
}

function enumProblem(key: string, p: EnumParam, raw: string): string | undefined {
  const items = p.list === true ? raw.split(',') : [raw];
  const unknown = items.filter((x) => !p.values.includes(x));
  if (unknown.length === 0) return undefined;
  return `querystring/${key} must be ${p.list === true ? 'a comma-separated list of' : 'one of'} ${p.values.join(', ')}, not ${unknown.map((x) => JSON.stringify(x)).join(', ')}`;
}

/**
 * Query parameters from closed sets: their schemas (spread into the querystring's `properties`)
 * and a preValidation hook that answers an unknown value with 400 `KF_ERR_BAD_REQUEST` naming
 * the allowed values. The schema rejects the same inputs, so the hook only words the answer.
 */
export function enumQuery<K extends string>(spec: Record<K, EnumParam>): { properties: Record<K, Record<string, unknown>>; preValidation: (request: FastifyRequest) => Promise<void> } {
  const entries = Object.entries(spec) as [K, EnumParam][];
  return {
    properties: Object.fromEntries(entries.map(([k, p]) => [k, enumSchema(p)])) as Record<K, Record<string, unknown>>,
    preValidation: async (request) => {
      const query = request.query as Record<string, unknown>;
      for (const [key, p] of entries) {
        const raw = query[key];
        // Absent, or repeated (an array): the schema's own answer.
        if (typeof raw !== 'string') continue;
        const problem = enumProblem(key, p, raw);
        if (problem !== undefined) throw new ServerError('KF_ERR_BAD_REQUEST', problem);
      }
    },
  };
}

/** The `{name}` path parameter of the intake routes: a cluster name (cluster-name.ts). */
export const clusterNameParams = { type: 'object', required: ['name'], properties: { name: clusterNameSchema }, additionalProperties: false } as const;

/** Answers an invalid `{name}` with why, instead of the schema's pattern. */
export async function checkClusterNameParam(request: FastifyRequest): Promise<void> {
  const name = (request.params as { name?: unknown }).name;
  if (typeof name !== 'string') return;
  const problem = clusterNameProblem(name);
  if (problem !== undefined) throw new ServerError('KF_ERR_BAD_REQUEST', `params/name ${JSON.stringify(name)} is not a valid cluster name (${problem}): ${CLUSTER_NAME_RULE}; percent-encode it in the path (kubernetes-admin%40kubernetes)`);
}
