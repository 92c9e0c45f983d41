import { describe, expect, it } from 'vitest';
import { newApplication, newMember } from '../src/modules/members/testing.js';
import { newUnion } from '../src/modules/orgs/testing.js';
import { lookupPartnerKey } from '../src/modules/partners/service.js';
import { newPartner } from '../src/modules/partners/testing.js';
import { newStaff } from '../src/modules/staff/testing.js';
import { useTestApp } from './harness/app.js';

// The modules' test factories make what their names promise, valid by the modules' own rules: the
// next modules' tests build on them.
describe('test factories', () => {
  const h = useTestApp();

  it('newUnion makes an employer union under a street, which the district sees in its tree', async () => {
    const { t } = h;
    const union = await newUnion(t.platform.db, t.demo.keqiaoStreet);
    expect(union).toMatchObject({ kind: 'grassroots', parentId: t.demo.keqiaoStreet.id, regionCode: '330603001', status: 'active' });
    const tree = await t.request({
      method: 'GET',
      url: `/api/console/orgs/tree?parentId=${t.demo.keqiaoStreet.id}`,
      cookie: await t.staffCookie('keqiao'),
    });
    expect(tree.json().items.map((o: { id: string }) => o.id)).toContain(union.id);
  });

  it('newStaff makes a signed-in account with the given roles at the given union', async () => {
    const { t } = h;
    const { staff, cookie } = await newStaff(t.platform.db, t.demo.keqiaoStreet, { members: 'reviewer' });
    const me = await t.request({ method: 'GET', url: '/api/console/me', cookie });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({ id: staff.id, org: { id: t.demo.keqiaoStreet.id }, roles: { members: 'reviewer' } });
  });

  it('newPartner makes a partner with a live key', async () => {
    const { t } = h;
    const { partner, key } = await newPartner(t.platform, t.demo.keqiao);
    expect(partner).toMatchObject({ orgId: t.demo.keqiao.id, kind: 'merchant' });
    expect(await lookupPartnerKey(t.platform.db, t.platform, key.keyId)).toMatchObject({ partnerId: partner.id });
  });

  it('newApplication leaves an application pending review at the union the placement rule chose', async () => {
    const { t } = h;
    const application = await newApplication(t.platform);
    const read = await t.request({
      method: 'GET',
      url: `/api/console/member-applications/${application.applicationId}`,
      cookie: await t.staffCookie('keqiao'),
    });
    expect(read.json()).toMatchObject({ status: 'pending', orgId: t.demo.keqiaoStreet.id, memberId: null });
  });

  it('newMember puts an active member on the roll, signed in to the H5', async () => {
    const { t } = h;
    const member = await newMember(t.platform, { trade: 'courier' });
    const own = await t.request({ method: 'GET', url: '/api/member/membership', cookie: member.cookie });
    expect(own.json().member).toMatchObject({ id: member.memberId, status: 'active', orgId: member.orgId, trade: 'courier' });
    // Two members of one test are two people.
    const other = await newMember(t.platform);
    expect(other.idNumber).not.toBe(member.idNumber);
    expect(other.phone).not.toBe(member.phone);
  });

  it('starts each test from the seed: what the tests above made is gone', async () => {
    const { t } = h;
    const roll = await t.request({ method: 'GET', url: '/api/console/members', cookie: await t.staffCookie('keqiao') });
    expect(roll.json()).toMatchObject({ items: [], total: 0 });
    const applications = await t.request({
      method: 'GET',
      url: '/api/console/member-applications',
      cookie: await t.staffCookie('keqiao'),
    });
    expect(applications.json().items).toEqual([]);
  });
});
