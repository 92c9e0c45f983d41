import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { precompressDir } from './precompress.ts';

describe('precompressDir', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a .br and a .gz beside every text file worth compressing, in every folder, that decompress to the file', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gonghui-precompress-'));
    mkdirSync(path.join(dir, 'assets'));
    mkdirSync(path.join(dir, 'console'));
    const script = `export const strings = ${JSON.stringify(Array.from({ length: 300 }, (_, i) => `会员${i}`))};\n`;
    writeFileSync(path.join(dir, 'assets/member-Wa9iK77h.js'), script);
    writeFileSync(path.join(dir, 'assets/page-qxB99Q4R.css'), '.gh-page{padding:12px}\n'.repeat(100));
    writeFileSync(path.join(dir, 'console/index.html'), `<!doctype html>${'<meta name="x">'.repeat(100)}`);
    writeFileSync(path.join(dir, 'assets/tiny-AbCdEf12.js'), 'export {};\n');
    writeFileSync(path.join(dir, 'icon-192.png'), Buffer.alloc(4096, 7));

    const result = await precompressDir(dir);

    expect(result.files).toBe(3);
    const br = readFileSync(path.join(dir, 'assets/member-Wa9iK77h.js.br'));
    const gz = readFileSync(path.join(dir, 'assets/member-Wa9iK77h.js.gz'));
    expect(brotliDecompressSync(br).toString()).toBe(script);
    expect(gunzipSync(gz).toString()).toBe(script);
    expect(br.length).toBeLessThan(script.length / 2);
    expect(existsSync(path.join(dir, 'assets/page-qxB99Q4R.css.br'))).toBe(true);
    expect(existsSync(path.join(dir, 'console/index.html.gz'))).toBe(true);
    // Too small to gain anything, and images that are compressed already.
    expect(existsSync(path.join(dir, 'assets/tiny-AbCdEf12.js.br'))).toBe(false);
    expect(existsSync(path.join(dir, 'icon-192.png.br'))).toBe(false);
    expect(result.brotliBytes).toBeLessThan(result.gzipBytes);
  });
});
