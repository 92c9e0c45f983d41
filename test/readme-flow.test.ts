// The README's "To try the member flow", followed as written: the values are read from README.md
// itself, so the README and what the demo does cannot drift apart again (issue 13, point 15: the flow
// said to approve as the street's staff, but the courier a reader entered went to the district's
// courier federation, and that reviewer's queue stayed empty).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRADES, type Trade } from '#modules/orgs';
import { signRequest } from '../src/platform/auth/partner-client.js';
import { listChildRegions, type Region } from '../src/platform/regions/regions.js';
import { useTestApp, type TestApp } from './harness/app.js';
import { makeIdNumber, memberCookie, nextPhone } from './harness/members.js';

interface ReadmeFlow {
  name: string;
  idNumber: string;
  tradeLabel: string;
  place: string[];
  placement: string;
  reviewer: string;
}

function readmeFlow(): ReadmeFlow {
  const readme = readFileSync(path.join(import.meta.dirname, '../README.md'), 'utf8');
  const start = readme.indexOf('To try the member flow');
  if (start < 0) throw new Error('README.md has no "To try the member flow"');
  const end = readme.indexOf('\n## ', start);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const pick = (what: string, pattern: RegExp): string => {
    const value = pattern.exec(section)?.[1];
    if (!value) throw new Error(`the README's member flow names no ${what}: a reader has to guess it`);
    return value;
  };
  return {
    name: pick('姓名', /姓名 `([^`]+)`/),
    idNumber: pick('身份证号', /身份证号 `([^`]+)`/),
    tradeLabel: pick('行业', /行业 `([^`]+)`/),
    place: pick('工作地点', /工作地点\s+`([^`]+)`/)
      .split('/')
      .map((part) => part.trim()),
    placement: pick('union the form shows', /union that will take the\s+worker: `([^`]+)`/),
    reviewer: pick('console user who approves', /sign in (?:to the console )?as `([^`]+)`/),
  };
}

/** The trade whose label the H5's form shows as `label`. */
async function tradeOf(label: string): Promise<Trade> {
  // Through a variable: the web app has its own tsconfig (DOM, bundler resolution), not this one.
  const catalogue = '../web/shared/i18n/zh-CN.ts';
  const { zhCN } = (await import(/* @vite-ignore */ catalogue)) as { zhCN: { enums: { trade: Record<string, string> } } };
  const trade = TRADES.find((code) => zhCN.enums.trade[code] === label);
  if (!trade) throw new Error(`the form offers no trade "${label}"`);
  return trade;
}

/** The street code the form's region picker gives for the names province / city / district / street. */
function streetOf(names: readonly string[]): string {
  let parent: string | null = null;
  for (const name of names) {
    const region: Region | undefined = listChildRegions(parent).find((r) => r.name === name);
    if (!region) throw new Error(`the region picker offers no "${name}" under ${parent ?? 'China'}`);
    parent = region.code;
  }
  if (!parent || parent.length !== 9) throw new Error(`"${names.join(' / ')}" is not a street`);
  return parent;
}

async function pendingIds(t: TestApp, staffCookie: string): Promise<string[]> {
  const queue = await t.request({ method: 'GET', url: '/api/console/member-applications?status=pending&limit=200', cookie: staffCookie });
  expect(queue.statusCode).toBe(200);
  return queue.json().items.map((item: { id: string }) => item.id);
}

