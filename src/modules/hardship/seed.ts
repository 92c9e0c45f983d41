// The demo's hardship files: 浙江's threshold (a demo figure for the local 低保 standard, not a published
// one), four households of 越城 at different steps — two filed and paid 送温暖 by 绍兴 from the money that
// came down from the province (the funds demo), one on public notice, one just applied for. The first
// filed family is helped as 冀北 does (seed 000): a help card with two helpers ("2 对 1"), a union
// cadre and a volunteer of the area's 蓝领 team, weekly contact in the weeks before this one, and last
// week's random call-back. 浙江 runs its competition as 安徽 does (seed 003), weighing timely, classified
// help and the use of the aid funds most, and the rankings are computed once. Only on the first start
// of the embedded demo.
import { idNumberCheckChar } from '../../platform/crypto/validators.js';
import type { Actor } from '../../platform/audit/audit.js';
import type { DemoSeedContext } from '../../platform/manifest/manifest.js';
import { listFunds } from '#modules/funds';
import { shanghaiDay } from '../../platform/time/shanghai.js';
import type { HardshipCause, HouseholdMember, Indicator } from './rules.js';
import { createAidBatch, createAidItem, payAidBatch } from './service/aid.js';
import { applyForFile } from './service/files.js';
import { assignHelpers, drawCallbacks, listCallbacks, logContact, recordCallback } from './service/help.js';
import { refreshRankings, setCompetition } from './service/ranking.js';
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
  // Half the filed families drawn each week for a call-back: the demo's two are not too few to draw from.
  await setSettings(p.db, actor, whole, yuecheng.id, {
    minimumLivingFen: yuan(1_100),
    relativeMultiple: 1.5,
    noticeDays: 5,
    callbackSharePct: 50,
  });
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
  await helpAsJibei(p, actor, here, files);
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
  await setCompetition(p.db, actor, whole, province.id, COMPETITION);
  const { rankings } = await refreshRankings(p.db, whole, province.id);
  return { hardshipFiles: HOUSEHOLDS.length, filed: files.length, rankings };
}

/**
 * 安徽's 竞赛方案 judges "及时分类帮扶……统筹使用各类帮扶及送温暖资金，及时有效帮扶困难职工": the demo's
 * province weighs the days to the first aid and the funds spent most, then finding and reviewing.
 */
const COMPETITION: Indicator[] = [
  { code: 'median_days_to_first_aid', weight: 25, better: 'lower' },
  { code: 'funds_spent_share', weight: 20, better: 'higher' },
  { code: 'files_per_10k_members', weight: 20, better: 'higher' },
  { code: 'reviews_on_time_share', weight: 15, better: 'higher' },
  { code: 'callback_satisfaction', weight: 10, better: 'higher' },
  { code: 'exits_share', weight: 10, better: 'higher' },
];

/**
 * 冀北's help for the first filed family: two helpers, a contact in each of the three weeks before this
 * one (this week's is still to make, so the family is on the due list), and last week's call-back drawn
 * and made. The second family waits for its helpers: the walkthroughs assign them.
 */
async function helpAsJibei(
  p: DemoSeedContext['platform'],
  actor: Actor,
  here: { orgId: string; path: string },
  files: string[],
): Promise<void> {
  const [first] = files;
  if (!first) return;
  const volunteer = { name: '第1服务区蓝领志愿服务队 陈丽', phone: '13957500202' };
  await assignHelpers(p, actor, here, first, [{ name: '越城区总工会 王干事', phone: '13957500201' }, volunteer]);
  const contacts = [
    { weeksAgo: 3, kind: 'visit' as const, done: '入户走访，了解孩子上学和家属病情，帮助申请医疗救助' },
    { weeksAgo: 2, kind: 'call' as const, done: '电话询问近况，提醒医保报销材料' },
    { weeksAgo: 1, kind: 'call' as const, done: '电话联系，告知送温暖慰问金已发放' },
  ];
  for (const c of contacts) {
    const contactedOn = shanghaiDay(new Date(Date.now() - c.weeksAgo * 7 * DAY));
    await logContact(p, actor, here, first, { kind: c.kind, contactedOn, done: c.done, helperName: volunteer.name });
  }
  await drawCallbacks(p.db, new Date(Date.now() - 7 * DAY));
  const [drawn] = await listCallbacks(p, here);
  if (drawn) await recordCallback(p, actor, here, drawn.id, { satisfaction: 5, problems: '帮扶人每周都联系，家里的难处有人管' });
}
