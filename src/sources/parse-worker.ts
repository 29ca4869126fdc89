/**
 * A parse worker: reads and parses the manifest files the main thread hands it (parallel.ts)
 * and sends back each file's text and document values. Values travel as one JSON string per
 * file: JSON.parse on the receiving side costs a fraction of the YAML parse it replaces.
 */
import { parentPort } from 'node:worker_threads';
import { parseFileBytes, readFileChecked } from './parse.js';
import type { WireFile, WorkerRequest } from './parallel.js';

/** Values JSON cannot carry (binary data, .inf/.nan floats): such files travel by structured clone. */
const NOT_JSON_SAFE = /!!binary|\.(?:inf|nan)\b/i;

function encode(index: number, file: string, limit: number): WireFile {
  const read = readFileChecked(file, limit);
  if (!(read instanceof Uint8Array)) return { index, file, error: read, unread: true };
  const parsed = parseFileBytes(file, read, limit);
  if ('error' in parsed) return { index, file, error: parsed.error };
  const { text } = parsed.source;
  const docs = parsed.documents.map((d) => ('error' in d ? { doc: d.doc, error: d.error } : { doc: d.doc }));
  const values = parsed.documents.map((d) => ('value' in d ? d.value : null));
  if (!NOT_JSON_SAFE.test(text)) {
    try {
      return { index, file, text, docs, json: JSON.stringify(values) };
    } catch {
      // a value JSON cannot write (a cycle): fall through to structured clone
    }
  }
  return { index, file, text, docs, cloned: values };
}

const port = parentPort;
if (port !== null) {
  port.on('message', (request: WorkerRequest) => {
    for (const { index, file } of request.files) port.postMessage(encode(index, file, request.limit));
    port.postMessage({ ready: true });
  });
}
