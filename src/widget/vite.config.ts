/**
 * Builds the browser bundle: one ES module, `widget.js`, that defines both
 * custom elements (`<callwright-agent>` and `<callwright-wallboard>`) with
 * lit and the graphql-ws client inlined, so a host page needs one script
 * tag and nothing else. `npm run build:widget` writes it to dist/widget/;
 * callwright's HTTP server serves it at /widget.js (building it from these
 * sources in memory when no fresh build is on disk).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  logLevel: 'warn',
  // The bundle is a library: no public dir, no HTML entry, no env files.
  publicDir: false,
  envDir: false,
  build: {
    lib: {
      entry: fileURLToPath(new URL('./widget.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'widget.js',
    },
    outDir: fileURLToPath(new URL('../../dist/widget', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
  },
});
