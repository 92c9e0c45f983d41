// A server killed with SIGKILL while a hospital settles discharges: a real child process, a real database
// it shares with this test (a PGlite data directory, or PostgreSQL under TEST_DATABASE_URL). Each
// settlement is one transaction with its Idempotency-Key record: every payout the hospital was told is
// there, settled, with its step; nothing of a settlement cut off is half there; a retry of a cut-off one
// with its key settles it once.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../platform/audit/audit.js';
import { signRequest } from '../../platform/auth/partner-client.js';
import { createPlatform } from '../../platform/bootstrap.js';
import { parseConfig } from '../../platform/config/config.js';
import { queryRows } from '../../platform/db/tx.js';
import { shanghaiDay } from '../../platform/time/shanghai.js';
import { seedDemo } from '../../seed/demo.js';
import { sharedDatabase } from '../../../test/harness/shared-database.js';
import '../../modules.js';
import { newMember } from '../members/testing.js';
import { newPartner } from '../partners/testing.js';
import { URUMQI_PLAN } from './rules.js';
import { startEnrolment } from './service/enrolment.js';
import { createPlan } from './service/plans.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PATIENTS = 24;

const work = mkdtempSync(path.join(os.tmpdir(), 'gonghui-settlement-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a server killed while a hospital settles discharges', () => {
  it('keeps every payout it answered, writes nothing half, and settles a retried one once', async () => {
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
      const plan = await createPlan(p.db, systemActor('test'), everything, {
        orgId: demo.city.id,
        name: '职工医疗互助保障',
        code: 'CRSH',
        rule: URUMQI_PLAN,
        startOn: '2026-01-01',
        secondReviewAboveFen: 10_000_000,
      });
      const patients: { idNumber: string }[] = [];
      for (let i = 0; i < PATIENTS; i++) {
        const m = await newMember(p);
        await startEnrolment(
          p.db,
          p,
          m.accountId,
          {
            planId: plan.id,
            relation: 'self',
            insured: { name: '测试', idNumber: m.idNumber },
            shares: 1,
            employed: true,
            healthDeclared: true,
            payer: { kind: 'browser', clientIp: '127.0.0.1' },
          },
          new Date(),
        );
        patients.push(m);
      }
      const { key } = await newPartner(p, demo.keqiao, { kind: 'hospital', name: '柯桥区人民医院' });
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

      const today = shanghaiDay(new Date());
      const request = (i: number) =>
        signRequest(key, {
          method: 'POST',
          path: '/partner/v1/mutual-aid/settlements',
          idempotencyKey: `crash-${i}`,
          body: {
            idNumber: patients[i]?.idNumber,
            name: '测试',
            settlementRef: `ZY-CRASH-${i}`,
            admittedOn: today,
            dischargedOn: today,
            figures: { totalFen: 600_000, inScopeSelfPaidFen: 200_000 + i * 100, aboveCeilingFen: 0, selfPaidFen: 250_000 },
          },
        });
      // The discharges come a millisecond apart; the server is killed once 10 have been answered.
      const answered = new Map<number, { settlementId: string; payoutFen: number }>();
      let count = 0;
      await Promise.all(
        patients.map(
          (_, i) =>
            new Promise<void>((resolve) => {
              setTimeout(() => {
                const s = request(i);
                fetch(`${url}${s.path}`, { method: 'POST', headers: s.headers, body: s.body })
                  .then(async (r) => {
                    if (r.status === 200) answered.set(i, (await r.json()) as { settlementId: string; payoutFen: number });
                    count += 1;
                    if (count === 10) child.kill('SIGKILL');
                  })
                  .catch(() => undefined)
                  .finally(resolve);
              }, i);
            }),
        ),
      );
      const [, signal] = (await exited) as [number | null, string | null];
      expect(signal).toBe('SIGKILL');
      expect(answered.size).toBeGreaterThan(0);

      database = await shared.open();
      try {
        const rows = await queryRows<{ id: string; settlement_ref: string; payout_fen: string; status: string; steps: number }>(
          database.db,
          sql`select c.id, c.settlement_ref, c.payout_fen::text, c.status,
                     (select count(*)::int from mutual_aid_claim_step s where s.claim_id = c.id) as steps
                from mutual_aid_claim c where c.source = 'hospital'`,
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        // Every payout the hospital was told is there, settled, at the amount it was told.
        for (const [i, told] of answered) {
          expect(byId.get(told.settlementId), `settlement ${i}`).toMatchObject({
            settlement_ref: `ZY-CRASH-${i}`,
            status: 'settled',
            payout_fen: String(told.payoutFen),
          });
        }
        // Nothing half: each settlement has its one step, and each has its key's answer stored (and no key without one).
        for (const r of rows) expect(r.steps).toBe(1);
        const keys = await queryRows<{ n: number; answered: number }>(
          database.db,
          sql`select count(*)::int as n, count(response_status)::int as answered from auth_idempotency_record where key like 'crash-%'`,
        );
        expect(keys[0]).toEqual({ n: rows.length, answered: rows.length });
      } finally {
        await database.close();
      }

      // The hospital retries the ones it heard nothing of, with their keys: each settles once.
      const retried = spawn(process.execPath, [path.join(ROOT, 'bin/gonghui.mjs'), 'serve'], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const retriedExit = once(retried, 'exit');
      let url2 = '';
      for await (const line of createInterface({ input: retried.stdout })) {
        const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (listening) {
          url2 = listening[1] ?? '';
          break;
        }
      }
      const statuses: number[] = [];
      for (let i = 0; i < PATIENTS; i++) {
        const s = request(i);
        const r = await fetch(`${url2}${s.path}`, { method: 'POST', headers: s.headers, body: s.body });
        statuses.push(r.status);
        const told = answered.get(i);
        if (told) expect(((await r.json()) as { settlementId: string }).settlementId).toBe(told.settlementId);
      }
      retried.kill('SIGTERM');
      await retriedExit;
      expect(statuses.every((s) => s === 200)).toBe(true);
      database = await shared.open();
      try {
        const [settled] = await queryRows<{ n: number; refs: number }>(
          database.db,
          sql`select count(*)::int as n, count(distinct settlement_ref)::int as refs from mutual_aid_claim where source = 'hospital' and status = 'settled'`,
        );
        expect(settled).toEqual({ n: PATIENTS, refs: PATIENTS });
      } finally {
        await database.close();
      }
    } finally {
      await shared.done();
    }
  }, 180_000);
});
