// A server killed with SIGKILL in the middle of the release burst: a real child process, a real
// database it shares with this test (a PGlite data directory, or PostgreSQL under TEST_DATABASE_URL).
// Each batch is one transaction (ADR 0012): what a member was told is granted is there, the counters
// agree with the coupons, and nothing of a batch that was cut off is half there.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit/audit.js';
import { createPlatform } from '../../platform/bootstrap.js';
import { parseConfig } from '../../platform/config/config.js';
import { queryRows } from '../../platform/db/tx.js';
import { seedDemo } from '../../seed/demo.js';
import { sharedDatabase } from '../../../test/harness/shared-database.js';
import '../../modules.js';
import { newMember } from '../members/testing.js';
import { changeCampaignStatus, createCampaign } from './service/index.js';
import { campaignBody } from './testing.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MEMBERS = 60;
const QUOTA = 50;

const work = mkdtempSync(path.join(os.tmpdir(), 'gonghui-claims-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a server killed during the release burst', () => {
  it('keeps every granted coupon it answered, and the day’s counter equals the coupons written', async () => {
    const shared = await sharedDatabase(work);
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      GONGHUI_JOBS_ENABLED: 'false',
      GONGHUI_DATA_DIR: path.join(work, 'data'),
      PORT: '0',
      ...shared.env,
    };
    const config = parseConfig(env);
    try {
      let database = await shared.open();
      const p = createPlatform(config, database);
      const demo = await seedDemo(p, database);
      const everything = { orgId: '', path: '/' };
      const author = { ...systemActor('test'), id: uuidv7() };
      const campaign = await createCampaign(p.db, author, everything, campaignBody(demo.keqiao.id, { dailyQuota: QUOTA }) as never);
      await changeCampaignStatus(p.db, author, everything, campaign.id, 'submit', null);
      await changeCampaignStatus(p.db, { ...author, id: uuidv7() }, everything, campaign.id, 'approve', null);
      const members = [];
      for (let i = 0; i < MEMBERS; i++) members.push(await newMember(p));
      await database.close();

      const child = spawn(process.execPath, [path.join(ROOT, 'bin/gonghui.mjs'), 'serve'], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = once(child, 'exit');
      let url = '';
      for await (const line of createInterface({ input: child.stdout })) {
        const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (listening) {
          url = listening[1] ?? '';
          break;
        }
      }
      expect(url).not.toBe('');

      // The members press a millisecond apart; the server is killed once 20 of them have been answered.
      const granted: string[] = [];
      let answered = 0;
      const presses = members.map(
        (m, i) =>
          new Promise<void>((resolve) => {
            setTimeout(() => {
              fetch(`${url}/api/member/campaigns/${campaign.id}/claim`, { method: 'POST', headers: { cookie: m.cookie } })
                .then(async (r) => {
                  if (r.status === 201) granted.push(((await r.json()) as { id: string }).id);
                  answered += 1;
                  if (answered === 20) child.kill('SIGKILL');
                })
                .catch(() => undefined)
                .finally(resolve);
            }, i);
          }),
      );
      await Promise.all(presses);
      const [, signal] = (await exited) as [number | null, string | null];
      expect(signal).toBe('SIGKILL');
      expect(granted.length).toBeGreaterThan(0);

      database = await shared.open();
      try {
        const one = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) =>
          (await queryRows<T>(database.db, query))[0] as T;
        const coupons = await one<{ n: number; members: number }>(
          sql`select count(*)::int as n, count(distinct member_id)::int as members from campaign_coupon where campaign_id = ${campaign.id}`,
        );
        const day = await one<{ issued: number }>(
          sql`select coalesce(sum(issued), 0)::int as issued from campaign_day where campaign_id = ${campaign.id}`,
        );
        const totals = await one<{ issued_count: number }>(sql`select issued_count from campaign where id = ${campaign.id}`);
        // Every answered grant is durable; the counters are the coupons, not more, not fewer.
        const found = await queryRows<{ id: string }>(
          database.db,
          sql`select id from campaign_coupon where id = any(${`{${granted.join(',')}}`}::uuid[])`,
        );
        expect(found.length).toBe(granted.length);
        expect(coupons.n).toBeGreaterThanOrEqual(granted.length);
        expect(coupons.n).toBeLessThanOrEqual(QUOTA);
        expect(coupons.members).toBe(coupons.n);
        expect(day.issued).toBe(coupons.n);
        expect(totals.issued_count).toBe(coupons.n);
      } finally {
        await database.close();
      }
    } finally {
      await shared.done();
    }
  }, 120_000);
});
