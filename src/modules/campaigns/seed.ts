// The embedded demo's campaign, so the H5 has something to claim on the first start: 智送清凉 of the
// province for members of its six trades, approved, released at 10:00 each day; and a convenience
// store of 柯桥 that redeems it, with a key for the cashier page.
import { v7 as uuidv7 } from 'uuid';
import { systemActor } from '../../platform/audit/audit.js';
import { shanghaiDay } from '../../platform/db/columns.js';
import { inTransaction } from '../../platform/db/tx.js';
import type { DemoSeedContext } from '../../platform/manifest/manifest.js';
import { createPartner, issuePartnerKey } from '#modules/partners';
import { addDays } from './rules.js';
import { changeCampaignStatus, createCampaign } from './service/index.js';

export async function seedCampaignDemo({ platform, orgs, volume }: DemoSeedContext): Promise<Record<string, unknown> | undefined> {
  const { province, keqiao } = orgs;
  // Only the first start of the embedded demo: tests start from the tree alone.
  if (!volume || !province || !keqiao) return undefined;
  const everything = { orgId: '', path: '/' };
  // Written and approved by two different people, as every campaign is.
  const author = { ...systemActor('演示数据'), id: uuidv7() };
  const approver = { ...systemActor('演示审批人'), id: uuidv7() };
  const today = shanghaiDay(new Date());
  const campaign = await createCampaign(platform.db, author, everything, {
    orgId: province.id,
    name: '智送清凉',
    description: '六大行业会员每天可领 1 张“满3元减2.99元”冰饮清凉券，每天 10:00 开抢，先到先得。',
    trades: ['courier', 'food_delivery', 'truck_driver', 'ride_hailing', 'sanitation', 'construction'],
    thresholdFen: 300,
    discountFen: 299,
    dailyQuota: 500,
    perMemberPeriod: 'day',
    perMemberLimit: 1,
    releaseTime: '10:00',
    startsOn: today,
    endsOn: addDays(today, 60),
    budgetFen: null,
    validDays: 3,
  });
  await changeCampaignStatus(platform.db, author, everything, campaign.id, 'submit', null);
  await changeCampaignStatus(platform.db, approver, everything, campaign.id, 'approve', null);
  const merchantKey = await inTransaction(platform.db, async (tx) => {
    const store = await createPartner(tx, platform, author, everything, { orgId: keqiao.id, name: '柯桥便利店', kind: 'merchant' });
    return issuePartnerKey(tx, platform, author, everything, store.id, 'demo cashier');
  });
  return { campaign: campaign.name, merchantKey };
}
