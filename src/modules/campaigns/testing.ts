// Test factories for campaigns; only tests import this file (.dependency-cruiser.cjs, testing-is-for-tests).
// A campaign is written by one demo staff account and approved by another, through the routes, as
// the console does it.
import { shanghaiDay } from '../../platform/db/columns.js';
import type { Db } from '../../platform/db/tx.js';
import type { TestApp } from '../../../test/harness/app.js';
import { claimFlags } from './schema.js';

/** 智送清凉 2022, scaled to a test: 满3元减2.99元, one a day per member, released at midnight so it is open now. */
export function campaignBody(orgId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const today = shanghaiDay(new Date());
  return {
    orgId,
    name: '智送清凉',
    description: '冰饮清凉券，每天 1 张',
    trades: ['courier', 'food_delivery', 'truck_driver', 'ride_hailing', 'sanitation', 'construction'],
    thresholdFen: 300,
    discountFen: 299,
    dailyQuota: 50_000,
    perMemberPeriod: 'day',
    perMemberLimit: 1,
    releaseTime: '00:00',
    startsOn: today,
    endsOn: `${today.slice(0, 4)}-12-31`,
    budgetFen: null,
    validDays: 7,
    ...overrides,
  };
}

/** A campaign written by `author` and approved by `approver` (demo usernames): running now unless the body says otherwise. */
export async function newCampaign(
  t: TestApp,
  body: Record<string, unknown>,
  options: { author?: string; approver?: string; approverCookie?: string; approve?: boolean } = {},
): Promise<{ id: string; status: string }> {
  const author = await t.staffCookie(options.author ?? 'keqiao');
  const created = await t.request({ method: 'POST', url: '/api/console/campaigns', cookie: author, body });
  if (created.statusCode !== 201) throw new Error(`campaign not created: ${created.body}`);
  const id = created.json<{ id: string }>().id;
  if (options.approve === false) return { id, status: 'draft' };
  const submitted = await t.request({ method: 'POST', url: `/api/console/campaigns/${id}/submit`, cookie: author, body: {} });
  if (submitted.statusCode !== 200) throw new Error(`campaign not submitted: ${submitted.body}`);
  const approver = options.approverCookie ?? (await t.staffCookie(options.approver ?? 'zhejiang'));
  const approved = await t.request({ method: 'POST', url: `/api/console/campaigns/${id}/approve`, cookie: approver, body: {} });
  if (approved.statusCode !== 200) throw new Error(`campaign not approved: ${approved.body}`);
  return { id, status: 'approved' };
}

/** An open flag on an account, as the scripted-claims job opens one. */
export async function newClaimFlag(db: Db, input: { accountId: string; memberId?: string | null; orgId: string }): Promise<string> {
  const [row] = await db
    .insert(claimFlags)
    .values({
      accountId: input.accountId,
      memberId: input.memberId ?? null,
      orgId: input.orgId,
      kind: 'always_first',
      details: { days: [] },
    })
    .returning({ id: claimFlags.id });
  if (!row) throw new Error('flag insert returned nothing');
  return row.id;
}
