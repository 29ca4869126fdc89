/** `kubefort data` on files and URLs that cannot be read: one line naming them, exit 2, no stack trace. */
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { kubefort, type CliRun } from '../support/cli.js';

function expectOneLine(run: CliRun, code: string): void {
  expect(run.code).toBe(2);
  expect(run.stderr).not.toContain('unexpected error');
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(new RegExp(`^kubefort: ${code}: `));
}

const store = () => ({ KUBEFORT_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'kf-data-err-')), 'store') });

it('data update --from a missing file names it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kf-data-err-'));
  const missing = join(dir, 'nonexist.json');
  const run = kubefort(['data', 'update', '--from', missing], { env: store() });
  expectOneLine(run, 'KF_ERR_READ');
  expect(run.stderr).toBe(`kubefort: KF_ERR_READ: cannot read ${missing}: no such file\n`);
});

it('data update --from a URL nobody answers names the URL', async () => {
  // A port that was free a moment ago: the connection is refused, nothing leaves the machine.
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
  const url = `http://127.0.0.1:${port}/versions.json`;
  const run = kubefort(['data', 'update', '--from', url], { env: store() });
  expectOneLine(run, 'KF_ERR_DATA');
  expect(run.stderr).toContain(`cannot fetch ${url}`);
});

it('a saved data file that is not JSON is one KF_ERR_DATA line for data show and scan', () => {
  const env = store();
  mkdirSync(env.KUBEFORT_DATA_DIR, { recursive: true });
  const saved = join(env.KUBEFORT_DATA_DIR, 'versions.json');
  writeFileSync(saved, '{"asOf": ');
  const show = kubefort(['data', 'show'], { env });
  expectOneLine(show, 'KF_ERR_DATA');
  expect(show.stderr).toContain(`${saved}: the saved version data is not JSON`);
  const manifest = join(mkdtempSync(join(tmpdir(), 'kf-data-err-')), 'ns.yaml');
  writeFileSync(manifest, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
  expectOneLine(kubefort(['scan', manifest], { env }), 'KF_ERR_DATA');
});
