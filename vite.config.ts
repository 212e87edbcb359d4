/// <reference types="vitest/config" />
import { cpSync, createReadStream, existsSync, statSync } from 'node:fs';
import { join, normalize, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const MODELS_DIR = resolve(import.meta.dirname, 'models');

/**
 * Serves the top-level `models/` folder at `/models/` in dev and preview, and copies it into the
 * build. The models live outside `public/` so that training code and the app share one copy.
 */
function modelsAsset(): Plugin {
  const serve = (url: string | undefined, res: import('node:http').ServerResponse): boolean => {
    if (!url?.startsWith('/models/')) return false;
    const rel = normalize(decodeURIComponent(url.split('?')[0].slice('/models/'.length)));
    if (rel.startsWith('..')) return false;
    const file = join(MODELS_DIR, rel);
    if (!existsSync(file) || !statSync(file).isFile()) return false;
    res.setHeader(
      'Content-Type',
      file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    );
    createReadStream(file).pipe(res);
    return true;
  };
  let outDir = '';
  return {
    name: 'dsc-models-asset',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!serve(req.url, res)) next();
      });
    },
    closeBundle() {
      if (existsSync(MODELS_DIR) && outDir && existsSync(outDir)) {
        cpSync(MODELS_DIR, join(outDir, 'models'), {
          recursive: true,
          filter: (src) => !src.endsWith('.md') && !src.endsWith('.png'),
        });
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), modelsAsset()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // bench.html: the DSC benchmark page (docs/performance.md).
    rolldownOptions: { input: { main: resolve(import.meta.dirname, 'index.html'), bench: resolve(import.meta.dirname, 'bench.html') } },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
