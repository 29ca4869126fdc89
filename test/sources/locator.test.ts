/**
 * The block locator (src/sources/yaml-locator.ts) finds positions by reading lines;
 * the `yaml` package finds them with a full parse. For every object of examples/,
 * a sample of the bench corpus and hand-written edge cases, the two must agree on
 * the line and column of every path (or of a deterministic sample of them):
 * - a mapping key: the key's first character;
 * - a sequence item: its `-` in a block sequence, its first character in a flow one;
 * - the object itself: its first character;
 * - anything reached through an alias: where the anchored value is written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { buildCorpus } from '../../bench/corpus.js';
import { mulberry32 } from '../../bench/prng.js';
import type { JsonPath } from '../../src/core/path.js';
import type { Position, Resource } from '../../src/core/resource.js';
import { parseManifests } from '../../src/sources/manifests.js';

type Segment = string | number;

/** Where the `yaml` package puts a path, in kubefort's terms (see the header). */
function reference(doc: Document, root: Node, path: JsonPath, lines: LineCounter): Position | undefined {
  let node: unknown = root;
  let offset = (root.range as [number, number, number])[0];
  for (const segment of path) {
    // A path through an alias is located where the value is written: at the anchored node.
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && (String(p.key.value) === segment || p.key.source === segment));
      if (pair === undefined || !isScalar(pair.key) || pair.key.range == null) return undefined;
      offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node)) {
      if (typeof segment !== 'number') return undefined;
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) return undefined;
      const token = node.srcToken;
      const dash = token?.type === 'block-seq' ? token.items[segment]?.start.find((t) => t.type === 'seq-item-ind') : undefined;
      if (dash !== undefined) offset = dash.offset;
      else if (item.range != null) offset = item.range[0];
      else return undefined;
      node = item;
    } else return undefined;
  }
  const at = lines.linePos(offset);
  return { line: at.line, column: at.col };
}

/** Every path in a value (keys and indexes), the value itself first. */
function allPaths(value: unknown, base: Segment[] = [], out: Segment[][] = []): Segment[][] {
  out.push(base);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...base, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) allPaths(v, [...base, k], out);
  return out;
}

interface Mismatch {
  readonly where: string;
  readonly path: string;
  readonly kubefort: Position | undefined;
  readonly yaml: Position | undefined;
}

/**
 * Compares the locator with the reference for the objects of one file.
 * `sample` limits the paths per object (deterministically); the object itself is always compared.
 */
