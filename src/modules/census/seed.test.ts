// The demo's census: 柯桥区's 1,472 couriers in 27 brands (the seed page's numbers) and a platform's
// riders, some of them on the demo roll, counted by the real counting.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { coverage } from '../../../test/harness/census.js';
import { seedMembers } from '#modules/members';
import { DEMO_COURIERS, seedCensusDemo } from './seed.js';

describe('the demo census', () => {
  const h = useTestApp();

  it('counts 柯桥区’s 1,472 couriers and a platform’s riders, four in ten of the roll’s riders among them matched', async () => {
    const { t } = h;
    await seedMembers(t.database, t.platform, { count: 400 });
    const { census } = await seedCensusDemo(t.database, t.platform, t.demo.keqiao);
    const report = await coverage(t);
    expect(report.totals.census).toBe(census);
    const couriers = report.trades.find((x: { key: string }) => x.key === 'courier');
    expect(couriers).toMatchObject({ census: DEMO_COURIERS, members: 0 });
    const riders = report.trades.find((x: { key: string }) => x.key === 'food_delivery');
    expect(riders.members).toBeGreaterThan(0);
    expect(riders.census).toBe(census - DEMO_COURIERS);
    const lists = (await t.request({ method: 'GET', url: '/api/console/census/lists', cookie: await t.staffCookie('keqiao') })).json();
    expect(lists.items.map((l: { sourceName: string; status: string }) => `${l.sourceName}:${l.status}`).sort()).toEqual([
      '柯桥区市场监管局:completed',
      '美团柯桥站:completed',
    ]);
  });
});
