// Discharges that arrive together are settled by one group commit (service/settle.ts): each is answered
// on its own, as if it had come alone. Two stays of one patient, one key sent twice, one signed request
// replayed and a key reused for another discharge wait for a later round of the same batch, which sees
// the first one's work; a patient not covered is refused without touching the others, and keeps nothing
// (not even the key: its retry runs afresh).
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { bill, enrolled, hospital, member, newPlan, partnerCall, settle } from '../../../test/harness/mutual-aid.js';
import type { PartnerPrincipal } from '../../platform/access/access.js';
import { partnerWrite } from '../../platform/auth/idempotency.js';
import { signRequest } from '../../platform/auth/partner-client.js';
import { inRounds } from '../../platform/db/group-commit.js';
import { queryRows } from '../../platform/db/tx.js';
import { isAppError } from '../../platform/errors/app-error.js';
import { shanghaiDay } from '../../platform/time/shanghai.js';
import { mutualAidClaims } from './schema.js';
import { checkSettlement, submitSettlement, type SettlementInput } from './service/settle.js';

const PATH = '/partner/v1/mutual-aid/settlements';

describe('mutual-aid settlements in a batch', () => {
  const h = useTestApp();

  it('splits a batch into rounds: items sharing a key wait, in the order they came', () => {
    const items = [['a'], ['a', 'b'], ['b'], ['c'], ['a']];
    expect(inRounds(items, (keys) => keys)).toEqual([[0, 3], [1], [2, 4]]);
    expect(inRounds([], (x: string[]) => x)).toEqual([]);
  });

  it('answers each discharge of one batch on its own, as if it had come alone', async () => {
    const { t } = h;
    const today = shanghaiDay(new Date());
    const plan = await newPlan(t);
    const [a, b, c] = [await member(t), await member(t), await member(t)];
    for (const m of [a, b]) await enrolled(t, plan.id, m);
    const { key, partner } = await hospital(t);
    const principal: PartnerPrincipal = {
      kind: 'partner',
      partnerId: partner.id,
      partnerName: partner.name,
      partnerKind: 'hospital',
      keyId: key.keyId,
      orgId: t.demo.keqiao.id,
      orgPath: t.demo.keqiao.path,
    };
    const discharge = (m: { idNumber: string; name: string }, ref: string, total: number, inScope: number): SettlementInput => ({
      idNumber: m.idNumber,
      name: m.name,
      settlementRef: ref,
      admittedOn: today,
      dischargedOn: today,
      figures: bill({ total, inScope }),
    });
    // What the route does with a request, given its nonce and key: every item is submitted in one turn
    // of the event loop, so they form one batch.
    let nonces = 0;
    const submit = (input: SettlementInput, idempotencyKey: string, nonce = `nonce-${++nonces}-padding`) => {
      const write = partnerWrite({
        partnerId: partner.id,
        keyId: key.keyId,
        nonce,
        key: idempotencyKey,
        method: 'POST',
        path: PATH,
        rawBody: JSON.stringify(input),
      });
      return submitSettlement(t.platform.db, t.platform, checkSettlement(t.platform, principal, input, write, new Date())).then(
        (answer) => ({ ok: true as const, answer }),
        (error: unknown) => ({ ok: false as const, code: isAppError(error) ? error.code : String(error) }),
      );
    };

    const answers = await Promise.all([
      submit(discharge(a, 'ZY-A1', 12_000, 3_000), 'key-a1', 'nonce-a1-padding'),
      submit(discharge(a, 'ZY-A2', 4_000, 2_000), 'key-a2'),
      submit(discharge(b, 'ZY-B1', 8_000, 1_000), 'key-b1'),
      submit(discharge(b, 'ZY-B1', 8_000, 1_000), 'key-b1'),
      submit(discharge(a, 'ZY-A1', 12_000, 3_000), 'key-a1-again', 'nonce-a1-padding'),
      submit(discharge(c, 'ZY-C1', 5_000, 1_000), 'key-c1'),
      submit(discharge(b, 'ZY-B2', 6_000, 1_000), 'key-b1'),
    ]);
    const [a1, a2, b1, b1Again, a1Replayed, c1, b1Reused] = answers;

    // A's two stays settle in turn: the second sees the first (50 % each, two of the cycle's two).
    expect(a1).toMatchObject({ ok: true, answer: { replayed: false, body: { payoutFen: 150_000, settlementRef: 'ZY-A1' } } });
    expect(a2).toMatchObject({ ok: true, answer: { replayed: false, body: { payoutFen: 100_000, settlementRef: 'ZY-A2' } } });
    expect(b1).toMatchObject({ ok: true, answer: { replayed: false, body: { payoutFen: 50_000 } } });
    // The same key again answers the first answer; the same nonce is a replay; a key reused for another discharge is refused.
    expect(b1Again).toMatchObject({ ok: true, answer: { replayed: true } });
    expect(b1Again.ok && b1.ok && b1Again.answer.body.settlementId).toBe(b1.ok && b1.answer.body.settlementId);
    expect(a1Replayed).toEqual({ ok: false, code: 'auth.nonce_replayed' });
    expect(c1).toEqual({ ok: false, code: 'mutual-aid.not_covered' });
    expect(b1Reused).toEqual({ ok: false, code: 'auth.idempotency_key_reused' });
    // One statement wrote the first round (a1, b1 and the refused c1 came first with their keys and
    // patients): its settlements share the batch's instant; the second round's came after.
    const settledAt = (x: (typeof answers)[number]) => (x.ok ? x.answer.body.settledAt : '');
    expect(settledAt(a1)).toBe(settledAt(b1));
    expect(settledAt(a2) > settledAt(a1)).toBe(true);

    // Three settlements and their steps; the keys kept are those answered, not the refused one's.
    const settled = await t.platform.db.select().from(mutualAidClaims).where(eq(mutualAidClaims.partnerId, partner.id));
    expect(settled.map((r) => [r.settlementRef, r.status, r.payoutFen]).sort()).toEqual([
      ['ZY-A1', 'settled', 150_000],
      ['ZY-A2', 'settled', 100_000],
      ['ZY-B1', 'settled', 50_000],
    ]);
    expect(new Set(settled.map((r) => r.claimNo)).size).toBe(3);
    const steps = await queryRows<{ n: number }>(
      t.platform.db,
      sql`select count(*)::int as n from mutual_aid_claim_step s join mutual_aid_claim c on c.id = s.claim_id
           where c.partner_id = ${partner.id} and s.action = 'settle'`,
    );
    expect(steps[0]?.n).toBe(3);
    const keys = await queryRows<{ key: string; response_status: number }>(
      t.platform.db,
      sql`select key, response_status from auth_idempotency_record where partner_id = ${partner.id} order by key`,
    );
    expect(keys).toEqual([
      { key: 'key-a1', response_status: 200 },
      { key: 'key-a2', response_status: 200 },
      { key: 'key-b1', response_status: 200 },
    ]);

    // Over HTTP: the refused key runs afresh (still not covered), and a signed request sent twice spends its nonce once.
    const retried = await settle(t, key, discharge(c, 'ZY-C1', 5_000, 1_000), 'key-c1');
    expect(retried.json()).toMatchObject({ code: 'mutual-aid.not_covered' });
    const signed = signRequest(key, { method: 'POST', path: PATH, body: discharge(a, 'ZY-A3', 3_000, 500), idempotencyKey: 'key-a3' });
    const send = () => t.app.inject({ method: 'POST', url: signed.path, headers: signed.headers, payload: signed.body });
    const third = await send(); // A's third stay: the cycle's two are used; refused, its nonce spent all the same
    expect(third.json()).toMatchObject({ code: 'mutual-aid.not_covered', errors: [{ code: 'mutual-aid.times_used' }] });
    const replay = await send();
    expect(replay.statusCode, replay.body).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'auth.nonce_replayed' });
    const day = await partnerCall(t, key, { method: 'GET', path: `/partner/v1/mutual-aid/reconciliation?day=${today}` });
    expect(day.json()).toMatchObject({ settled: 3, payoutFen: 300_000 });
  });
});