function compareFile(file: string, text: string, sample = Infinity, seed = 1): { compared: number; mismatches: Mismatch[] } {
  const load = parseManifests(file, text);
  expect(load.errors.filter((e) => e.level === 'error'), `${file} parses`).toEqual([]);
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { keepSourceTokens: true, lineCounter: lines, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const withContent = list.filter((d) => d.contents !== null);
  const random = mulberry32(seed);
  const mismatches: Mismatch[] = [];
  let compared = 0;
  const listIndex = new Map<number, number>();
  for (const resource of load.resources) {
    const docIndex = resource.origin.documentIndex ?? 0;
    const doc = withContent[docIndex];
    expect(doc, `${file} document ${docIndex}`).toBeDefined();
    if (doc === undefined || doc.contents === null) continue;
    let root: Node = doc.contents;
    if (isMap(root) && isSeq(root.get('items', true)) && String(root.get('kind')).endsWith('List')) {
      const n = listIndex.get(docIndex) ?? 0;
      listIndex.set(docIndex, n + 1);
      const items = root.get('items', true);
      if (!isSeq(items)) continue;
      root = items.items[n] as Node;
    }
    const paths = allPaths(resource.object);
    const chosen = paths.length <= sample ? paths : [paths[0] as Segment[], ...paths.slice(1).filter(() => random() < sample / paths.length)];
    for (const path of chosen) {
      compared++;
      const kubefort = resource.locate(path);
      const yaml = reference(doc, root, path, lines);
      if (JSON.stringify(kubefort) !== JSON.stringify(yaml)) mismatches.push({ where: `${file}#${docIndex} ${refName(resource)}`, path: JSON.stringify(path), kubefort, yaml });
    }
  }
  return { compared, mismatches };
}

const refName = (r: Resource) => `${r.ref.kind}/${r.ref.name}`;

function manifestFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

describe('block locator agrees with the yaml package', () => {
  it('on every path of every object in examples/', () => {
    let compared = 0;
    const mismatches: Mismatch[] = [];
    for (const file of manifestFiles('examples')) {
      const r = compareFile(file, readFileSync(file, 'utf8'));
      compared += r.compared;
      mismatches.push(...r.mismatches);
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(1_500);
  });

  it('on a sample of the bench corpus (block, flow, quoted, compact and commented styles)', () => {
    const corpus = buildCorpus({ objects: 1_500, files: 45, seed: 4242 });
    let compared = 0;
    const mismatches: Mismatch[] = [];
    corpus.files.forEach((file, i) => {
      const r = compareFile(file.path, file.text, 60, i + 1);
      compared += r.compared;
      mismatches.push(...r.mismatches);
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(40_000);
  });

  const EDGE_CASES: Record<string, string> = {
    'compact and indented sequences': `apiVersion: v1
kind: Pod
metadata:
  name: seqs
spec:
  containers:
  - name: a
    args:
    - --one
    -   --two
    ports:
      - containerPort: 80
      -
        containerPort: 81
  initContainers:
    -   name: b
        image: x
`,
    'comments, blank lines and trailing comments': `# header
apiVersion: v1   # trailing
kind: ConfigMap

metadata:
  # about the name
  name: commented # here too

  labels:

    app: x
data:
  key: |
    line: with colon
    - not a sequence
  other: >-
    folded
    text
  "quoted key": 1
  'single ''quoted''': 2
  spaced   : 3
`,
    'flow collections inside block style': `apiVersion: apps/v1
kind: Deployment
metadata: {name: flow, labels: {app: web, tier: "front end"}}
spec:
  template:
    spec:
      containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}, {containerPort: 443}]}]
      volumes:
        - {name: data, emptyDir: {}}
        - name: cfg
          configMap: {name: cfg, items: [{key: a, path: a}]}
`,
    'flow collections on one line, followed without a re-parse': `apiVersion: v1
kind: Pod
metadata: {name: inline, annotations: {'it''s': "x", "json-style":"1", plain key: v}}
spec:
  containers:
  - name: a
    env:
    - {name: A, valueFrom: {secretKeyRef: {name: s, key: "k, with comma"}}}
    - name: B
      valueFrom: {configMapKeyRef: {name: c, key: 'x'}, fieldRef: {fieldPath: metadata.name}}
    args: ["six", 'seven', eight]
    ports: [{containerPort: 80, name: "http"},
      {containerPort: 443, name: https}]
    command: [sh, -c, 'echo a: b']
  volumes:
  - {name: tagged, emptyDir: !!map {medium: Memory}}
  - {name: anchored, configMap: &cm {name: x, optional: true}}
  - {name: aliased, configMap: *cm}
  nodeSelector: {k1: v1, "k2": 'two'}
extra: {nested: [[1, 2], [3, [4, five]], {eight: 8}], empty: {k2: {}, k3: []}}
`,
    'anchors, aliases and tags': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: anchored
  labels: &labels
    app: web
spec:
  selector:
    matchLabels: *labels
  template:
    metadata:
      labels: *labels
    spec:
      containers: &containers
        - name: web
          image: nginx:1.27
        - name: sidecar
          image: envoy:1.31
      initContainers: !!seq
        - name: init
          image: busybox:1.36
`,
    'document markers and several documents': `--- # first
apiVersion: v1
kind: ServiceAccount
metadata:
  name: one
...
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: two
--- 
apiVersion: v1
kind: ServiceAccount
metadata: {name: three}
`,
    'CRLF line endings': 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: crlf\r\nspec:\r\n  containers:\r\n  - name: a\r\n    image: b\r\n',
    'JSON': '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "json"},\n  "spec": {\n    "containers": [\n      {"name": "a", "image": "b", "ports": [{"containerPort": 80}]}\n    ]\n  }\n}\n',
  };

  it.each(Object.entries(EDGE_CASES))('on every path of hand-written edge cases: %s', (name, text) => {
    const { compared, mismatches } = compareFile(name === 'JSON' ? 'edge.json' : 'edge.yaml', text);
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(5);
  });
});
