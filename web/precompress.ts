// Brotli and gzip copies of the built files, written once at build time: the server sends them as
// they are (src/platform/http/static.ts, @fastify/static's preCompressed), so a phone on a slow link
// downloads a third of the bytes and the server spends no CPU compressing per request.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

// Text formats only: images and fonts are compressed already.
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt|xml)$/;
// Below this a compressed copy saves less than its own request's headers.
const MIN_BYTES = 1024;

export interface PrecompressResult {
  files: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

/** Writes <file>.br (quality 11) and <file>.gz (level 9) beside every compressible file under `dir`. */
export async function precompressDir(dir: string): Promise<PrecompressResult> {
  const result: PrecompressResult = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 };
  const files = await listFiles(dir);
  // zlib's async calls run on libuv's thread pool: the files compress in parallel.
  await Promise.all(
    files
      .filter((file) => COMPRESSIBLE.test(file))
      .map(async (file) => {
        const content = await readFile(file);
        if (content.length < MIN_BYTES) return;
        const [br, gzipped] = await Promise.all([
          brotli(content, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          }),
          gz(content, { level: constants.Z_BEST_COMPRESSION }),
        ]);
        await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gzipped)]);
        result.files += 1;
        result.bytes += content.length;
        result.brotliBytes += br.length;
        result.gzipBytes += gzipped.length;
      }),
  );
  return result;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(full);
      return entry.isFile() ? [full] : [];
    }),
  );
  return nested.flat();
}

/** The Vite plugin: precompresses the whole output directory once the build has written it. */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'gonghui-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const started = performance.now();
      const done = await precompressDir(outDir);
      const kB = (n: number) => `${(n / 1000).toFixed(0)} kB`;
      this.info(
        `precompressed ${done.files} files: ${kB(done.bytes)} → brotli ${kB(done.brotliBytes)}, gzip ${kB(done.gzipBytes)} ` +
          `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    },
  };
}
