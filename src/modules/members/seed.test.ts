import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/harness/db.js';
import { openPgliteFromImage } from '../../../test/harness/pglite-image.js';
import { createPlatform } from '../../platform/bootstrap.js';
import { parseConfig } from '../../platform/config/config.js';
import type { Platform } from '../../platform/context.js';
import { checkIdNumber, checkMobile } from '../../platform/crypto/validators.js';
import type { Database } from '../../platform/db/client.js';
import { shanghaiDay, uuidv7 } from '../../platform/db/columns.js';
import { queryRows } from '../../platform/db/tx.js';
import { getOrgsByIds, listPlacementCandidates, TRADES, type Org } from '#modules/orgs';
import { ageOn, choosePlacement, enclosingRegions, isNewFormTrade, isValidMemberNo } from './rules.js';
import { members } from './schema.js';
import { getMemberSnapshotsByAccounts } from './service/lookup.js';
import { decryptPerson } from './service/person.js';
import { seedDemo, type DemoTree } from '../../seed/demo.js';
import { seedMembers } from './seed.js';

const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
const NOW = new Date('2026-03-15T04:00:00Z');
const TODAY = shanghaiDay(NOW);
const YEAR_MS = 365.25 * 86_400_000;

type Stored = typeof members.$inferSelect;

async function readRoll(p: Platform) {
  const rows: Stored[] = await p.db.select().from(members).orderBy(members.memberNo);
  return rows.map((row) => ({ row, plain: decryptPerson(p.cipher, row) }));
}

