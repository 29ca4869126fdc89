/** Reads a directory (or one file) of CustomCheck YAML definitions into checks. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Check } from '../core/check.js';
import { customCheck } from './check.js';
import { CustomCheckError, definitionDocuments, parseDefinition, type CustomCheckDefinition } from './definition.js';

/**
 * Parses the text of one file; several documents separated by `---` are allowed. A problem names
 * the file and line (`checks.yaml:12: severity: …`); a document that is not YAML refuses the file.
 */
export function parseCustomChecks(file: string, text: string, reservedIds: Iterable<string> = []): CustomCheckDefinition[] {
  const docs = definitionDocuments(file, text, (at, problem) => {
    throw new CustomCheckError(file, '(yaml)', problem, at);
  });
  const taken = new Set(reservedIds);
  return docs.map((doc) => {
    const definition = parseDefinition(doc.value, file, taken, doc.at);
    taken.add(definition.id);
    return definition;
  });
}

/**
 * Every `.yaml`/`.yml` file of `path` (a directory, not recursive; or one file), sorted by name.
 * Throws CustomCheckError naming the file, line and field of the first bad definition.
 */
export async function loadCustomChecks(path: string, reservedIds: Iterable<string> = []): Promise<Check[]> {
  const info = await stat(path);
  const files = info.isDirectory()
    ? (await readdir(path)).filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(path, f))
    : [path];
  const taken = new Set(reservedIds);
  const checks: Check[] = [];
  for (const file of files) {
    for (const definition of parseCustomChecks(file, await readFile(file, 'utf8'), taken)) {
      taken.add(definition.id);
      checks.push(customCheck(definition));
    }
  }
  return checks;
}
