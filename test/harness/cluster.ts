// Starts a real Kubernetes control plane (kube-apiserver + embedded etcd, built
// from k8s.io/kubernetes by harness/build.sh) for integration tests.
// See docs/harness.md. Node built-ins only.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type HarnessProfile = 'hardened' | 'insecure';

export interface StartClusterOptions {
  /** kube-apiserver flag profile; default 'hardened'. */
  profile?: HarnessProfile;
  /** Extra kube-apiserver flags (`--name=value`); each replaces the profile's flag of that name. */
  args?: string[];
  /** Profile flags to remove, by name (`--profiling`). */
  unsetArgs?: string[];
  /** Node objects to register: the control plane plus nodes-1 workers; default 1. */
  nodes?: number;
  /** How long to wait for ready.json; default 60 s. */
  timeoutMs?: number;
}

/** A static bearer token from the insecure profile's --token-auth-file. */
export interface HarnessToken {
  token: string;
  user: string;
  uid: string;
  groups: string[];
}

export interface Cluster {
  /** https://127.0.0.1:PORT */
  readonly server: string;
  /** The cluster's private temp dir (PKI, configs, etcd data, logs). */
  readonly dir: string;
  /** Admin kubeconfig (CN=kubefort-admin, O=system:masters). */
  readonly kubeconfig: string;
  /** CA that signed the API server's serving certificate. */
  readonly caFile: string;
  /** CA the API server trusts for client certificates, and its key. */
  readonly clientCAFile: string;
  readonly clientCAKey: string;
  /** Admin client certificate and key as PEM files. */
  readonly adminCertFile: string;
  readonly adminKeyFile: string;
  /** The kube-apiserver flags exactly as the server runs with them (no argv[0]). */
  readonly apiserverArgs: readonly string[];
  /** The flags of an equivalent standalone etcd (no argv[0]). */
  readonly etcdArgs: readonly string[];
  /** https://127.0.0.1:PORT of etcd (client certificate required). */
  readonly etcd: string;
  readonly profile: HarnessProfile;
  /** Kubernetes release compiled in, e.g. v1.37.1. */
  readonly version: string;
  /** Registered Node names, control plane first. */
  readonly nodes: readonly string[];
  /** Tokens accepted through --token-auth-file (insecure profile only). */
  readonly tokens: readonly HarnessToken[];
  /** Audit log path when --audit-log-path is set. */
  readonly auditLog: string | undefined;
  /** Harness process id (the API server runs in it). */
  readonly pid: number;
  /** Seconds from process start to ready, as measured by the harness. */
  readonly startupSeconds: number;
  /** Issues a client certificate for user/groups signed by the client CA; returns its kubeconfig path. */
  identity(user: string, groups?: string[]): Promise<string>;
  /** Stops the control plane (SIGTERM, then SIGKILL) and removes dir. Idempotent. */
  stop(): Promise<void>;
}

interface ReadyFile {
  server: string;
  kubeconfig: string;
  caFile: string;
  clientCAFile: string;
  clientCAKey: string;
  adminCertFile: string;
  adminKeyFile: string;
  etcd: string;
  profile: HarnessProfile;
  version: string;
  apiserverArgs: string[];
  etcdArgs: string[];
  nodes: string[];
  tokens: HarnessToken[];
  auditLog: string | undefined;
  pid: number;
  startupSeconds: number;
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The harness binary: $KUBEFORT_HARNESS_BIN or harness/bin/kubefort-harness. */
export function harnessBinary(): string {
  const fromEnv = process.env['KUBEFORT_HARNESS_BIN'];
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(repoRoot, 'harness', 'bin', 'kubefort-harness');
}

function requireBinary(): string {
  const bin = harnessBinary();
  if (!existsSync(bin)) {
    throw new Error(
      `\n\n*** kubefort-harness binary not found at ${bin} ***\n` +
        'Cluster tests need the real kube-apiserver harness. Build it with:\n\n' +
        '    bash harness/build.sh\n\n' +
        '(needs Go 1.26+; the first build takes several minutes) or set KUBEFORT_HARNESS_BIN.\n',
    );
  }
  return bin;
}

// Harness processes still running when the test process exits are killed, so a
// crashed test run never leaves API servers behind.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Error(`ready.json: ${key} is not a string`);
  return v;
}

