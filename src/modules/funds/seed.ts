// The demo's money: 浙江's 送温暖资金 receives its part of 全总's 1,320万元 (seed 000; the share is a
// demo figure), passes some down to 绍兴 and on to 柯桥, which pays a little of it out. Only on the
// first start of the embedded demo: tests start from the tree alone and build their own funds.
import { systemActor } from '../../platform/audit/audit.js';
import type { DemoSeedContext } from '../../platform/manifest/manifest.js';
import { disburseMany } from './service/disburse.js';
import { createFund } from './service/funds.js';
import { allocate, receiveFromSource } from './service/movements.js';

const yuan = (n: number) => n * 100;

export async function seedFundsDemo({ platform, orgs, volume }: DemoSeedContext): Promise<Record<string, unknown> | undefined> {
  const { province, city, keqiao } = orgs;
  if (!volume || !province || !city || !keqiao) return undefined;
  const db = platform.db;
  const actor = systemActor('演示数据');
  const scope = { orgId: province.id, path: province.path };
  const fund = await createFund(db, actor, scope, {
    orgId: province.id,
    name: '送温暖资金',
    purpose: 'warmth',
    description: '新就业形态劳动者温暖行动：慰问劳模先进和困难职工',
    sources: ['全总下拨', '省总工会自筹'],
  });
  const [acftu, own] = fund.sources;
  if (!acftu || !own) throw new Error('seed: the fund was made without its two sources');
  await receiveFromSource(db, actor, scope, {
    fundId: fund.id,
    sourceId: acftu.id,
    orgId: province.id,
    amountFen: yuan(600_000),
    memo: '全总“温暖行动”服务月 1,320 万元送温暖资金中划拨本省部分（演示金额）',
  });
  await receiveFromSource(db, actor, scope, {
    fundId: fund.id,
    sourceId: own.id,
    orgId: province.id,
    amountFen: yuan(200_000),
    memo: '省总工会配套资金',
  });
  await allocate(db, actor, scope, {
    fundId: fund.id,
    fromOrgId: province.id,
    toOrgId: city.id,
    amountFen: yuan(300_000),
    memo: '下拨绍兴市送温暖资金',
  });
  await allocate(db, actor, scope, {
    fundId: fund.id,
    fromOrgId: city.id,
    toOrgId: keqiao.id,
    amountFen: yuan(80_000),
    memo: '下拨柯桥区送温暖资金',
  });
  const paid = await disburseMany(db, actor, scope, {
    fundId: fund.id,
    orgId: keqiao.id,
    payments: [
      { amountFen: yuan(1_000), payee: '王*军', memo: '送温暖慰问金' },
      { amountFen: yuan(1_000), payee: '李*芳', memo: '送温暖慰问金' },
      { amountFen: yuan(2_000), payee: '陈*', memo: '送温暖慰问金（意外致困）' },
    ],
  });
  return { funds: 1, fundLines: 4 + paid.length };
}
