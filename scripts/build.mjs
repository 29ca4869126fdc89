// Bundles the CLI and the library with esbuild (a bundled CLI starts ~3x faster than
// loading hundreds of modules), then emits type declarations with tsc.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  // CommonJS dependencies inside an ESM bundle need a require().
  banner: { js: "import { createRequire as __kfCreateRequire } from 'node:module'; const require = __kfCreateRequire(import.meta.url);" },
  logLevel: 'warning',
};

// Hashed chunk names: stale chunks pile up, so a full build clears them. The quick build used by
// the test setup does not, so that concurrent test runs never see a half-emptied dist/.
if (!process.argv.includes('--no-types')) rmSync('dist/chunks', { recursive: true, force: true });
await build({ ...common, entryPoints: { cli: 'src/cli/bin.ts', index: 'src/index.ts' }, outdir: 'dist', splitting: true, chunkNames: 'chunks/[name]-[hash]' });
// The parse worker is a bundle of its own, small so that it starts fast (src/sources/parallel.ts).
await build({ ...common, entryPoints: { 'parse-worker': 'src/sources/parse-worker.ts' }, outdir: 'dist' });
if (existsSync('bench/run.ts')) await build({ ...common, entryPoints: { bench: 'bench/run.ts' }, outdir: 'dist' });
if (!process.argv.includes('--no-types')) {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  // The dashboard that `kubefort serve` serves from dist/web (Vite; web/).
  if (existsSync('web/vite.config.ts')) execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
}
