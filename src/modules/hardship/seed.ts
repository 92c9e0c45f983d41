// The demo's hardship files: 浙江's threshold (a demo figure for the local 低保 standard, not a published
// one), four households of 越城 at different steps — two filed and paid 送温暖 by 绍兴 from the money that
// came down from the province (the funds demo), one on public notice, one just applied for — and two helpers
// for the first. Only on the first start of the embedded demo.
import { idNumberCheckChar } from '../../platform/crypto/validators.js';
import type { Actor } from '../../platform/audit/audit.js';
import type { DemoSeedContext } from '../../platform/manifest/manifest.js';
import { listFunds } from '#modules/funds';
import type { HardshipCause, HouseholdMember } from './rules.js';
import { createAidBatch, createAidItem, payAidBatch } from './service/aid.js';
import { applyForFile } from './service/files.js';
import { assignHelpers } from './service/help.js';
import { approveFile, publishNotice, recordVisit, reviewFile } from './service/process.js';
import { setSettings } from './service/settings.js';

const yuan = (n: number) => n * 100;
const DAY = 86_400_000;
const idNumber = (birth: string, seq: number) => {
  const first17 = `330621${birth}${String(seq).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
};

interface DemoHousehold {
  name: string;
  phone: string;
  birth: string;
  members: (HouseholdMember & { name: string })[];
  causes: { cause: HardshipCause; since: string }[];
  oneOffBurdenFen?: number;
  reach: 'filed' | 'under_notice' | 'applied';
}

const HOUSEHOLDS: DemoHousehold[] = [
  {
    name: '王建军',
    phone: '13957500101',
    birth: '19810306',
    members: [
      { name: '王建军', relation: 'self', age: 45, health: 'chronic_illness', schooling: 'not_applicable', monthlyIncomeFen: yuan(2_600) },
      { name: '李秀英', relation: 'spouse', age: 43, health: 'unable_to_work', schooling: 'not_applicable', monthlyIncomeFen: 0 },
      { name: '王小雨', relation: 'child', age: 12, health: 'healthy', schooling: 'junior_secondary', monthlyIncomeFen: 0 },
    ],
    causes: [{ cause: 'illness', since: '2025-09-01' }],
    reach: 'filed',
  },
  {
    name: '陈志刚',
    phone: '13957500102',
    birth: '19900512',
    members: [
      { name: '陈志刚', relation: 'self', age: 36, health: 'disabled', schooling: 'not_applicable', monthlyIncomeFen: yuan(1_800) },
      { name: '赵敏', relation: 'spouse', age: 34, health: 'healthy', schooling: 'not_applicable', monthlyIncomeFen: yuan(2_200) },
    ],
    causes: [{ cause: 'accident', since: '2026-08-15' }],
    oneOffBurdenFen: yuan(60_000),
    reach: 'filed',
  },
  {
    name: '刘海涛',
    phone: '13957500103',
    birth: '19870720',
    members: [
      { name: '刘海涛', relation: 'self', age: 39, health: 'healthy', schooling: 'not_applicable', monthlyIncomeFen: yuan(3_000) },
      { name: '刘佳', relation: 'child', age: 17, health: 'healthy', schooling: 'senior_secondary', monthlyIncomeFen: 0 },
    ],
    causes: [
      { cause: 'schooling', since: '2026-09-01' },
      { cause: 'employer_closure', since: '2026-06-30' },
    ],
    reach: 'under_notice',
  },
  {
    name: '周丽华',
    phone: '13957500104',
    birth: '19780203',
    members: [
      { name: '周丽华', relation: 'self', age: 48, health: 'serious_illness', schooling: 'not_applicable', monthlyIncomeFen: yuan(800) },
    ],
    causes: [{ cause: 'illness', since: '2026-10-10' }],
    reach: 'applied',
  },
];

export async function seedHardshipDemo({ platform: p, orgs, volume }: DemoSeedContext): Promise<Record<string, unknown> | undefined> {
  // 越城's, so that 柯桥 — where the walkthroughs and browser tests start — has set no threshold yet.
  const { province, city, yuecheng } = orgs;
  if (!volume || !province || !city || !yuecheng) return undefined;
  const actor: Actor = {
    kind: 'system',
    id: null,
    name: '演示数据',
    orgId: yuecheng.id,
    orgPath: yuecheng.path,
    requestId: null,
    ip: null,
  };
  const whole = { orgId: province.id, path: province.path };
  const here = { orgId: yuecheng.id, path: yuecheng.path };
  await setSettings(p.db, actor, whole, yuecheng.id, { minimumLivingFen: yuan(1_100), relativeMultiple: 1.5, noticeDays: 5 });
  const files: string[] = [];
  for (const [i, h] of HOUSEHOLDS.entries()) {
    const file = await applyForFile(
      p,
      actor,
      { scope: here },
      {
        orgId: yuecheng.id,
        applicant: { name: h.name, idNumber: idNumber(h.birth, 11 + i), phone: h.phone },
        members: h.members,
        declaredSize: h.members.length,
        declaredMonthlyIncomeFen: h.members.reduce((s, m) => s + m.monthlyIncomeFen, 0),
        causes: h.causes,
        ...(h.oneOffBurdenFen ? { oneOffBurdenFen: h.oneOffBurdenFen } : {}),
        bankAccount: { bank: '中国农业银行柯桥支行', accountNo: `62284803380010${String(21 + i)}` },
      },
    );
    if (h.reach === 'applied') continue;
    await recordVisit(p, actor, here, file.id, {
      visitedOn: '2026-11-20',
      visitors: ['越城区总工会 王干事', '社区 李干事'],
      checklist: [
        { item: '家庭成员核实', ok: true },
        { item: '收入核实', ok: true },
      ],
      notes: '情况属实',
    });
    await reviewFile(p, actor, here, file.id, { decision: 'pass', reason: '入户核查属实，符合认定标准' });
    // Filed households had their notice a week ago; the third's runs now.
    await publishNotice(p, actor, here, file.id, h.reach === 'filed' ? new Date(Date.now() - 7 * DAY) : new Date());
    if (h.reach === 'filed') {
      await approveFile(p, actor, here, file.id);
      files.push(file.id);
    }
  }
  const [first] = files;
  if (first) {
    await assignHelpers(p, actor, here, first, [
      { name: '越城区总工会 王干事', phone: '13957500201' },
      { name: '志愿者 陈丽', phone: '13957500202' },
    ]);
  }
  const fund = (await listFunds(p.db, whole)).find((f) => f.name === '送温暖资金');
  if (fund && files.length > 0) {
    const item = await createAidItem(p.db, actor, whole, {
      orgId: province.id,
      code: 'winter_warmth',
      name: '送温暖慰问金',
      kind: 'winter',
      fundId: fund.id,
      defaultAmountFen: yuan(1_000),
      maxAmountFenPerYear: yuan(2_000),
      maxTimesPerYear: 1,
    });
    // Paid by 绍兴 from what the province passed down to it (the funds demo).
    const batch = await createAidBatch(p, actor, whole, {
      orgId: city.id,
      itemId: item.id,
      name: '2026年元旦送温暖',
      aids: files.map((fileId) => ({ fileId })),
    });
    await payAidBatch(p, actor, whole, batch.id);
  }
  return { hardshipFiles: HOUSEHOLDS.length, filed: files.length };
}