function strList(o: Record<string, unknown>, key: string): string[] {
  const v = o[key] ?? [];
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
    throw new Error(`ready.json: ${key} is not a list of strings`);
  }
  return v;
}

function parseReady(text: string): ReadyFile {
  const o: unknown = JSON.parse(text);
  if (!isRecord(o)) throw new Error('ready.json: not an object');
  const profile = str(o, 'profile');
  if (profile !== 'hardened' && profile !== 'insecure') throw new Error(`ready.json: bad profile ${profile}`);
  const rawTokens = o['tokens'] ?? [];
  if (!Array.isArray(rawTokens)) throw new Error('ready.json: tokens is not a list');
  const tokens = rawTokens.map((t: unknown): HarnessToken => {
    if (!isRecord(t)) throw new Error('ready.json: bad token');
    return { token: str(t, 'token'), user: str(t, 'user'), uid: str(t, 'uid'), groups: strList(t, 'groups') };
  });
  const pid = o['pid'];
  const startup = o['startupSeconds'];
  if (typeof pid !== 'number' || typeof startup !== 'number') throw new Error('ready.json: pid/startupSeconds missing');
  const auditLog = o['auditLog'];
  return {
    server: str(o, 'server'),
    kubeconfig: str(o, 'kubeconfig'),
    caFile: str(o, 'caFile'),
    clientCAFile: str(o, 'clientCAFile'),
    clientCAKey: str(o, 'clientCAKey'),
    adminCertFile: str(o, 'adminCertFile'),
    adminKeyFile: str(o, 'adminKeyFile'),
    etcd: str(o, 'etcd'),
    profile,
    version: str(o, 'version'),
    apiserverArgs: strList(o, 'apiserverArgs'),
    etcdArgs: strList(o, 'etcdArgs'),
    nodes: strList(o, 'nodes'),
    tokens,
    auditLog: typeof auditLog === 'string' ? auditLog : undefined,
    pid,
    startupSeconds: startup,
  };
}

function logTail(logFile: string, max = 8000): string {
  try {
    const text = readFileSync(logFile, 'utf8');
    return text.length > max ? `...${text.slice(-max)}` : text;
  } catch {
    return '(no harness log)';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((res) => {
    const timer = setTimeout(() => res(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      res(true);
    });
  });
}

/** A start that failed because another process took a port between its choice and its bind. */
class PortRaceError extends Error {}

/** Starts etcd + kube-apiserver in a fresh temp dir and waits until the cluster is usable. */
export async function startCluster(opts: StartClusterOptions = {}): Promise<Cluster> {
  const bin = requireBinary();
  // The harness picks free ports and releases them for the servers to bind; with
  // many clusters starting in parallel another process can win one: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(bin, opts);
    } catch (e) {
      if (!(e instanceof PortRaceError) || attempt >= 3) throw e;
    }
  }
}

