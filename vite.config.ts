import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: built to dist-renderer/, loaded by Electron from file:// (hence the relative
// base) and served by `optiplan360 serve` at /.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    sourcemap: true,
    // No inline scripts or styles: the CSP forbids them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { port: 5173, strictPort: true },
});
