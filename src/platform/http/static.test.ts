import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerProblemHandlers } from './problem.js';
import { cacheControlFor, serveWebApps } from './static.js';

// A build as Vite and web/precompress.ts leave it: hashed files under assets/ with their .br and .gz.
const SCRIPT = `console.log(${JSON.stringify('工惠'.repeat(400))});\n`;
const INDEX = `<!doctype html><html><head><script type="module" src="/assets/member-Wa9iK77h.js"></script></head><body>${'<!-- -->'.repeat(200)}</body></html>`;

function writeBuild(root: string): void {
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  mkdirSync(path.join(root, 'console'), { recursive: true });
  const withCopies = (file: string, content: string) => {
    writeFileSync(path.join(root, file), content);
    writeFileSync(path.join(root, `${file}.br`), brotliCompressSync(content));
    writeFileSync(path.join(root, `${file}.gz`), gzipSync(content));
  };
  withCopies('assets/member-Wa9iK77h.js', SCRIPT);
  withCopies('index.html', INDEX);
  writeFileSync(path.join(root, 'console/index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(root, 'manifest.webmanifest'), '{"name":"工惠"}');
  writeFileSync(path.join(root, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
}

describe(serveWebApps.name, () => {
  let root: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'gonghui-static-'));
    writeBuild(root);
    app = Fastify({ logger: false });
    registerProblemHandlers(app);
    await serveWebApps(app, root);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

  it('sends the brotli copy of a hashed script to a browser that accepts br, cached for a year', async () => {
    const response = await get('/assets/member-Wa9iK77h.js', 'gzip, deflate, br');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(SCRIPT);
  });

  it('sends the gzip copy to a browser that accepts only gzip', async () => {
    const response = await get('/assets/member-Wa9iK77h.js', 'gzip');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(response.rawPayload).toString()).toBe(SCRIPT);
  });

  it('sends the file as it is to a client that accepts no encoding', async () => {
    const response = await get('/assets/member-Wa9iK77h.js', 'identity');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe(SCRIPT);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('has index.html revalidated on every load, compressed too, for / and for a client-side route', async () => {
    for (const url of ['/', '/sign-in', '/join?from=home']) {
      const response = await get(url, 'br');
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(response.rawPayload).toString(), url).toBe(INDEX);
    }
    const plain = await get('/sign-in');
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect(plain.body).toBe(INDEX);
    const consoleRoute = await get('/console/members', 'br');
    expect(consoleRoute.headers['cache-control']).toBe('no-cache');
    expect(consoleRoute.body).toContain('<title>console</title>');
  });

  it('revalidates the files that keep their name across releases (manifest, icons)', async () => {
    for (const url of ['/manifest.webmanifest', '/icon.svg', '/index.html']) {
      const response = await get(url, 'br');
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('answers 404 for a hashed file that is not there, never index.html', async () => {
    const response = await get('/assets/member-OldHash1.js', 'br');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['cache-control']).toBeUndefined();
  });

  it('answers 404 problem+json for an unknown API path', async () => {
    const response = await get('/api/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'common.not_found' });
  });
});

describe(cacheControlFor.name, () => {
  it('keeps only Vite’s hashed output for a year', () => {
    expect(cacheControlFor('assets/member-Wa9iK77h.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('assets/page-state-qxB99Q4R.css.br')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('assets/org-picker--1iCB2DQ.js.gz')).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('index.html')).toBe('no-cache');
    expect(cacheControlFor('console/index.html')).toBe('no-cache');
    expect(cacheControlFor('manifest.webmanifest')).toBe('no-cache');
    expect(cacheControlFor('icon-192.png')).toBe('no-cache');
  });
});