async function startOnce(bin: string, opts: StartClusterOptions): Promise<Cluster> {
  const profile = opts.profile ?? 'hardened';
  const nodes = opts.nodes ?? 1;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const dir = await mkdtemp(join(tmpdir(), `kubefort-cluster-${profile}-`));
  const logFile = join(dir, 'harness.log');
  const readyFile = join(dir, 'ready.json');

  const argv = ['serve', '--dir', dir, '--profile', profile, '--nodes', String(nodes)];
  for (const a of opts.args ?? []) argv.push(`--arg=${a}`);
  for (const a of opts.unsetArgs ?? []) argv.push(`--unset-arg=${a}`);

  // The log goes to a file, never a pipe: a full pipe would stall the API server.
  const logFd = openSync(logFile, 'w');
  let child: ChildProcess;
  try {
    child = spawn(bin, argv, { stdio: ['ignore', logFd, logFd], cwd: dir });
  } finally {
    closeSync(logFd);
  }
  track(child);
  let spawnError: Error | undefined;
  child.once('error', (e) => {
    spawnError = e;
  });

  const fail = async (why: string): Promise<never> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await waitForExit(child, 5000);
    }
    const tail = logTail(logFile);
    if (/address already in use/.test(tail)) {
      await rm(dir, { recursive: true, force: true });
      throw new PortRaceError(`kubefort-harness (${profile}): port taken during start`);
    }
    throw new Error(`kubefort-harness (${profile}) ${why}\ncommand: ${bin} ${argv.join(' ')}\nlog ${logFile}:\n${tail}`);
  };

  const deadline = Date.now() + timeoutMs;
  let ready: ReadyFile | undefined;
  while (ready === undefined) {
    if (spawnError !== undefined) return fail(`could not be started: ${spawnError.message}`);
    if (existsSync(readyFile)) {
      ready = parseReady(await readFile(readyFile, 'utf8'));
      break;
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      return fail(`exited before ready (code ${String(child.exitCode)}, signal ${String(child.signalCode)})`);
    }
    if (Date.now() > deadline) return fail(`not ready after ${timeoutMs} ms`);
    await sleep(100);
  }
  const info = ready;

  let identities = 0;
  let stopped: Promise<void> | undefined;
  return {
    server: info.server,
    dir,
    kubeconfig: info.kubeconfig,
    caFile: info.caFile,
    clientCAFile: info.clientCAFile,
    clientCAKey: info.clientCAKey,
    adminCertFile: info.adminCertFile,
    adminKeyFile: info.adminKeyFile,
    apiserverArgs: info.apiserverArgs,
    etcdArgs: info.etcdArgs,
    etcd: info.etcd,
    profile: info.profile,
    version: info.version,
    nodes: info.nodes,
    tokens: info.tokens,
    auditLog: info.auditLog,
    pid: info.pid,
    startupSeconds: info.startupSeconds,

    async identity(user: string, groups: string[] = []): Promise<string> {
      const outDir = join(dir, 'identities');
      await mkdir(outDir, { recursive: true });
      identities += 1;
      const out = join(outDir, `${user.replace(/[^A-Za-z0-9._-]/g, '_')}-${identities}.kubeconfig`);
      const args = ['identity', '--dir', dir, '--user', user, '--out', out];
      for (const g of groups) args.push('--group', g);
      await new Promise<void>((res, rej) => {
        execFile(bin, args, { timeout: 30_000 }, (err, _stdout, stderr) => {
          if (err) rej(new Error(`kubefort-harness identity failed: ${err.message}\n${stderr}`));
          else res();
        });
      });
      return out;
    },

    stop(): Promise<void> {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          if (!(await waitForExit(child, 20_000))) {
            child.kill('SIGKILL');
            await waitForExit(child, 5000);
          }
        }
        if (process.env['KUBEFORT_HARNESS_KEEP'] !== '1') {
          await rm(dir, { recursive: true, force: true });
        }
      })();
      return stopped;
    },
  };
}

/** Server URL, CA and client credentials embedded in a kubeconfig written by the harness. */
export interface KubeconfigCredentials {
  server: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

/** Reads the (single-user, data-embedded) kubeconfig files the harness writes. */
export async function readKubeconfig(path: string): Promise<KubeconfigCredentials> {
  const text = await readFile(path, 'utf8');
  const field = (name: string): string => {
    const m = new RegExp(`^\\s*${name}:\\s*(\\S+)\\s*$`, 'm').exec(text);
    if (m?.[1] === undefined) throw new Error(`${path}: no ${name}`);
    return m[1];
  };
  const b64 = (name: string): Buffer => Buffer.from(field(name), 'base64');
  return {
    server: field('server'),
    ca: b64('certificate-authority-data'),
    cert: b64('client-certificate-data'),
    key: b64('client-key-data'),
  };
}
