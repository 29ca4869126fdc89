/**
 * Raw API list responses (`GET /api/v1/pods`, and dumps made from them) omit
 * `apiVersion` and `kind` on each item: the list's kind says it (`PodList` → `Pod`).
 * This pure helper completes such items so a manifest loader can read them.
 */
import jsYaml from 'js-yaml';
import { isRecord } from '../../core/path.js';

/**
 * Returns the documents of `text` with `kind`/`apiVersion` filled in on the items
 * of `XList` documents that lack them (as JSON documents joined by `---`, valid
 * YAML), or undefined when nothing needed filling or the text does not parse.
 */
export function completeListItems(text: string): string | undefined {
  let docs: unknown[];
  try {
    docs = jsYaml.loadAll(text);
  } catch {
    return undefined;
  }
  let changed = false;
  for (const doc of docs) {
    if (!isRecord(doc) || typeof doc.kind !== 'string' || !Array.isArray(doc.items)) continue;
    const itemKind = doc.kind.endsWith('List') && doc.kind !== 'List' ? doc.kind.slice(0, -'List'.length) : undefined;
    if (itemKind === undefined) continue;
    const apiVersion = typeof doc.apiVersion === 'string' ? doc.apiVersion : 'v1';
    doc.items = (doc.items as unknown[]).map((item) => {
      if (!isRecord(item) || (item.kind !== undefined && item.apiVersion !== undefined)) return item;
      changed = true;
      return { apiVersion: item.apiVersion ?? apiVersion, kind: item.kind ?? itemKind, ...item };
    });
  }
  if (!changed) return undefined;
  return docs.map((d) => JSON.stringify(d, null, 1)).join('\n---\n');
}
