import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/platform/config/config.js';
import { startServer } from '../src/server.js';

describe('the server process', () => {
  it('seeds the embedded database on first start, answers, and shuts down gracefully finishing requests in flight', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'gonghui-server-'));
    try {
      const config = parseConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        PORT: '0',
        HOST: '127.0.0.1',
        GONGHUI_DATA_DIR: dataDir,
        GONGHUI_JOBS_ENABLED: 'true',
      });
      const server = await startServer(config);
      const ready = await fetch(`${server.url}/api/ready`);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'pglite' });
      const response = await fetch(`${server.url}/api/health`, { headers: { 'x-request-id': 'probe-12345678' } });
      expect(response.headers.get('x-request-id')).toBe('probe-12345678');
      // A request the server has received when the shutdown begins still gets its answer. (Waiting a few
      // milliseconds instead raced on a busy machine: the request had not arrived, and its connection was reset.)
      const received = new Promise((resolve) => server.app.server.once('request', resolve));
      const inFlight = fetch(`${server.url}/api/regions?parent=330603`).then((r) => r.status);
      await received;
      await server.stop();
      expect(await inFlight).toBe(200);
      await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
      // The data directory is released and keeps the seeded demo for the next start.
      const again = await startServer(config);
      const tree = await fetch(`${again.url}/api/regions`);
      expect(tree.status).toBe(200);
      await again.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
