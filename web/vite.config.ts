import { fileURLToPath } from 'node:url';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

// The production server falls back to each app's index.html for client-side routes
// (/console/* and /partner/*, member for the rest). This does the same for `vite` and
// `vite preview`, so deep links work while developing.
function spaFallback(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const isAsset = /\.[a-z0-9]+$/i.test(path) || path.startsWith('/@') || path.startsWith('/node_modules/');
    if (!isAsset && (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/') && !path.startsWith('/partner/v1/')) {
      if (path === '/console' || path.startsWith('/console/')) req.url = '/console/index.html';
      else if (path === '/partner' || path.startsWith('/partner/')) req.url = '/partner/index.html';
      else req.url = '/index.html';
    }
    next();
  };
  return {
    name: 'gonghui-spa-fallback',
    configureServer(server) {
      server.middlewares.use(rewrite);
    },
    configurePreviewServer(server) {
      server.middlewares.use(rewrite);
    },
  };
}

// The API runs in the same Fastify process in production; in development point the proxy at it.
const apiTarget = process.env.GONGHUI_API ?? 'http://localhost:3000';
const proxy = {
  '/api': { target: apiTarget, changeOrigin: false },
  '/partner/v1': { target: apiTarget, changeOrigin: false },
};

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  plugins: [react(), spaFallback(), precompress()],
  appType: 'mpa',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      input: {
        member: `${root}index.html`,
        console: `${root}console/index.html`,
        partner: `${root}partner/index.html`,
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});
