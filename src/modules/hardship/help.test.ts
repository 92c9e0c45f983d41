// 冀北's help: two helpers per family, the help card's QR, weekly contact with its reminder, the weekly
// random call-back, and a worker's need followed to its answer.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { memberCookie, nextPhone } from '../../../test/harness/members.js';
import { drawCallbacks } from './service/help.js';
import { filedHousehold, staffCall as call } from './testing.js';

describe('help cards, helpers, contact and call-backs', () => {
  const h = useTestApp();

  it('two helpers per family, the card opens the family for the subtree only, and contacts clear the weekly reminder', async () => {
    const { t } = h;
    const family = await filedHousehold(t, 81);
    const other = await filedHousehold(t, 82);
    const base = `/api/console/hardship-files/${family.id}`;
    const one = await call(t, 'keqiao', 'PUT', `${base}/helpers`, { helpers: [{ name: '刘志强', phone: '13905751234' }] });
    expect([one.statusCode, one.json().code]).toEqual([400, 'hardship.helpers_two']);
    const two = await call(t, 'keqiao', 'PUT', `${base}/helpers`, {
      helpers: [
        { name: '刘志强', phone: '13905751234' },
        { name: '陈丽', phone: '13905755678' },
      ],
    });
    expect(two.json().helpers).toEqual([
      { name: '刘志强', phone: '139****1234' },
      { name: '陈丽', phone: '139****5678' },
    ]);
    const card = (await call(t, 'keqiao', 'GET', `${base}/help-card`)).json();
    // The printed card gives the family its helpers' whole numbers to call; issuing it is audited.
    expect(card).toMatchObject({
      fileNumber: family.fileNumber,
      orgName: '柯桥区总工会',
      helpers: [
        { name: '刘志强', phone: '13905751234' },
        { name: '陈丽', phone: '13905755678' },
      ],
      // Never contacted: due this week (rules.ts contactState).
      lastContactOn: null,
      contactState: 'due',
    });
    expect(card.url).toContain('/console/hardship/help/card?c=GHK1.');
    // The family sees the same two in 我的帮扶, to call them; the other family has none yet.
    const mine = async (phone: string) =>
      (await t.request({ method: 'GET', url: '/api/member/hardship-files', cookie: await memberCookie(t, phone) })).json().items[0].helpers;
    expect(await mine(family.phone)).toEqual(card.helpers);
    expect(await mine(other.phone)).toEqual([]);
    const scanned = await call(t, 'keqiao.street', 'GET', `/api/console/hardship-cards/resolve?c=${encodeURIComponent(card.token)}`);
    // The street union is below 柯桥, the file's union: the family is not in its subtree.
    expect(scanned.statusCode).toBe(404);
    expect((await call(t, 'keqiao', 'GET', `/api/console/hardship-cards/resolve?c=${encodeURIComponent(card.token)}`)).json()).toEqual({
      fileId: family.id,
    });
    expect((await call(t, 'yuecheng', 'GET', `/api/console/hardship-cards/resolve?c=${encodeURIComponent(card.token)}`)).statusCode).toBe(
      404,
    );
    const forged = await call(
      t,
      'keqiao',
      'GET',
      `/api/console/hardship-cards/resolve?c=${encodeURIComponent(`${card.token.slice(0, -4)}AAAA`)}`,
    );
    expect([forged.statusCode, forged.json().code]).toEqual([422, 'hardship.card_invalid']);

    const due = (await call(t, 'keqiao', 'GET', '/api/console/hardship-contacts-due')).json().items;
    expect(due.map((d: { fileId: string }) => d.fileId).sort()).toEqual([family.id, other.id].sort());
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const logged = await call(t, 'keqiao', 'POST', `${base}/contacts`, {
      kind: 'visit',
      contactedOn: today,
      done: '送去米面油，帮助联系医院复查',
      needs: '孩子下学期学费',
    });
    expect([logged.statusCode, logged.json().contactState]).toEqual([201, 'ok']);
    // A volunteer without an account is named by the one who records the call.
    await call(t, 'keqiao', 'POST', `${base}/contacts`, {
      kind: 'call',
      contactedOn: today,
      done: '电话询问复查情况',
      helperName: '志愿者小王',
    });
    const log = (await call(t, 'keqiao', 'GET', `${base}/contacts`)).json().items;
    expect(log.map((c: { helperName: string; kind: string }) => c.kind)).toEqual(['call', 'visit']);
    expect(log[0].helperName).toBe('志愿者小王');
    expect((await call(t, 'yuecheng', 'GET', `${base}/contacts`)).statusCode).toBe(404);
    const after = (await call(t, 'keqiao', 'GET', '/api/console/hardship-contacts-due')).json().items;
    expect(after.map((d: { fileId: string }) => d.fileId)).toEqual([other.id]);
  });

  it('draws a share of families for call-back once a week, and records what the call found', async () => {
    const { t } = h;
    for (const serial of [91, 92, 93]) await filedHousehold(t, serial);
    // 10% of three families: one is drawn; a second run in the same week draws no more.
    expect(await drawCallbacks(t.platform.db)).toBe(1);
    expect(await drawCallbacks(t.platform.db)).toBe(0);
    const list = (await call(t, 'keqiao', 'GET', '/api/console/hardship-callbacks')).json().items;
    expect(list).toHaveLength(1);
    expect(list[0].phone).toMatch(/^1\d{10}$/);
    const done = await call(t, 'keqiao', 'POST', `/api/console/hardship-callbacks/${list[0].id as string}`, {
      satisfaction: 4,
      problems: '帮扶人联系及时，希望增加医疗救助',
    });
    expect(done.statusCode).toBe(204);
    expect((await call(t, 'keqiao', 'GET', '/api/console/hardship-callbacks')).json().items[0]).toMatchObject({
      status: 'done',
      satisfaction: 4,
    });
    expect((await call(t, 'yuecheng', 'GET', '/api/console/hardship-callbacks')).json().items).toEqual([]);
  });

  it('a worker posts a need and follows it to the answer; a worker without a file is told to apply first', async () => {
    const { t } = h;
    const phone = nextPhone();
    await filedHousehold(t, 95, phone);
    const worker = await memberCookie(t, phone);
    const posted = await t.request({
      method: 'POST',
      url: '/api/member/hardship-needs',
      cookie: worker,
      body: { content: '孩子下学期学费还差两千元，能否申请金秋助学' },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const open = (await call(t, 'keqiao', 'GET', '/api/console/hardship-needs?status=open')).json().items;
    expect(open.map((n: { content: string }) => n.content)).toEqual(['孩子下学期学费还差两千元，能否申请金秋助学']);
    const answered = await call(t, 'keqiao', 'POST', `/api/console/hardship-needs/${open[0].id as string}/answer`, {
      answer: '已列入今年金秋助学名单，九月初发放',
    });
    expect(answered.json()).toMatchObject({ status: 'answered' });
    const mine = (await t.request({ method: 'GET', url: '/api/member/hardship-needs', cookie: worker })).json().items;
    expect(mine[0]).toMatchObject({
      status: 'answered',
      answer: '已列入今年金秋助学名单，九月初发放',
      orgName: '柯桥区总工会',
      answeredBy: expect.stringMatching(/.+/),
    });
    expect(t.sms.sent.filter((m) => m.phone === phone).map((m) => m.template)).toContain('hardship_need_answered');
    const stranger = await t.request({
      method: 'POST',
      url: '/api/member/hardship-needs',
      cookie: await memberCookie(t, nextPhone()),
      body: { content: '想了解帮扶政策' },
    });
    expect([stranger.statusCode, stranger.json().code]).toEqual([404, 'hardship.no_file_for_need']);
    expect(
      (await call(t, 'yuecheng', 'POST', `/api/console/hardship-needs/${open[0].id as string}/answer`, { answer: '越权答复' })).statusCode,
    ).toBe(404);
  });
});