describe('the README’s member flow', () => {
  const h = useTestApp();

  it('works as written: the form shows the union it names, its reviewer approves, the card verifies at a partner', async () => {
    const { t } = h;
    const flow = readmeFlow();
    const trade = await tradeOf(flow.tradeLabel);
    const workRegionCode = streetOf(flow.place);

    // 1. Any mobile number signs in on the H5.
    const cookie = await memberCookie(t, nextPhone());
    // 2. The form, filled as the README says, shows the union the README names, and is accepted.
    const preview = await t.request({ method: 'POST', url: '/api/member/join/placement', cookie, body: { trade, workRegionCode } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().orgName).toBe(flow.placement);
    const submitted = await t.request({
      method: 'POST',
      url: '/api/member/applications',
      cookie,
      body: { name: flow.name, idNumber: flow.idNumber, trade, workRegionCode },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const applicationId: string = submitted.json().application.id;
    expect(submitted.json().application.orgName).toBe(flow.placement);

    // 3. The README's console user finds it under 入会审核 and approves it.
    const reviewer = await t.staffCookie(flow.reviewer);
    expect(await pendingIds(t, reviewer), `${flow.reviewer}'s queue`).toContain(applicationId);
    const approved = await t.request({
      method: 'POST',
      url: `/api/console/member-applications/${applicationId}/approve`,
      cookie: reviewer,
      body: {},
    });
    expect(approved.statusCode, approved.body).toBe(200);

    // 4. The H5's card shows a token, and the partner verifies it.
    const card = await t.request({ method: 'GET', url: '/api/member/card', cookie });
    expect(card.statusCode).toBe(200);
    const signed = signRequest(t.demo.partnerKey!, {
      method: 'POST',
      path: '/partner/v1/cards/verify',
      body: { token: card.json().token },
    });
    const verified = await t.app.inject({
      method: 'POST',
      url: signed.path,
      headers: { ...signed.headers, 'content-type': 'application/json' },
      payload: signed.body,
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ valid: true });
  });

  it('lands in the reviewer’s queue whatever trade the reader picks, and at whichever street of the district', async () => {
    const { t } = h;
    const flow = readmeFlow();
    const readmeTrade = await tradeOf(flow.tradeLabel);
    const district = flow.place.slice(0, 3);
    const streets = listChildRegions(streetOf(flow.place).slice(0, 6)).map((r) => r.name);
    const choices: { trade: Trade; workRegionCode: string }[] = [
      ...TRADES.map((trade) => ({ trade, workRegionCode: streetOf(flow.place) })),
      ...streets.map((street) => ({ trade: readmeTrade, workRegionCode: streetOf([...district, street]) })),
    ];
    expect(choices.length).toBeGreaterThan(TRADES.length);
    const reviewer = await t.staffCookie(flow.reviewer);
    // One reader trying every choice in turn: submit, look in the queue, withdraw.
    const cookie = await memberCookie(t, nextPhone());
    const idNumber = makeIdNumber('330621', '19930815', 246);
    for (const choice of choices) {
      const submitted = await t.request({
        method: 'POST',
        url: '/api/member/applications',
        cookie,
        body: { name: flow.name, idNumber, ...choice },
      });
      expect(submitted.statusCode, `${JSON.stringify(choice)}: ${submitted.body}`).toBe(201);
      const applicationId: string = submitted.json().application.id;
      expect(
        await pendingIds(t, reviewer),
        `${choice.trade} at ${choice.workRegionCode} → ${submitted.json().application.orgName}`,
      ).toContain(applicationId);
      const withdrawn = await t.request({ method: 'POST', url: `/api/member/applications/${applicationId}/withdraw`, cookie });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    }
  });

  it('is right that the street’s staff see only the street union’s own applications', async () => {
    const { t } = h;
    const flow = readmeFlow();
    const street = await t.staffCookie('keqiao.street');
    const cookie = await memberCookie(t, nextPhone());
    const rider = await t.request({
      method: 'POST',
      url: '/api/member/applications',
      cookie,
      body: {
        name: '王小红',
        idNumber: makeIdNumber('330621', '19910203', 428),
        trade: await tradeOf('网约送餐员'),
        workRegionCode: streetOf(flow.place),
      },
    });
    expect(rider.statusCode, rider.body).toBe(201);
    expect(rider.json().application.orgName).toBe('柯桥街道总工会');
    expect(await pendingIds(t, street)).toContain(rider.json().application.id);
    // …and not the README's courier, who went to the district's courier federation.
    const courier = await t.request({
      method: 'POST',
      url: '/api/member/applications',
      cookie: await memberCookie(t, nextPhone()),
      body: {
        name: flow.name,
        idNumber: makeIdNumber('330621', '19900101', 135),
        trade: await tradeOf(flow.tradeLabel),
        workRegionCode: streetOf(flow.place),
      },
    });
    expect(courier.statusCode, courier.body).toBe(201);
    expect(await pendingIds(t, street)).not.toContain(courier.json().application.id);
  });
});