describe('seedMembers', () => {
  let p: Platform;
  let demo: DemoTree;
  const h = useTestDatabase({
    setup: async (database) => {
      p = createPlatform(config, database);
      demo = await seedDemo(p, database, { modules: false });
    },
  });

  it('seeds 2,000 valid, unique members, each in the union the placement rule chooses', async () => {
    const progress: number[] = [];
    const result = await seedMembers(h.database, p, {
      count: 2_000,
      seed: 42,
      now: NOW,
      batchSize: 700,
      onProgress: (s) => progress.push(s.written),
    });
    expect(result).toMatchObject({ written: 2_000, duplicates: 0 });
    expect(progress).toEqual([700, 1_400, 2_000]);

    const roll = await readRoll(p);
    expect(roll).toHaveLength(2_000);
    const idNumbers = new Set<string>();
    const phones = new Set<string>();
    const memberNos = new Set<string>();
    const candidates = new Map<string, Org[]>();
    const rules = new Map<string, number>();
    for (const { row, plain } of roll) {
      const checked = checkIdNumber(plain.idNumber ?? '', NOW);
      expect(checked, plain.idNumber ?? '').toMatchObject({ ok: true, facts: { birthDate: row.birthDate, gender: row.gender } });
      expect(plain.idNumber?.slice(0, 4)).toMatch(/^33/);
      const age = ageOn(row.birthDate ?? '', TODAY);
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThanOrEqual(60);
      idNumbers.add(plain.idNumber ?? '');
      expect(checkMobile(plain.phone ?? '').ok).toBe(true);
      phones.add(plain.phone ?? '');
      expect(plain.name).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(isValidMemberNo(row.memberNo)).toBe(true);
      expect(row.memberNo.startsWith('33')).toBe(true);
      memberNos.add(row.memberNo);

      expect(row.workRegionCode).toMatch(/^(330603|330602)\d{3}$/);
      expect(row.newForm).toBe(isNewFormTrade(row.trade as Parameters<typeof isNewFormTrade>[0]));
      expect(row.source).toBe('seed');
      expect(row.joinedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(row.joinedAt.getTime()).toBeGreaterThan(NOW.getTime() - 3 * YEAR_MS - 86_400_000);
      expect(ageOn(row.birthDate ?? '', shanghaiDay(row.joinedAt))).toBeGreaterThanOrEqual(18);

      const key = `${row.workRegionCode}|${row.employerUscc ?? ''}`;
      let pool = candidates.get(key);
      if (!pool) {
        pool = await listPlacementCandidates(p.db, enclosingRegions(row.workRegionCode), row.employerUscc);
        candidates.set(key, pool);
      }
      const placement = choosePlacement(
        { trade: row.trade as Org['trades'][number], workRegionCode: row.workRegionCode, employerUscc: row.employerUscc },
        pool,
      );
      expect(placement?.orgId).toBe(row.orgId);
      rules.set(placement?.rule ?? '', (rules.get(placement?.rule ?? '') ?? 0) + 1);
    }
    expect(idNumbers.size).toBe(2_000);
    expect(phones.size).toBe(2_000);
    expect(memberNos.size).toBe(2_000);
    // Every branch of the rule is met: the 饿了么 hub's riders, the courier federation, streets with
    // a union and the district fallback.
    expect([...rules.keys()].sort()).toEqual(['county_union', 'employer_union', 'industry_federation', 'township_union']);
    const trades = new Set(roll.map((m) => m.row.trade));
    expect(trades.size).toBe(12);
    // The eight key groups (八大群体) are the first eight trades.
    const eightKeyGroups: readonly string[] = TRADES.slice(0, 8);
    const keyGroups = roll.filter((m) => eightKeyGroups.includes(m.row.trade));
    expect(keyGroups.length / roll.length).toBeGreaterThan(0.6);
  });

  it('adds new people on a second run with the same seed', async () => {
    await seedMembers(h.database, p, { count: 500, seed: 42, now: NOW });
    const result = await seedMembers(h.database, p, { count: 500, seed: 42, now: NOW });
    expect(result).toMatchObject({ written: 500, duplicates: 0 });
    const [row] = await queryRows<{ n: number; people: number }>(
      p.db,
      sql`select count(*)::int as n, count(distinct id_index)::int as people from member`,
    );
    expect(row).toEqual({ n: 1_000, people: 1_000 });
  });

  it('places every member within --org', async () => {
    const before = await queryRows<{ id: string }>(p.db, sql`select id from member`);
    await seedMembers(h.database, p, { count: 300, seed: 7, now: NOW, orgId: demo.huasheStreet.id });
    const added = (await readRoll(p)).filter((m) => !before.some((b) => b.id === m.row.id));
    expect(added).toHaveLength(300);
    const orgs = await getOrgsByIds(p.db, [...new Set(added.map((m) => m.row.orgId))]);
    for (const org of orgs) expect(org.path.startsWith(demo.huasheStreet.path)).toBe(true);
    expect(new Set(added.map((m) => m.row.workRegionCode))).toEqual(new Set([demo.huasheStreet.regionCode]));
    // Couriers there belong to the district's courier federation, outside the street: none are generated.
    expect(added.some((m) => m.row.trade === 'courier')).toBe(false);

    await seedMembers(h.database, p, { count: 50, seed: 7, now: NOW, orgId: demo.elemeHub.id });
    const [hub] = await queryRows<{ n: number }>(
      p.db,
      sql`select count(*)::int as n from member where org_id = ${demo.elemeHub.id} and employer_uscc = ${demo.elemeHub.uscc}`,
    );
    expect(hub?.n).toBeGreaterThanOrEqual(50);
  });

  it('gives each new member one of the accounts passed, in order, across batches', async () => {
    const accountIds = Array.from({ length: 250 }, () => uuidv7());
    const result = await seedMembers(h.database, p, { count: 250, seed: 11, now: NOW, batchSize: 100, accountIds });
    expect(result.written).toBe(250);
    const snapshots = await getMemberSnapshotsByAccounts(p.db, accountIds);
    expect(snapshots.size).toBe(250);
    const [linked] = await queryRows<{ n: number; accounts: number }>(
      p.db,
      sql`select count(*)::int as n, count(distinct account_id)::int as accounts from member where account_id is not null`,
    );
    expect(linked).toEqual({ n: 250, accounts: 250 });
    // The first account goes to the first member written (member numbers are handed out in order).
    const [first] = await p.db
      .select()
      .from(members)
      .where(sql`${members.accountId} = ${accountIds[0]}`);
    const [lowest] = await queryRows<{ member_no: string }>(
      p.db,
      sql`select min(member_no) as member_no from member where account_id is not null`,
    );
    expect(first?.memberNo).toBe(lowest?.member_no);
    await expect(seedMembers(h.database, p, { count: 3, accountIds: accountIds.slice(0, 2) })).rejects.toThrow(/2 account ids for 3/);
  });

  it('draws the same people from the same seed', async () => {
    const people = async () => {
      const database: Database = await openPgliteFromImage();
      try {
        const platform = createPlatform(config, database);
        await seedDemo(platform, database, { modules: false });
        await seedMembers(database, platform, { count: 200, seed: 99, now: NOW, batchSize: 64 });
        const roll = await readRoll(platform);
        const names = new Map((await getOrgsByIds(platform.db, [...new Set(roll.map((m) => m.row.orgId))])).map((o) => [o.id, o.name]));
        return roll.map(({ row, plain }) =>
          [
            plain.idNumber,
            plain.name,
            plain.phone,
            plain.workAddress,
            row.trade,
            row.workRegionCode,
            names.get(row.orgId),
            row.joinedAt.toISOString(),
          ].join(' '),
        );
      } finally {
        await database.close();
      }
    };
    const first = await people();
    expect(first).toHaveLength(200);
    expect(await people()).toEqual(first);
  });
});
