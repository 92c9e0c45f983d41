import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';
import { installedAuditKeys, keyedAuditHash } from './platform/audit/chain.js';
import { auditHead, auditLog } from './platform/audit/schema.js';
import { openDatabase } from './platform/db/client.js';
import { pgliteImage } from '../test/harness/pglite-image.js';

describe('gonghui audit verify', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('holds the chain against the checkpoints the job wrote to the configured file, and exits 2 once it was rewritten with the key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gonghui-cli-'));
    try {
      vi.stubEnv('NODE_ENV', 'test');
      vi.stubEnv('LOG_LEVEL', 'silent');
      vi.stubEnv('GONGHUI_DATA_DIR', dir);
      vi.stubEnv('DATABASE_URL', '');
      vi.stubEnv('GONGHUI_AUDIT_CHECKPOINTS', '');
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      // The data directory holds the run's migrated database, as after a first start (the first start
      // itself is test/server.test.ts's): each command below opens it as an installed server would.
      await (await openDatabase({ dataDir: dir, image: pgliteImage() ?? undefined })).close();

      expect(await main(['admin', 'create-root-org', '--kind', 'provincial', '--name', '浙江省总工会', '--region', '33'])).toBe(0);
      expect(await main(['jobs', 'run', 'audit.checkpoint'])).toBe(0);
      const lines = readFileSync(path.join(dir, 'audit-checkpoints.jsonl'), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ v: 1, seq: 1, keyId: 'audit-dev1' });
      expect(await main(['audit', 'verify'])).toBe(0);
      expect(log).toHaveBeenLastCalledWith(
        expect.stringMatching(/^audit chain intact: 1 records, 1 under key audit-dev1; 1 checkpoints match/),
      );

      // Someone with the database and the audit key rewrites the record the checkpoint covers.
      const database = await openDatabase({ dataDir: dir });
      try {
        const db = database.db;
        await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
        const [row] = await db.select().from(auditLog).where(eq(auditLog.seq, 1));
        const hash = keyedAuditHash(installedAuditKeys().current, row!.prevHash, {
          ...row!,
          reason: '改写',
          details: row!.details ?? null,
        });
        await db.update(auditLog).set({ reason: '改写', hash }).where(eq(auditLog.seq, 1));
        await db.update(auditHead).set({ lastHash: hash }).where(eq(auditHead.id, 1));
      } finally {
        await database.close();
      }
      expect(await main(['audit', 'verify'])).toBe(2);
      expect(error).toHaveBeenLastCalledWith(expect.stringContaining('record 1 differs from the signed checkpoint'));
      expect(await main(['audit', 'verify', '--checkpoints', path.join(dir, 'nowhere.jsonl')])).toBe(2);
      expect(error).toHaveBeenLastCalledWith(expect.stringContaining('checkpoint file not found'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
