// The ledger against a real database: money in, down the tree and out, balances that always add up,
// overdrafts refused under concurrency, reversals instead of edits, and the journal that agrees.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { systemActor } from '../../platform/audit/audit.js';
import { createOrg, createRootOrg, type Org } from '#modules/orgs';
import { disburse, disburseMany, submitDisbursement } from './service/disburse.js';
import { createFund } from './service/funds.js';
import { allocate, receiveFromSource, reverseTransfer } from './service/movements.js';
import { fundTree, statement, verifyLedger } from './service/statements.js';

const actor = systemActor('测试');
const yuan = (n: number) => Math.round(n * 100);
const scopeOf = (o: Org) => ({ orgId: o.id, path: o.path });

async function warmthFund(t: TestApp, owner: Org = t.demo.province) {
  return createFund(t.platform.db, actor, scopeOf(owner), {
    orgId: owner.id,
    name: '送温暖资金',
    purpose: 'warmth',
    sources: ['全总下拨'],
  });
}

describe('funds ledger', () => {
  const h = useTestApp();

  it('全总 allocates its 1,320万元 of 送温暖 money to the provinces and a national industrial union; every node adds up', async () => {
    const { t } = h;
    const db = t.platform.db;
    const acftu = await createRootOrg(db, actor, { kind: 'national', name: '中华全国总工会', regionCode: '' });
    const whole = scopeOf(acftu);
    const anhui = await createOrg(db, actor, whole, { parentId: acftu.id, kind: 'provincial', name: '安徽省总工会', regionCode: '34' });
    const hebei = await createOrg(db, actor, whole, { parentId: acftu.id, kind: 'provincial', name: '河北省总工会', regionCode: '13' });
    const seamen = await createOrg(db, actor, whole, {
      parentId: acftu.id,
      kind: 'national_industrial',
      name: '中国海员建设工会',
      regionCode: '',
    });
    const fund = await createFund(db, actor, whole, { orgId: acftu.id, name: '送温暖资金', purpose: 'warmth', sources: ['中央财政补助'] });
    await receiveFromSource(db, actor, whole, {
      fundId: fund.id,
      sourceId: fund.sources[0]!.id,
      orgId: acftu.id,
      amountFen: yuan(13_200_000),
    });
    await allocate(db, actor, whole, { fundId: fund.id, fromOrgId: acftu.id, toOrgId: anhui.id, amountFen: yuan(5_000_000) });
    await allocate(db, actor, whole, { fundId: fund.id, fromOrgId: acftu.id, toOrgId: hebei.id, amountFen: yuan(4_700_000) });
    await allocate(db, actor, whole, { fundId: fund.id, fromOrgId: acftu.id, toOrgId: seamen.id, amountFen: yuan(3_500_000) });
    await disburse(db, actor, scopeOf(anhui), {
      fundId: fund.id,
      orgId: anhui.id,
      amountFen: yuan(2_000),
      payee: '张*华',
      memo: '慰问困难快递员',
    });

    const tree = await fundTree(db, whole, fund.id);
    expect(tree.node.own).toEqual({ receivedFen: 1_320_000_000, passedOnFen: 1_320_000_000, spentFen: 0, availableFen: 0 });
    expect(tree.node.subtree).toEqual({ receivedFen: 1_320_000_000, passedOnFen: 0, spentFen: 200_000, availableFen: 1_319_800_000 });
    expect(tree.children.map((c) => [c.org.name, c.own.receivedFen, c.own.availableFen])).toEqual(
      expect.arrayContaining([
        ['安徽省总工会', 500_000_000, 499_800_000],
        ['河北省总工会', 470_000_000, 470_000_000],
        ['中国海员建设工会', 350_000_000, 350_000_000],
      ]),
    );
    // Nothing is left to pass on: one fen more is refused, naming the balance.
    await expect(
      allocate(db, actor, whole, { fundId: fund.id, fromOrgId: acftu.id, toOrgId: anhui.id, amountFen: 1 }),
    ).rejects.toMatchObject({
      code: 'funds.insufficient',
      params: { available: '0.00', amount: '0.01' },
    });
    expect(await verifyLedger(db, fund.id)).toEqual([]);
  });

  it('money comes down province → city → district and is paid out; a statement reads like a bank’s', async () => {
    const { t } = h;
    const db = t.platform.db;
    const { province, city, keqiao } = t.demo;
    const fund = await warmthFund(t);
    await receiveFromSource(db, actor, scopeOf(province), {
      fundId: fund.id,
      sourceId: fund.sources[0]!.id,
      orgId: province.id,
      amountFen: yuan(600_000),
    });
    await allocate(db, actor, scopeOf(province), { fundId: fund.id, fromOrgId: province.id, toOrgId: city.id, amountFen: yuan(300_000) });
    await allocate(db, actor, scopeOf(city), { fundId: fund.id, fromOrgId: city.id, toOrgId: keqiao.id, amountFen: yuan(80_000) });
    const paid = await disburseMany(db, actor, scopeOf(keqiao), {
      fundId: fund.id,
      orgId: keqiao.id,
      payments: [
        { amountFen: yuan(1_000), payee: '王*军', ref: { module: 'hardship', type: 'aid', id: 'a1' } },
        { amountFen: yuan(2_000), payee: '陈*', ref: { module: 'hardship', type: 'aid', id: 'a2' } },
      ],
    });
    expect(paid.map((p) => p.amountFen)).toEqual([100_000, 200_000]);

    const page = await statement(db, scopeOf(keqiao), fund.id, { orgId: keqiao.id, limit: 10 });
    expect(page.figures).toEqual({ receivedFen: 8_000_000, passedOnFen: 0, spentFen: 300_000, availableFen: 7_700_000 });
    expect(page.items.map((l) => [l.kind, l.inFen, l.outFen, l.balanceFen, l.counterparty?.name ?? l.payee])).toEqual([
      ['disbursement', 0, 200_000, 7_700_000, '陈*'],
      ['disbursement', 0, 100_000, 7_900_000, '王*军'],
      ['allocation', 8_000_000, 0, 8_000_000, '绍兴市总工会'],
    ]);
    const cityTree = await fundTree(db, scopeOf(province), fund.id, city.id);
    expect(cityTree.node.own).toEqual({ receivedFen: 30_000_000, passedOnFen: 8_000_000, spentFen: 0, availableFen: 22_000_000 });
    expect(cityTree.node.subtree).toEqual({ receivedFen: 30_000_000, passedOnFen: 0, spentFen: 300_000, availableFen: 29_700_000 });
    // The district sees the province's fund (its money came from there) but not the province's figures.
    await expect(fundTree(db, scopeOf(keqiao), fund.id, province.id)).rejects.toMatchObject({ code: 'orgs.not_found' });
    expect((await fundTree(db, scopeOf(keqiao), fund.id)).node.org.name).toBe('柯桥区总工会');
    expect(await verifyLedger(db, fund.id)).toEqual([]);
  });

  it('never overdraws under concurrency: 60 payments of 100 yuan race for 5,000 yuan, on the burst path and in transactions', async () => {
    const { t } = h;
    const db = t.platform.db;
    const { province, keqiao } = t.demo;
    const fund = await warmthFund(t);
    await receiveFromSource(db, actor, scopeOf(province), {
      fundId: fund.id,
      sourceId: fund.sources[0]!.id,
      orgId: province.id,
      amountFen: yuan(10_000),
    });
    await allocate(db, actor, scopeOf(province), { fundId: fund.id, fromOrgId: province.id, toOrgId: keqiao.id, amountFen: yuan(5_000) });
    const pay = (i: number) =>
      i % 2
        ? submitDisbursement(db, actor, scopeOf(keqiao), { fundId: fund.id, orgId: keqiao.id, amountFen: yuan(100), payee: `队员${i}` })
        : disburse(db, actor, scopeOf(keqiao), { fundId: fund.id, orgId: keqiao.id, amountFen: yuan(100), payee: `队员${i}` });
    const outcomes = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => pay(i)));
    const paid = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason.code);
    expect(paid).toBe(50);
    expect(new Set(refused)).toEqual(new Set(['funds.insufficient']));
    const tree = await fundTree(db, scopeOf(keqiao), fund.id);
    expect(tree.node.own).toMatchObject({ spentFen: 500_000, availableFen: 0 });
    expect(await verifyLedger(db, fund.id)).toEqual([]);
  });

  it('a repeated disbursement with the same key pays once', async () => {
    const { t } = h;
    const db = t.platform.db;
    const { province } = t.demo;
    const fund = await warmthFund(t);
    await receiveFromSource(db, actor, scopeOf(province), {
      fundId: fund.id,
      sourceId: fund.sources[0]!.id,
      orgId: province.id,
      amountFen: yuan(1_000),
    });
    const input = { fundId: fund.id, orgId: province.id, amountFen: yuan(300), payee: '李*芳', idempotencyKey: 'form-7f3a9c21' };
    const [a, b] = await Promise.all([
      submitDisbursement(db, actor, scopeOf(province), input),
      submitDisbursement(db, actor, scopeOf(province), input),
    ]);
    const c = await submitDisbursement(db, actor, scopeOf(province), input);
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect((await fundTree(db, scopeOf(province), fund.id)).node.own.spentFen).toBe(30_000);
  });

  it('undoes by reversal, never by edit: an allocation comes back only while the district still holds it', async () => {
    const { t } = h;
    const db = t.platform.db;
    const { province, keqiao } = t.demo;
    const fund = await warmthFund(t);
    await receiveFromSource(db, actor, scopeOf(province), {
      fundId: fund.id,
      sourceId: fund.sources[0]!.id,
      orgId: province.id,
      amountFen: yuan(1_000),
    });
    const down = await allocate(db, actor, scopeOf(province), {
      fundId: fund.id,
      fromOrgId: province.id,
      toOrgId: keqiao.id,
      amountFen: yuan(600),
    });
    const spent = await disburse(db, actor, scopeOf(keqiao), { fundId: fund.id, orgId: keqiao.id, amountFen: yuan(200) });
    await expect(reverseTransfer(db, actor, scopeOf(province), down.id, '下拨金额有误')).rejects.toMatchObject({
      code: 'funds.insufficient',
      params: { available: '400.00', amount: '600.00' },
    });
    const back = await reverseTransfer(db, actor, scopeOf(keqiao), spent.id, '重复发放，已退回');
    expect(back).toMatchObject({ kind: 'disbursement', reversal: true, reversesId: spent.id, amountFen: 20_000 });
    await expect(reverseTransfer(db, actor, scopeOf(keqiao), spent.id, '再次冲正')).rejects.toMatchObject({
      code: 'funds.already_reversed',
    });
    await expect(reverseTransfer(db, actor, scopeOf(keqiao), back.id, '冲正的冲正')).rejects.toMatchObject({
      code: 'funds.reversal_of_reversal',
    });
    // The district cannot take back what the province gave it; the province can, now that it is all there.
    await expect(reverseTransfer(db, actor, scopeOf(keqiao), down.id, '退回')).rejects.toMatchObject({ code: 'funds.transfer_not_found' });
    await reverseTransfer(db, actor, scopeOf(province), down.id, '下拨金额有误');
    const tree = await fundTree(db, scopeOf(province), fund.id);
    expect(tree.node.own).toEqual({ receivedFen: 100_000, passedOnFen: 0, spentFen: 0, availableFen: 100_000 });
    expect(tree.children).toEqual([expect.objectContaining({ own: { receivedFen: 0, passedOnFen: 0, spentFen: 0, availableFen: 0 } })]);
    expect(await verifyLedger(db, fund.id)).toEqual([]);
    // The journal itself refuses to be edited, whatever the caller.
    await expect(db.execute(sql`update fund_transfer set amount_fen = 1`)).rejects.toThrow();
    await expect(db.execute(sql`delete from fund_transfer`)).rejects.toThrow();
  });

  it('refuses bad amounts, allocations up or sideways, and unions outside the fund, writing nothing', async () => {
    const { t } = h;
    const db = t.platform.db;
    const { province, city, keqiao, yuecheng } = t.demo;
    const fund = await warmthFund(t, city);
    const source = fund.sources[0]!.id;
    for (const amountFen of [0, -100, 12.5, 10_000_000_001]) {
      await expect(
        receiveFromSource(db, actor, scopeOf(city), { fundId: fund.id, sourceId: source, orgId: city.id, amountFen }),
      ).rejects.toMatchObject({
        code: 'funds.invalid',
      });
    }
    await receiveFromSource(db, actor, scopeOf(city), { fundId: fund.id, sourceId: source, orgId: city.id, amountFen: yuan(100) });
    await allocate(db, actor, scopeOf(city), { fundId: fund.id, fromOrgId: city.id, toOrgId: keqiao.id, amountFen: yuan(50) });
    await expect(
      allocate(db, actor, scopeOf(city), { fundId: fund.id, fromOrgId: keqiao.id, toOrgId: yuecheng.id, amountFen: 100 }),
    ).rejects.toMatchObject({
      code: 'funds.allocation_not_down',
    });
    await expect(
      allocate(db, actor, scopeOf(city), { fundId: fund.id, fromOrgId: keqiao.id, toOrgId: city.id, amountFen: 100 }),
    ).rejects.toMatchObject({
      code: 'funds.allocation_not_down',
    });
    // The province is above the fund's owner: the city's fund does not reach it.
    await expect(
      receiveFromSource(db, actor, scopeOf(province), { fundId: fund.id, sourceId: source, orgId: province.id, amountFen: 100 }),
    ).rejects.toMatchObject({
      code: 'funds.org_outside_fund',
    });
    // 越城 sees the city's fund but cannot pay from 柯桥's balance.
    await expect(disburse(db, actor, scopeOf(yuecheng), { fundId: fund.id, orgId: keqiao.id, amountFen: 100 })).rejects.toMatchObject({
      code: 'orgs.not_found',
    });
    const tree = await fundTree(db, scopeOf(city), fund.id);
    expect(tree.node.subtree).toEqual({ receivedFen: 10_000, passedOnFen: 0, spentFen: 0, availableFen: 10_000 });
    expect(await verifyLedger(db, fund.id)).toEqual([]);
  });
});
