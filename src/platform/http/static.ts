// The built web apps (member H5 at /, console at /console/, partner page at /partner/), served by the
// same process as the API. Vite names every file under assets/ by a hash of its content, so those
// never change under their name: a phone keeps them a year without asking again. Everything else
// (each app's index.html, the manifest, the icons) is revalidated on every load, so a new release is
// picked up at once. The build writes a .br and a .gz beside each text file (web/precompress.ts);
// they are sent as they are to a browser that accepts them, with no compression work per request.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { commonErrors } from '../errors/app-error.js';
import { sendProblem } from './problem.js';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

// assets/<name>-<hash>.<ext>, with a .br/.gz added for its precompressed copies: Vite's hashed output.
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.br|\.gz)?$/;

/** The Cache-Control of a file of the web root, from its path relative to the root. */
export function cacheControlFor(relativePath: string): string {
  return HASHED_ASSET.test(relativePath.split(path.sep).join('/')) ? IMMUTABLE : REVALIDATE;
}

/**
 * Serves the web apps from `root` (when it holds a build) and answers every other unknown URL: a GET
 * outside the API gets its app's index.html (client-side routes), anything else a problem+json 404.
 */
export async function serveWebApps(app: FastifyInstance, root: string | null): Promise<void> {
  const ready = root !== null && existsSync(path.join(root, 'index.html'));
  if (ready) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      serve: true,
      prefix: '/',
      decorateReply: true,
      preCompressed: true,
      // Cache-Control is ours alone (setHeaders), not a default maxAge for every file.
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', cacheControlFor(path.relative(root, filePath)));
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const isApi = url.startsWith('/api/') || url.startsWith('/partner/v1/');
    // A hashed file that is not there (a page still open from before a release asks for an old chunk)
    // is a 404: the app's index.html in its place would fail as a script anyway, and be cached a year.
    const isAsset = url.startsWith('/assets/');
    if (!ready || isApi || isAsset || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return sendProblem(reply, request, commonErrors.notFound());
    }
    // Files written after the start (a rebuild while running) have no route of their own yet.
    const fileOnDisk = path.join(root, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (url !== '/' && existsSync(fileOnDisk) && !fileOnDisk.endsWith(path.sep)) {
      return reply.sendFile(path.relative(root, fileOnDisk));
    }
    const index = url.startsWith('/console') ? 'console/index.html' : url.startsWith('/partner') ? 'partner/index.html' : 'index.html';
    return reply.sendFile(index);
  });
}
