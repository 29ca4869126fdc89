/**
 * Command-line flags of the Kubernetes components, parsed the way pflag (and Go's
 * flag package, for etcd) parse them: `--flag=value`, `--flag value`, `-flag`,
 * booleans given bare, `--` ending the flags, and the last of repeated flags winning.
 */

export interface FlagOccurrence {
  readonly value: string;
  /** Index of the token in argv (0 is the program). */
  readonly index: number;
  /** The token(s) as written, for evidence: `--profiling=false` or `--kubeconfig /etc/kubernetes/kubelet.conf`. */
  readonly raw: string;
}

export interface ParsedFlags {
  /** Last occurrence of each flag (name without dashes). */
  readonly flags: ReadonlyMap<string, FlagOccurrence>;
  /** Every occurrence, in order, for flags given more than once. */
  readonly repeated: ReadonlyMap<string, readonly FlagOccurrence[]>;
  /** Arguments that are not flags (e.g. `server` in `k3s server`). */
  readonly positional: readonly string[];
}

/**
 * Parses argv (argv[0] is the program). `booleans` names the flags that take no
 * value when given bare: for them `--flag` means true and the next token is not consumed.
 */
export function parseFlags(argv: readonly string[], booleans: ReadonlySet<string> = new Set()): ParsedFlags {
  const flags = new Map<string, FlagOccurrence>();
  const repeated = new Map<string, FlagOccurrence[]>();
  const positional: string[] = [];
  const add = (name: string, occurrence: FlagOccurrence) => {
    flags.set(name, occurrence);
    const list = repeated.get(name) ?? [];
    list.push(occurrence);
    repeated.set(name, list);
  };
  for (let i = 1; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positional.push(token);
      continue;
    }
    const body = token.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq >= 0) {
      add(body.slice(0, eq), { value: body.slice(eq + 1), index: i, raw: token });
      continue;
    }
    if (booleans.has(body)) {
      add(body, { value: 'true', index: i, raw: token });
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('-')) {
      add(body, { value: next, index: i, raw: `${token} ${next}` });
      i++;
    } else {
      // pflag would reject a non-boolean flag without a value; we record it as set, empty.
      add(body, { value: '', index: i, raw: token });
    }
  }
  return { flags, repeated, positional };
}

/** `a,b, c` → ['a','b','c']; empty items dropped. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `--feature-gates=A=true,B=false` → { A: 'true', B: 'false' }. */
export function parseFeatureGates(value: string): Record<string, string> {
  const gates: Record<string, string> = {};
  for (const item of splitList(value)) {
    const eq = item.indexOf('=');
    if (eq > 0) gates[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return gates;
}

/**
 * A Go duration (`4h0m0s`, `5m`, `300ms`, `0`) in milliseconds, or undefined
 * when it does not parse. A bare integer is read as seconds is NOT Go's behaviour:
 * Go rejects it except for `0`, and so do we.
 */
export function parseDuration(value: string): number | undefined {
  const text = value.trim();
  if (text === '0' || text === '') return text === '0' ? 0 : undefined;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = re.exec(text); match !== null; match = re.exec(text)) {
    total += Number(match[1]) * (unit[match[2] ?? 's'] ?? 0);
    consumed = re.lastIndex;
  }
  return consumed === text.length && consumed > 0 ? total : undefined;
}
