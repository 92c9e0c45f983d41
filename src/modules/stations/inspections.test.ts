// The uniform standard and inspection visits, as use cases on a real database: whose standard holds,
// a visit recorded point by point with its conclusion, and bad input refused with nothing written.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { type Actor } from '../../platform/audit/audit.js';
import { queryRows } from '../../platform/db/tx.js';
import { DEFAULT_STANDARD, type InspectionAnswer } from './rules.js';
import {
  clearStationStandard,
  getStationStandard,
  lastInspections,
  listInspections,
  recordInspection,
  setStationStandard,
} from './service/inspections.js';
import { createStation } from './service/write.js';
import { riderHomeInput } from './testing.js';

// A Monday in Shanghai, mid-morning.
const now = new Date('2026-12-07T10:00:00+08:00');
const inspector = (t: TestApp): Actor => ({
  kind: 'staff',
  id: null,
  name: '柯桥区总工会 王检查',
  orgId: t.demo.keqiao.id,
  orgPath: t.demo.keqiao.path,
  requestId: null,
  ip: null,
});
const keqiao = (t: TestApp) => ({ orgId: t.demo.keqiao.id, path: t.demo.keqiao.path });
const yuecheng = (t: TestApp) => ({ orgId: t.demo.yuecheng.id, path: t.demo.yuecheng.path });
const allPass = (): InspectionAnswer[] => DEFAULT_STANDARD.map((p) => ({ code: p.code, result: 'pass' }));
const count = async (t: TestApp, table: 'station_inspection' | 'station_standard' | 'audit_log') =>
  (await queryRows<{ n: number }>(t.platform.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]?.n ?? 0;

async function streetStation(t: TestApp) {
  return createStation(t.platform.db, inspector(t), keqiao(t), riderHomeInput(t.demo.keqiaoStreet.id, '柯桥街道爱心驿站'));
}

describe('the uniform standard', () => {
  const h = useTestApp();

  it('holds a station to its nearest union’s checklist above it, else to the default', async () => {
    const { t } = h;
    const db = t.platform.db;
    const street = t.demo.keqiaoStreet.id;
    expect(await getStationStandard(db, keqiao(t), street)).toMatchObject({ orgId: street, source: null, items: DEFAULT_STANDARD });
    const district = [
      { code: 'sign', text: '统一标识', required: true },
      { code: 'water', text: '饮水', required: true },
    ];
    await setStationStandard(db, inspector(t), keqiao(t), t.demo.keqiao.id, district);
    expect(await getStationStandard(db, keqiao(t), street)).toMatchObject({
      source: { orgId: t.demo.keqiao.id, orgName: '柯桥区总工会' },
      items: district,
    });
    // The street's own, nearer, wins; given up, the district's holds again.
    await setStationStandard(db, inspector(t), keqiao(t), street, [{ code: 'sign', text: '街道统一标识', required: true }]);
    expect((await getStationStandard(db, keqiao(t), street)).source?.orgId).toBe(street);
    expect((await getStationStandard(db, keqiao(t), t.demo.keqiao.id)).source?.orgId).toBe(t.demo.keqiao.id);
    await clearStationStandard(db, inspector(t), keqiao(t), street);
    expect((await getStationStandard(db, keqiao(t), street)).source?.orgId).toBe(t.demo.keqiao.id);
  });

  it('refuses a malformed checklist, and a sibling district’s union, writing nothing', async () => {
    const { t } = h;
    const db = t.platform.db;
    const audit = await count(t, 'audit_log');
    await expect(setStationStandard(db, inspector(t), keqiao(t), t.demo.keqiao.id, [])).rejects.toMatchObject({
      code: 'stations.invalid',
      errors: [{ code: 'stations.standard_empty' }],
    });
    await expect(
      setStationStandard(db, inspector(t), yuecheng(t), t.demo.keqiao.id, [{ code: 'sign', text: '越权', required: true }]),
    ).rejects.toMatchObject({ code: 'orgs.not_found' });
    await expect(getStationStandard(db, yuecheng(t), t.demo.keqiaoStreet.id)).rejects.toMatchObject({ status: 404 });
    expect(await count(t, 'station_standard')).toBe(0);
    expect(await count(t, 'audit_log')).toBe(audit);
  });
});

describe(recordInspection.name, () => {
  const h = useTestApp();

  it('concludes rectify when a required point fails, with the date to put it right by, and lists the visits newest first', async () => {
    const { t } = h;
    const db = t.platform.db;
    const station = await streetStation(t);
    const first = await recordInspection(db, inspector(t), keqiao(t), station.id, { visitedOn: '2026-11-20', results: allPass() }, now);
    expect(first).toMatchObject({ conclusion: 'meets', rectifyBy: null, inspectorName: '柯桥区总工会 王检查', photos: [] });
    const results = allPass().map((a) =>
      a.code === 'first_aid'
        ? { ...a, result: 'fail' as const, note: '药箱内碘伏过期' }
        : a.code === 'microwave'
          ? { ...a, result: 'not_applicable' as const }
          : a,
    );
    const second = await recordInspection(
      db,
      inspector(t),
      keqiao(t),
      station.id,
      { visitedOn: '2026-12-07', results, rectifyBy: '2026-12-21', note: '站长在岗，台账齐全' },
      now,
    );
    expect(second).toMatchObject({ conclusion: 'rectify', rectifyBy: '2026-12-21', note: '站长在岗，台账齐全' });
    expect(second.results.find((r) => r.code === 'first_aid')).toEqual({
      code: 'first_aid',
      text: '急救药箱（药品在有效期内）',
      required: true,
      result: 'fail',
      note: '药箱内碘伏过期',
    });
    expect(second.results.map((r) => r.code)).toEqual(DEFAULT_STANDARD.map((p) => p.code));
    const page = await listInspections(db, keqiao(t), station.id, { limit: 1 });
    expect(page.items.map((i) => i.id)).toEqual([second.id]);
    const next = await listInspections(db, keqiao(t), station.id, { limit: 1, before: page.nextCursor ?? undefined });
    expect(next).toMatchObject({ items: [{ id: first.id }], nextCursor: null });
    expect(await lastInspections(db, keqiao(t), [station.id])).toEqual([
      { stationId: station.id, inspectionId: second.id, visitedOn: '2026-12-07', conclusion: 'rectify', rectifyBy: '2026-12-21' },
    ]);
    expect(await lastInspections(db, yuecheng(t), [station.id])).toEqual([]);
  });

  it('keeps the points as they were on the day when the standard changes after', async () => {
    const { t } = h;
    const db = t.platform.db;
    const station = await streetStation(t);
    const done = await recordInspection(db, inspector(t), keqiao(t), station.id, { visitedOn: '2026-12-01', results: allPass() }, now);
    await setStationStandard(db, inspector(t), keqiao(t), t.demo.keqiao.id, [{ code: 'sign', text: '新的统一标识要求', required: true }]);
    const [kept] = (await listInspections(db, keqiao(t), station.id, { limit: 5 })).items;
    expect(kept?.results).toEqual(done.results);
    expect(kept?.results[0]?.text).toBe('统一标识标牌（门口悬挂，醒目可见）');
    // The next visit is held to the new one.
    const next = await recordInspection(
      db,
      inspector(t),
      keqiao(t),
      station.id,
      { visitedOn: '2026-12-07', results: [{ code: 'sign', result: 'pass' }] },
      now,
    );
    expect(next.results).toEqual([{ code: 'sign', text: '新的统一标识要求', required: true, result: 'pass' }]);
  });

  it('refuses an unknown point, a missing one, and a missing or past date to put things right by, writing nothing', async () => {
    const { t } = h;
    const db = t.platform.db;
    const station = await streetStation(t);
    const audit = await count(t, 'audit_log');
    const failed = allPass().map((a) => (a.code === 'sign' ? { ...a, result: 'fail' as const, note: '未挂统一标识' } : a));
    const record = (input: Parameters<typeof recordInspection>[4]) => recordInspection(db, inspector(t), keqiao(t), station.id, input, now);
    await expect(record({ visitedOn: '2026-12-07', results: [...allPass(), { code: 'wifi', result: 'pass' }] })).rejects.toMatchObject({
      code: 'stations.invalid',
      status: 400,
      errors: [{ code: 'stations.inspection_point_unknown' }],
    });
    await expect(record({ visitedOn: '2026-12-07', results: allPass().filter((a) => a.code !== 'ledger') })).rejects.toMatchObject({
      errors: [{ code: 'stations.inspection_point_missing', message: '「服务台账（来访、物品发放记录）」还没有填写检查结果' }],
    });
    await expect(record({ visitedOn: '2026-12-07', results: failed })).rejects.toMatchObject({
      errors: [{ field: 'rectifyBy', code: 'stations.rectify_by_missing', message: '有必备项不合格，请填写整改期限' }],
    });
    await expect(record({ visitedOn: '2026-12-07', results: failed, rectifyBy: '2026-12-06' })).rejects.toMatchObject({
      errors: [{ code: 'stations.rectify_by_past' }],
    });
    await expect(
      recordInspection(db, inspector(t), yuecheng(t), station.id, { visitedOn: '2026-12-07', results: allPass() }, now),
    ).rejects.toMatchObject({ code: 'stations.not_found' });
    expect(await count(t, 'station_inspection')).toBe(0);
    expect(await count(t, 'audit_log')).toBe(audit);
  });
});
