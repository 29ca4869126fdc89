/**
 * Parses many manifest files on every core: parse workers (parse-worker.ts) and the main thread
 * take files from one queue, a few at a time, until none is left; results come back in file
 * order. YAML parsing is most of a scan's load phase and each file parses on its own, so this
 * is where a second core pays. Small inputs stay on the main thread: starting a worker costs
 * more than it saves. A worker that fails hands its files back to the main thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { scanError, type ScanError } from '../core/errors.js';
import { parseFileBytes, readFileChecked, type ParsedDocument, type ParsedFile } from './parse.js';
import { SourceText, type TextDocument } from './source-text.js';

/** What the main thread sends a worker. */
export interface WorkerRequest {
  readonly files: readonly { readonly index: number; readonly file: string }[];
  readonly limit: number;
}

/** One file as a worker sends it back. */
export interface WireFile {
  readonly index: number;
  readonly file: string;
  readonly error?: ScanError;
  /** The error is that the file could not be read. */
  readonly unread?: true;
  readonly text?: string;
  readonly docs?: readonly { readonly doc: TextDocument; readonly error?: ScanError }[];
  /** The documents' values as one JSON array (null where a document has an error). */
  readonly json?: string;
  /** The values themselves, when JSON cannot carry them. */
  readonly cloned?: readonly unknown[];
}

/** Below this many bytes in all, one thread parses faster than two (a worker takes ~30 ms to start). */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
const BATCH = 4;

/** How many parse workers to start for an input of this size (0: parse on the main thread). */
export function parseWorkerCount(totalBytes: number, files: number, requested?: number): number {
  const fromEnv = process.env.KUBEFORT_PARSE_WORKERS;
  const wanted = requested ?? (fromEnv !== undefined && /^\d+$/.test(fromEnv) ? Number(fromEnv) : undefined);
  if (wanted !== undefined) return Math.min(wanted, Math.max(0, files - 1));
  if (totalBytes < PARALLEL_MIN_BYTES || files < 2 * BATCH) return 0;
  return Math.min(availableParallelism() - 1, 3);
}

let workerScript: URL | null | undefined;

/**
 * The bundled worker next to the bundle that imports this module (dist/ or dist/chunks/); none
 * when running from sources, unless KUBEFORT_PARSE_WORKER names the built one (tests).
 */
function findWorkerScript(): URL | undefined {
  const fromEnv = process.env.KUBEFORT_PARSE_WORKER;
  if (fromEnv !== undefined && fromEnv !== '') return pathToFileURL(fromEnv);
  if (workerScript === undefined) {
    workerScript = null;
    for (const candidate of ['./parse-worker.js', '../parse-worker.js']) {
      const url = new URL(candidate, import.meta.url);
      if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) {
        workerScript = url;
        break;
      }
    }
  }
  return workerScript ?? undefined;
}

export interface ParallelParse {
  /** Every file's outcome, in the order of the files given. */
  readonly files: ParsedFile[];
  /** How many of them the workers parsed (the rest, the main thread). */
  readonly byWorkers: number;
}

