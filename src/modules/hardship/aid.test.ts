// Aid to filed households, paid through the funds ledger: money comes down from the province, 柯桥 pays
// 送温暖 to two households, the yearly limit refuses a second round, the bank file lists whole names for
// the bank, a batch the balance cannot cover pays nothing, a batch the bank returned is reversed; then a
// review exits a household.
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { queryRows } from '../../platform/db/tx.js';
import { makeIdNumber, memberCookie } from '../../../test/harness/members.js';
import { filedHousehold, staffCall as call, warmthAid } from './testing.js';

const yuan = (n: number) => Math.round(n * 100);

describe('hardship aid', () => {
  const h = useTestApp();

  it('pays 送温暖 from money that came down from the province; the limit, the bank file and an uncovered batch', async () => {
    const { t } = h;
    const { keqiao } = t.demo;
    const { fundId, itemId } = await warmthAid(t);
    const fund = { id: fundId };
    const item = { json: () => ({ id: itemId }) };
    const a = await filedHousehold(t, 61);
    const b = await filedHousehold(t, 62);

    const batch = await call(t, 'keqiao', 'POST', '/api/console/hardship-aid-batches', {
      orgId: keqiao.id,
      itemId: item.json().id,
      name: '2026年春节送温暖',
      aids: [{ fileId: a.id }, { fileId: b.id }],
    });
    expect(batch.statusCode, batch.body).toBe(201);
    expect(batch.json()).toMatchObject({ status: 'draft', totalFen: yuan(2_000), households: 2 });

    const bank = await call(
      t,
      'keqiao',
      'GET',
      `/api/console/hardship-aid-batches/${batch.json().id as string}/bank-file.xlsx?reason=${encodeURIComponent('交银行代发')}`,
    );
    expect(bank.statusCode, bank.body).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bank.rawPayload as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[2]).toEqual([undefined, '序号', '收款人姓名', '身份证号', '开户银行', '银行账号', '金额（元）', '摘要', '档案号']);
    expect(rows[3]!.slice(1, 9)).toEqual([
      1,
      expect.stringMatching(/^王建/),
      makeIdNumber('330621', '19850312', 61),
      '中国农业银行柯桥支行',
      '6228480338001061',
      1000,
      '送温暖慰问金',
      a.fileNumber,
    ]);
    expect(rows[5]!.slice(2, 7)).toEqual(['合计', undefined, undefined, undefined, 2000]);

    const paid = await call(t, 'keqiao', 'POST', `/api/console/hardship-aid-batches/${batch.json().id as string}/pay`, {});
    expect(paid.json()).toMatchObject({ status: 'paid' });
    const figures = (await call(t, 'keqiao', 'GET', `/api/console/funds/${fund.id}`)).json().node.own;
    expect(figures).toMatchObject({ receivedFen: yuan(2_500), spentFen: yuan(2_000), availableFen: yuan(500) });
    const province_ = (await call(t, 'zhejiang', 'GET', `/api/console/funds/${fund.id}`)).json().node;
    expect(province_.subtree).toMatchObject({ receivedFen: yuan(10_000), spentFen: yuan(2_000), availableFen: yuan(8_000) });
    // The worker sees what the household received.
    const worker = await memberCookie(t, a.phone);
    const own = (await t.request({ method: 'GET', url: '/api/member/hardship-files', cookie: worker })).json();
    // And how large a certificate may be, so that the phone refuses a bigger one before sending it.
    expect(own.evidenceLimitBytes).toBe(10 * 2 ** 20);
    expect(own.items[0].aid).toEqual([
      { itemName: '送温暖慰问金', amountFen: yuan(1_000), paidOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    ]);

    // Once a year: a second round is refused, every household named.
    const again = await call(t, 'keqiao', 'POST', '/api/console/hardship-aid-batches', {
      orgId: keqiao.id,
      itemId: item.json().id,
      name: '补发',
      aids: [{ fileId: a.id }, { fileId: b.id, amountFen: yuan(500) }],
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().errors.map((e: { code: string }) => e.code)).toEqual([
      'hardship.aid_times_exceeded',
      'hardship.aid_times_exceeded',
    ]);
    expect(again.json().errors[0].message).toContain(a.fileNumber);

    // A batch beyond the balance (500 yuan left) is drawn but cannot be paid: nothing leaves, nothing is marked.
    const study = await call(t, 'keqiao', 'POST', '/api/console/hardship-aid-items', {
      orgId: keqiao.id,
      code: 'life_aid',
      name: '生活救助',
      kind: 'life',
      fundId: fund.id,
      defaultAmountFen: yuan(800),
    });
    const big = await call(t, 'keqiao', 'POST', '/api/console/hardship-aid-batches', {
      orgId: keqiao.id,
      itemId: study.json().id,
      name: '生活救助',
      aids: [{ fileId: a.id }],
    });
    const refused = await call(t, 'keqiao', 'POST', `/api/console/hardship-aid-batches/${big.json().id as string}/pay`, {});
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'funds.insufficient']);
    expect(
      (await call(t, 'keqiao', 'GET', '/api/console/hardship-aid-batches')).json().items.find((x: { id: string }) => x.id === big.json().id)
        .status,
    ).toBe('draft');
    expect((await call(t, 'keqiao', 'GET', `/api/console/funds/${fund.id}`)).json().node.own.availableFen).toBe(yuan(500));

    // The bank returned the 送温暖 batch (an account was wrong): 柯桥 reverses it with its reason. Only a
    // paid batch can be, only by its subtree, and only once; the money is back in 柯桥's balance, the
    // household has received nothing, its limit is free again, and its days to a first aid start over.
    const paidId = batch.json().id as string;
    const reverse = (username: string, id: string, body: object = { reason: '银行退票：收款账号有误' }) =>
      call(t, username, 'POST', `/api/console/hardship-aid-batches/${id}/reverse`, body);
    const draft = await reverse('keqiao', big.json().id as string);
    expect([draft.statusCode, draft.json().code, draft.json().title]).toEqual([
      409,
      'hardship.aid_batch_not_paid',
      '这批帮扶尚未发放，只有已发放的批次可以冲正',
    ]);
    expect((await reverse('yuecheng', paidId)).statusCode).toBe(404);
    expect((await reverse('keqiao', paidId, {})).statusCode).toBe(400);
    const reversed = await reverse('keqiao', paidId);
    expect(reversed.statusCode, reversed.body).toBe(200);
    expect(reversed.json()).toMatchObject({
      status: 'reversed',
      reversalReason: '银行退票：收款账号有误',
      orgName: '柯桥区总工会',
      fundId: fund.id,
      fundName: '送温暖资金',
      itemName: '送温暖慰问金',
    });
    expect((await call(t, 'keqiao', 'GET', `/api/console/funds/${fund.id}`)).json().node.own).toMatchObject({
      spentFen: 0,
      availableFen: yuan(2_500),
    });
    const after = (await t.request({ method: 'GET', url: '/api/member/hardship-files', cookie: worker })).json();
    expect(after.items[0].aid).toEqual([]);
    expect(await queryRows(t.platform.db, sql`select first_aid_on from hardship_file where id = ${a.id}`)).toEqual([
      { first_aid_on: null },
    ]);
    expect((await reverse('keqiao', paidId)).json().code).toBe('hardship.aid_batch_not_paid');
    const payAgain = await call(t, 'keqiao', 'POST', `/api/console/hardship-aid-batches/${paidId}/pay`, {});
    expect([payAgain.statusCode, payAgain.json().code]).toEqual([409, 'hardship.aid_batch_reversed']);
    const redrawn = await call(t, 'keqiao', 'POST', '/api/console/hardship-aid-batches', {
      orgId: keqiao.id,
      itemId: item.json().id,
      name: '2026年春节送温暖（重发）',
      aids: [{ fileId: a.id }, { fileId: b.id }],
    });
    expect(redrawn.statusCode, redrawn.body).toBe(201);

    // The list by union and status, a page at a time; a sibling district may not list 柯桥's.
    const list = (query: string, username = 'keqiao') => call(t, username, 'GET', `/api/console/hardship-aid-batches?${query}`);
    const onlyReversed = (await list(`orgId=${keqiao.id}&status=reversed`)).json();
    expect(onlyReversed.items.map((x: { id: string }) => x.id)).toEqual([paidId]);
    const first = (await list('limit=1')).json();
    expect([first.items.length, first.items[0].id]).toEqual([1, redrawn.json().id]);
    const second = (await list(`limit=1&cursor=${first.nextCursor as string}`)).json();
    expect(second.items[0].id).toBe(big.json().id);
    expect((await list(`orgId=${keqiao.id}`, 'yuecheng')).statusCode).toBe(404);
  });

  it('a review exits a household; an exited file cannot be reviewed again, and the household may come back', async () => {
    const { t } = h;
    const file = await filedHousehold(t, 71);
    const overview = (await call(t, 'keqiao', 'GET', '/api/console/hardship-overview')).json();
    expect(overview).toMatchObject({ filed: 1, exitedThisYear: 0 });
    const base = `/api/console/hardship-files/${file.id}`;
    const kept = await call(t, 'keqiao', 'POST', `${base}/periodic-review`, {
      outcome: 'change',
      category: 'relative',
      reason: '配偶已就业，收入提高',
    });
    expect(kept.json()).toMatchObject({ status: 'filed', category: 'relative' });
    const exit = await call(t, 'keqiao', 'POST', `${base}/periodic-review`, {
      outcome: 'exit',
      reason: '本人康复返岗，家庭人均收入超过相对困难线',
    });
    expect(exit.json()).toMatchObject({ status: 'exited', reviewDueOn: null });
    const twice = await call(t, 'keqiao', 'POST', `${base}/periodic-review`, { outcome: 'continue', reason: '再次复核' });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'hardship.step_refused']);
    expect((await call(t, 'keqiao', 'GET', '/api/console/hardship-overview')).json()).toMatchObject({ filed: 0, exitedThisYear: 1 });
    // Hardship returns: the household is filed again.
    const back = await filedHousehold(t, 71);
    expect(back.fileNumber).not.toBe(file.fileNumber);
  });
});
