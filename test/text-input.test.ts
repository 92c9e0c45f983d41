import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/platform/audit/audit.js';
import { maskName } from '../src/platform/crypto/mask.js';
import { useTestApp } from './harness/app.js';
import { join, makeIdNumber, memberCookie, nextPhone } from './harness/members.js';

// Real names use characters outside the Basic Multilingual Plane (生僻字 in CJK Extension B and later);
// invisible and direction-changing characters are how a name is made to look like someone else's.
describe('names and other text in requests', () => {
  const h = useTestApp();

  it('accepts a worker named with supplementary-plane characters, and a minority name with the middle dot', async () => {
    const { t } = h;
    const names = ['𠮷李', '王𪚥', '阿依古丽·买买提'];
    for (const [i, name] of names.entries()) {
      const { response } = await join(t, { name, idNumber: makeIdNumber('330621', '19900101', 301 + i) });
      expect(response.statusCode, response.body).toBe(201);
      // What comes back is masked; a name stored with U+FFFD or half a surrogate pair would mask otherwise.
      expect(response.json().application.nameMasked).toBe(maskName(name));
    }
  });

  it('accepts an organisation and a staff member named with supplementary-plane characters, counting characters, not UTF-16 units', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    // 60 characters, 120 UTF-16 code units: within the 100-character limit.
    const longName = `${'𪚥'.repeat(58)}工会`;
    for (const name of ['𠮷家村工会', longName]) {
      const org = await t.request({
        method: 'POST',
        url: '/api/console/orgs',
        cookie,
        body: { parentId: t.demo.keqiao.id, kind: 'township', name, regionCode: '330603004' },
      });
      expect(org.statusCode, org.body).toBe(201);
      expect(org.json().name).toBe(name);
    }
    const staff = await t.request({
      method: 'POST',
      url: '/api/console/staff',
      cookie,
      body: {
        orgId: t.demo.huasheStreet.id,
        username: 'wang.zha',
        displayName: '王𪚥',
        password: 'Huashe@2026!',
        roles: { orgs: 'viewer' },
      },
    });
    expect(staff.statusCode, staff.body).toBe(201);
    expect(staff.json().displayName).toBe('王𪚥');
  });

  it('imports organisations named with supplementary-plane characters, and refuses a name with a bidi override, by row', async () => {
    const { t } = h;
    const long = `${'𪚥'.repeat(57)}总工会`;
    const csv = [
      '组织名称,组织类型,上级组织,行政区划代码,组建方式,覆盖行业,统一社会信用代码',
      `${long},乡镇（街道）总工会,柯桥区总工会,330603010,,,`,
      '𠮷家街道总工会,乡镇（街道）总工会,柯桥区总工会,330603011,,,',
      '柯桥\u202e会工,乡镇（街道）总工会,柯桥区总工会,330603012,,,',
    ].join('\n');
    const r = await t.request({
      method: 'POST',
      url: '/api/console/orgs/import?mode=valid_rows',
      cookie: await t.staffCookie('keqiao'),
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ total: 3, written: 2 });
    expect(r.json().errors).toMatchObject([{ row: 4, column: '组织名称', code: 'validation.invalid_characters' }]);
  });

  it('refuses bidi overrides, zero-width characters and controls in names and free text, naming the field, and writes nothing', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const worker = await memberCookie(t, nextPhone());
    const before = (await verifyAuditChain(t.platform.db)).checked;
    const bad = [
      '柯桥\u202e会工',
      '柯桥\u2066工会\u2069',
      '柯\u200b桥工会',
      '柯桥\u200d工会',
      '柯桥\ufeff工会',
      '柯桥\u0007工会',
      '柯桥\u0085工会',
      '柯桥\u200f工会',
    ];
    for (const name of bad) {
      const org = await t.request({
        method: 'POST',
        url: '/api/console/orgs',
        cookie,
        body: { parentId: t.demo.keqiao.id, kind: 'township', name, regionCode: '330603004' },
      });
      expect(org.statusCode, JSON.stringify(name)).toBe(400);
      expect(org.json().errors).toMatchObject([{ field: 'body.name', code: 'validation.invalid_characters' }]);
    }
    const staff = await t.request({
      method: 'POST',
      url: '/api/console/staff',
      cookie,
      body: { orgId: t.demo.huasheStreet.id, username: 'zero.width', displayName: '王\u200b五', password: 'Huashe@2026!', roles: {} },
    });
    expect(staff.statusCode).toBe(400);
    expect(staff.json().errors).toMatchObject([{ field: 'body.displayName', code: 'validation.invalid_characters' }]);
    const reason = await t.request({
      method: 'POST',
      url: `/api/console/orgs/${t.demo.huasheStreet.id}/deactivate`,
      cookie,
      body: { reason: '撤销\u202e原因' },
    });
    expect(reason.statusCode).toBe(400);
    expect(reason.json().errors).toMatchObject([{ field: 'body.reason', code: 'validation.invalid_characters' }]);
    const application = await t.request({
      method: 'POST',
      url: '/api/member/applications',
      cookie: worker,
      body: { name: '李\u202e明', idNumber: makeIdNumber('330621', '19900101', 311), trade: 'courier', workRegionCode: '330603001' },
    });
    expect(application.statusCode).toBe(400);
    expect(application.json().errors).toMatchObject([{ field: 'body.name', code: 'validation.invalid_characters' }]);
    expect((await verifyAuditChain(t.platform.db)).checked).toBe(before);
  });

  it('keeps emoji joined by a zero-width joiner in free text', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const org = await t.request({
      method: 'POST',
      url: '/api/console/orgs',
      cookie,
      body: { parentId: t.demo.keqiao.id, kind: 'township', name: '湖塘街道总工会', regionCode: '330603004' },
    });
    expect(org.statusCode, org.body).toBe(201);
    const r = await t.request({
      method: 'POST',
      url: `/api/console/orgs/${org.json().id}/deactivate`,
      cookie,
      body: { reason: '合并到街道 👨‍👩‍👧' },
    });
    expect(r.statusCode, r.body).toBe(200);
  });

  it('answers a JSON body that is not valid UTF-8 with 400 common.invalid_encoding, instead of storing U+FFFD', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const before = (await verifyAuditChain(t.platform.db)).checked;
    const body = Buffer.concat([
      Buffer.from(`{"parentId":"${t.demo.keqiao.id}","kind":"township","name":"柯桥`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('工会","regionCode":"330603004"}'),
    ]);
    const r = await t.request({ method: 'POST', url: '/api/console/orgs', cookie, body });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'common.invalid_encoding', status: 400 });
    expect(r.json().title).toMatch(/UTF-8/);
    expect((await verifyAuditChain(t.platform.db)).checked).toBe(before);
  });
});
