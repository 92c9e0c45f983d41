// An import killed with SIGKILL in the middle of writing: a real child process (the CLI), a real
// database it shares with this test (a PGlite data directory, or a PostgreSQL database under
// TEST_DATABASE_URL), no stand-ins.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createSession } from '../../platform/auth/sessions.js';
import { createPlatform } from '../../platform/bootstrap.js';
import { parseConfig } from '../../platform/config/config.js';
import { inTransaction, queryRows } from '../../platform/db/tx.js';
import { seedDemo } from '../../seed/demo.js';
import { listStaffAccounts } from '#modules/staff';
import { sharedDatabase } from '../../../test/harness/shared-database.js';
import { makeIdNumber } from '../../../test/harness/members.js';
import { encodeGbk } from '../../../test/support/gbk.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Two batches of the writer's 5,000: killed once the first is in, the second still to come.
const ROWS = 8_000;

const work = mkdtempSync(path.join(os.tmpdir(), 'gonghui-import-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A census list as a district office sends it: GBK, its own headers, a blank line, no township codes. */
function censusList(): Buffer {
  const lines = ['序号,姓名,性别,身份证号码,联系电话,从业类别,所属企业,工作地点'];
  for (let i = 0; i < ROWS; i++) {
    const birth = new Date(Date.UTC(1970, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const name = `快递员${String.fromCharCode(0x4e00 + (i % 500))}${String.fromCharCode(0x4e00 + Math.floor(i / 500))}`;
    lines.push(`${i + 1},${name},男,${makeIdNumber('330603', birth, 101)},,快递员,中通快递,柯桥区柯岩街道鉴湖路 ${i + 1} 号`);
    if (i === 10) lines.push(',,,,,,,');
  }
  return encodeGbk(lines.join('\r\n'));
}

describe('an all-or-nothing import killed mid-write', () => {
  it('leaves none of its rows on the roll; the job is found dead and failed with the reason, a new import is taken at once, and the same file then imports whole', async () => {
    const shared = await sharedDatabase(work);
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      GONGHUI_JOBS_ENABLED: 'false',
      GONGHUI_DATA_DIR: path.join(work, 'data'),
      ...shared.env,
    };
    const config = parseConfig(env);
    try {
      // Seeded here, then closed: a PGlite directory is one process's at a time.
      let database = await shared.open();
      await seedDemo(createPlatform(config, database), database);
      const [before] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from member`);
      await database.close();

      const file = path.join(work, '柯桥区快递员摸排名单.csv');
      writeFileSync(file, censusList());
      const child = spawn(
        process.execPath,
        [path.join(ROOT, 'bin/gonghui.mjs'), 'import', 'members', '--file', file, '--org', '柯桥区总工会', '--mode', 'all_or_nothing'],
        { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const exited = once(child, 'exit');
      // Killed as soon as the first batch is written: the CLI prints each update of its job row.
      let importId = '';
      let killedAt = '';
      const log: string[] = [];
      for await (const line of createInterface({ input: child.stderr })) {
        log.push(line);
        const writing = /^import (\S+): writing \d+% processed \d+ written ([1-9]\d*)$/.exec(line);
        if (writing) {
          importId = writing[1] ?? '';
          killedAt = line;
          child.kill('SIGKILL');
          break;
        }
      }
      const [code, signal] = (await exited) as [number | null, string | null];
      expect({ signal, code, importId: importId !== '' }, log.join('\n')).toEqual({ signal: 'SIGKILL', code: null, importId: true });
      expect(killedAt).toMatch(/written 5000$/);

      database = await shared.open();
      const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(database.db, query))[0]?.n;
      // Mid-write indeed: rows were written, but to the staging table only; none reached the roll.
      expect(await count(sql`select count(*)::int as n from member_import_row where import_id = ${importId}`)).toBe(5000);
      expect(await count(sql`select count(*)::int as n from member where import_id = ${importId}`)).toBe(0);
      expect(await count(sql`select count(*)::int as n from member`)).toBe(before?.n);
      // The upload (names and 身份证号 in plaintext) is the user's alone while it lies there.
      const uploads = path.join(work, 'data', 'imports');
      expect(statSync(uploads).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(uploads, `${importId}.csv`)).mode & 0o777).toBe(0o600);

      const app = await buildApp({ config, database, logger: false, serveWeb: false });
      try {
        await app.ready();
        const [staff] = (await listStaffAccounts(app.platform.db, { orgId: '', path: '/' }, { q: 'keqiao', limit: 10 })).filter(
          (s) => s.username === 'keqiao',
        );
        const { token } = await inTransaction(app.platform.db, (tx) =>
          createSession(tx, { kind: 'staff', principalId: staff?.id ?? '', ttlMs: 3600_000, now: new Date() }),
        );
        const cookie = `gh_staff=${token}`;
        const get = async (url: string) => (await app.inject({ method: 'GET', url, headers: { cookie } })).json();

        // Found dead the moment it is looked at, and failed with the reason.
        const dead = await get(`/api/console/member-imports/${importId}`);
        expect(dead).toMatchObject({ status: 'failed', writtenRows: 0 });
        expect(dead.failure).toContain('导入进程意外中断');
        expect(dead.failure).toContain('未写入任何数据');
        expect(await count(sql`select count(*)::int as n from member_import_row where import_id = ${importId}`)).toBe(0);
        expect(readdirSync(uploads)).toEqual([]);

        // A new import is taken at once (no 409 while a dead job's heartbeat ages), and the same file,
        // uploaded again in all-or-nothing mode, is imported whole: none of it is a duplicate.
        const upload = await app.inject({
          method: 'POST',
          url: '/api/console/member-imports?mode=all_or_nothing&fileName=again.csv',
          headers: { cookie, 'content-type': 'text/csv' },
          payload: readFileSync(file),
        });
        expect(upload.statusCode, upload.body).toBe(202);
        const again = `/api/console/member-imports/${upload.json().id as string}`;
        await expect.poll(async () => (await get(again)).status, { timeout: 60_000, interval: 100 }).toMatch(/completed|rejected|failed/);
        const job = await get(again);
        expect(job).toMatchObject({
          status: 'completed',
          encoding: 'gb18030',
          totalRows: ROWS,
          writtenRows: ROWS,
          duplicateRows: 0,
          fileDuplicateRows: 0,
          errorRows: 0,
        });
        expect(await count(sql`select count(*)::int as n from member`)).toBe((before?.n ?? 0) + ROWS);
      } finally {
        await app.close();
        await database.close();
      }
    } finally {
      await shared.done();
    }
  }, 120_000);
});
