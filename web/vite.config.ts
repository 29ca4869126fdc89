// The dashboard: preact + uPlot, built to dist/web and served by `kubefort serve`. No external
// network at run time: every asset is in the bundle.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  base: './',
  build: { outDir: '../dist/web', emptyOutDir: true, target: 'es2022', sourcemap: false, assetsInlineLimit: 0 },
  logLevel: 'warn',
});