/** Parses the files with `workers` parse workers plus the main thread; undefined when no worker can be started. */
export async function parseFilesInParallel(files: readonly string[], limit: number, workers: number): Promise<ParallelParse | undefined> {
  const script = findWorkerScript();
  if (script === undefined || workers < 1) return undefined;
  const results: (ParsedFile | undefined)[] = new Array<ParsedFile | undefined>(files.length);
  let next = 0;
  const claim = (): number => (next < files.length ? next++ : -1);
  const parseHere = (index: number): void => {
    const file = files[index] as string;
    const read = readFileChecked(file, limit);
    results[index] = read instanceof Uint8Array ? parseFileBytes(file, read, limit) : { file, error: read, unread: true };
  };

  let byWorkers = 0;
  const fromWorker = (index: number, parsed: ParsedFile): void => {
    results[index] = parsed;
    byWorkers++;
  };
  const running = Array.from({ length: workers }, () => runWorker(script, files, limit, claim, fromWorker, parseHere));
  while (true) {
    const index = claim();
    if (index < 0) break;
    parseHere(index);
    // Let the workers' messages in: they are waiting for their next batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(running);
  const parsed = results.map((r, i): ParsedFile => r ?? { file: files[i] as string, error: scanError('KF_ERR_READ', `cannot read ${files[i] as string}: lost by a parse worker`, { file: files[i] as string }), unread: true });
  return { files: parsed, byWorkers };
}

/**
 * Workers stay alive between loads that follow each other (a fresh worker runs js-yaml cold),
 * unreferenced while idle so that they never keep the process alive, and stopped after a
 * while without work so that a long-running host does not keep their memory.
 */
const idleWorkers: Worker[] = [];
const idleTimers = new Map<Worker, NodeJS.Timeout>();
const IDLE_MS = 30_000;

function takeWorker(script: URL): Worker {
  const worker = idleWorkers.pop() ?? new Worker(script);
  clearTimeout(idleTimers.get(worker));
  idleTimers.delete(worker);
  worker.ref();
  return worker;
}

function releaseWorker(worker: Worker): void {
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  // A failed worker has exited: not reused.
  worker.once('exit', () => {
    const at = idleWorkers.indexOf(worker);
    if (at >= 0) idleWorkers.splice(at, 1);
  });
  worker.unref();
  idleWorkers.push(worker);
  const timer = setTimeout(() => {
    idleTimers.delete(worker);
    const at = idleWorkers.indexOf(worker);
    if (at >= 0) idleWorkers.splice(at, 1);
    void worker.terminate();
  }, IDLE_MS);
  timer.unref();
  idleTimers.set(worker, timer);
}

/** Feeds one worker batches from the shared queue until it is empty; resolves when the worker has answered for every file it took. */
function runWorker(script: URL, files: readonly string[], limit: number, claim: () => number, deliver: (index: number, parsed: ParsedFile) => void, parseHere: (index: number) => void): Promise<void> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = takeWorker(script);
    } catch {
      resolve(); // the main thread parses everything
      return;
    }
    const pending = new Set<number>();
    let finished = false;
    const finish = (failed: boolean): void => {
      if (finished) return;
      finished = true;
      // Files the worker took and did not answer for (it failed): parsed here.
      for (const index of pending) parseHere(index);
      pending.clear();
      if (failed) void worker.terminate();
      else releaseWorker(worker);
      resolve();
    };
    const send = (): boolean => {
      const batch: { index: number; file: string }[] = [];
      for (let i = 0; i < BATCH; i++) {
        const index = claim();
        if (index < 0) break;
        pending.add(index);
        batch.push({ index, file: files[index] as string });
      }
      if (batch.length === 0) return false;
      worker.postMessage({ files: batch, limit } satisfies WorkerRequest);
      return true;
    };
    let inFlight = 0;
    worker.on('message', (message: WireFile | { ready: true }) => {
      if ('ready' in message) {
        inFlight--;
        if (send()) inFlight++;
        else if (inFlight === 0) finish(false);
        return;
      }
      pending.delete(message.index);
      deliver(message.index, decode(message));
    });
    worker.on('error', () => finish(true));
    worker.on('exit', () => finish(true));
    // Two batches in flight, so the worker never waits for the main thread between them.
    for (let i = 0; i < 2; i++) if (send()) inFlight++;
    if (inFlight === 0) finish(false);
  });
}

function decode(wire: WireFile): ParsedFile {
  if (wire.error !== undefined || wire.text === undefined || wire.docs === undefined) {
    return { file: wire.file, error: wire.error ?? scanError('KF_ERR_READ', `cannot read ${wire.file}`, { file: wire.file }), ...(wire.unread === true ? { unread: true as const } : {}) };
  }
  const values = wire.cloned ?? (JSON.parse(wire.json ?? '[]') as unknown[]);
  const documents: ParsedDocument[] = wire.docs.map((d, k) => (d.error !== undefined ? { doc: d.doc, error: d.error } : { doc: d.doc, value: values[k] }));
  return { source: new SourceText(wire.file, wire.text), documents };
}
