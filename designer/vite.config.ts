import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { noEvalFirst } from './scripts/noEvalFirst.js';

// `pnpm dev`: Vite with HMR; the API and approval pages come from a runtime (pnpm dev starts one
// on 127.0.0.1:3000 unless FLOWLINE_API_URL names another). The Host header is kept, so the
// runtime's same-origin check on cookie writes sees the page's own origin.
const api = process.env['FLOWLINE_API_URL'] ?? 'http://127.0.0.1:3000';

export default defineConfig({
  // A production build fails when engine code would run before app/noEval (the CSP refuses eval).
  plugins: [react(), noEvalFirst()],
  worker: { plugins: () => [noEvalFirst()] },
  server: {
    port: 5173,
    strictPort: false,
    proxy: { '/api': { target: api }, '/approve': { target: api } },
  },
  build: {
    target: 'es2023',
    // The runtime serves /assets/* as immutable: every file name there carries its content hash.
    assetsDir: 'assets',
    reportCompressedSize: true,
  },
});
