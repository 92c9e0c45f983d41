// The roll counted (the area and union tallies kept by a trigger: migration 0014) and the roll's change
// feed, for the modules that report on the roll or follow it (the census's coverage): sums of a few
// hundred rows read by key, never a count of millions of members.
import { sql, type SQL } from 'drizzle-orm';
import type { Platform } from '../../../platform/context.js';
import { byteaArray, pgArray } from '../../../platform/db/arrays.js';
import type { TallyTable } from '../../../platform/db/tally.js';
import { queryRows, type Db } from '../../../platform/db/tx.js';
import { AREA_DEPTHS, memberAreaMonths, memberAreaTally, memberChanges, memberOrgMonths, members } from '../schema.js';
import { CONTEXT, idIndexOf, phoneIndexOf } from './person.js';

/** What a tally is narrowed to: an area (a GB/T 2260 code, '' the country) and a trade. */
export interface AreaFilter {
  /** '33' a province, '3306' a city, '330603' a district, '330603001' a street; '' everything. */
  area: string;
  trade?: string | undefined;
}

export interface MemberCounts {
  /** Active and suspended members. */
  members: number;
  newFormMembers: number;
  /** Members who joined from `since` on (whatever their status now). */
  joined: number;
  joinedNewForm: number;
}

const NO_COUNTS: MemberCounts = { members: 0, newFormMembers: 0, joined: 0, joinedNewForm: 0 };

/** How long the codes of an area's children are (the next of AREA_DEPTHS); null for a street. */
export function childDepth(area: string): number | null {
  const at = AREA_DEPTHS.findIndex((d) => d === area.length);
  return at >= 0 ? (AREA_DEPTHS[at + 1] ?? null) : null;
}

/**
 * Rows of the area's own depth (grouped by `key`), or of its areas `depth` digits long (the key is
 * the area's code; members placed no finer than the area itself come under its own code).
 */
function areaRows(table: typeof memberAreaTally | typeof memberAreaMonths, filter: AreaFilter, depth: number): SQL {
  const parts: SQL[] = [sql`${table.depth} = ${depth}`];
  parts.push(depth === filter.area.length ? sql`${table.areaCode} = ${filter.area}` : sql`${table.areaCode} like ${`${filter.area}%`}`);
  if (filter.trade) parts.push(sql`${table.trade} = ${filter.trade}`);
  return sql.join(parts, sql` and `);
}

/**
 * The roll's counts in an area grouped by trade, or by its areas `depth` digits long (its children:
 * AREA_DEPTHS). `since` is the first day (YYYY-MM-DD) that counts as joined. A few rows by key, from
 * the tallies kept by migration 0014's trigger.
 */
export async function memberCountsBy(
  db: Db,
  filter: AreaFilter,
  by: { depth: number } | 'trade',
  since: string,
): Promise<Map<string, MemberCounts>> {
  const depth = by === 'trade' ? filter.area.length : by.depth;
  const key = (t: typeof memberAreaTally | typeof memberAreaMonths) => (by === 'trade' ? t.trade : t.areaCode);
  const t = memberAreaTally;
  const m = memberAreaMonths;
  const rows = await queryRows<{ key: string; members: number; new_form_members: number; joined: number; joined_new_form: number }>(
    db,
    sql`select key, sum(members)::int as members, sum(new_form_members)::int as new_form_members,
               sum(joined)::int as joined, sum(joined_new_form)::int as joined_new_form
          from (select ${key(t)} as key, ${t.members} as members, case when ${t.newForm} then ${t.members} else 0 end as new_form_members,
                       0 as joined, 0 as joined_new_form
                  from ${t} where ${areaRows(t, filter, depth)}
                union all
                select ${key(m)}, 0, 0, ${m.joined}, case when ${m.newForm} then ${m.joined} else 0 end
                  from ${m} where ${areaRows(m, filter, depth)} and ${m.month} >= ${since}::date) c
         group by key`,
  );
  return new Map(
    rows.map((r) => [
      r.key,
      { members: r.members, newFormMembers: r.new_form_members, joined: r.joined, joinedNewForm: r.joined_new_form },
    ]),
  );
}

/** The roll's counts over a whole area (and trade). */
export async function memberCounts(db: Db, filter: AreaFilter, since: string): Promise<MemberCounts> {
  let total = NO_COUNTS;
  for (const c of (await memberCountsBy(db, filter, 'trade', since)).values()) {
    total = {
      members: total.members + c.members,
      newFormMembers: total.newFormMembers + c.newFormMembers,
      joined: total.joined + c.joined,
      joinedNewForm: total.joinedNewForm + c.joinedNewForm,
    };
  }
  return total;
}

/** Joins per month (YYYY-MM) in an area from `fromMonth` (YYYY-MM-01) on, and how many of them new-form. */
export async function memberJoinsByMonth(
  db: Db,
  filter: AreaFilter,
  fromMonth: string,
): Promise<{ month: string; joined: number; joinedNewForm: number }[]> {
  const m = memberAreaMonths;
  const rows = await queryRows<{ month: string; joined: number; joined_new_form: number }>(
    db,
    sql`select to_char(${m.month}, 'YYYY-MM') as month, sum(${m.joined})::int as joined,
               coalesce(sum(${m.joined}) filter (where ${m.newForm}), 0)::int as joined_new_form
          from ${m} where ${areaRows(m, filter, filter.area.length)} and ${m.month} >= ${fromMonth}::date
         group by 1 having sum(${m.joined}) <> 0 order by 1`,
  );
  return rows.map((r) => ({ month: r.month, joined: r.joined, joinedNewForm: r.joined_new_form }));
}

/** Members who joined each of `orgIds` (directly) in a year (Asia/Shanghai), of one trade or all. */
export async function memberJoinsByOrg(
  db: Db,
  filter: { orgIds: readonly string[]; trade?: string | undefined },
  year: number,
): Promise<Map<string, number>> {
  if (filter.orgIds.length === 0) return new Map();
  const o = memberOrgMonths;
  const rows = await queryRows<{ org_id: string; joined: number }>(
    db,
    sql`select ${o.orgId} as org_id, sum(${o.joined})::int as joined from ${o}
         where ${o.orgId} = any(${pgArray([...filter.orgIds])}::uuid[])
           and ${o.month} >= ${`${year}-01-01`}::date and ${o.month} < ${`${year + 1}-01-01`}::date
           ${filter.trade ? sql`and ${o.trade} = ${filter.trade}` : sql``}
         group by 1`,
  );
  return new Map(rows.map((r) => [r.org_id, r.joined]));
}

/** The roll's tallies, folded by the job `members.fold-tallies`. */
export const MEMBER_TALLIES: readonly TallyTable[] = [
  { name: 'member_area_tally', keys: ['depth', 'area_code', 'trade', 'new_form'], sums: ['members'] },
  { name: 'member_area_month', keys: ['depth', 'area_code', 'trade', 'new_form', 'month'], sums: ['joined'] },
  { name: 'member_org_month', keys: ['org_id', 'trade', 'month'], sums: ['joined'] },
];

// ---------------------------------------------------------------------------------------------
// The change feed.

/** Where a reader of the change feed stands: the last row it took (transaction id and sequence). */
export interface MemberChangeCursor {
  xid: string;
  seq: number;
}

/**
 * The next changed members after `cursor` (at most `limit` rows; a member may come twice), and the
 * cursor to go on from. Only rows of transactions older than every one still running are read: those
 * are all committed or gone, so no row can later appear behind the cursor.
 */
export async function readMemberChanges(
  db: Db,
  cursor: MemberChangeCursor | null,
  limit: number,
): Promise<{ memberIds: string[]; cursor: MemberChangeCursor | null }> {
  const after = cursor ? sql`(${memberChanges.xid}, ${memberChanges.seq}) > (${cursor.xid}::xid8, ${cursor.seq})` : sql`true`;
  const rows = await queryRows<{ xid: string; seq: number; member_id: string }>(
    db,
    sql`select ${memberChanges.xid}::text as xid, ${memberChanges.seq}::float8 as seq, ${memberChanges.memberId} as member_id
          from ${memberChanges}
         where ${after} and ${memberChanges.xid} < pg_snapshot_xmin(pg_current_snapshot())
         order by ${memberChanges.xid}, ${memberChanges.seq} limit ${limit}`,
  );
  const last = rows.at(-1);
  return { memberIds: rows.map((r) => r.member_id), cursor: last ? { xid: last.xid, seq: last.seq } : cursor };
}

/** How long the change feed keeps its rows: every reader must read more often than this. */
export const CHANGE_FEED_KEPT_MS = 7 * 86_400_000;

/** Forgets change rows older than `before`; returns how many. */
export async function purgeMemberChanges(db: Db, before: Date): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with gone as (delete from ${memberChanges} where ${memberChanges.at} < ${before} returning 1) select count(*)::int as n from gone`,
  );
  return rows[0]?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Matching people of other lists (the census) to the roll.

/**
 * The roll's matching keys as a table for a set-based join in another module's SQL:
 * `(id, id_index, phone_index, active, trade, region_code)`, active = active or suspended, region_code
 * where the member works. Purged members have no keys.
 */
export const memberMatchKeys = (): SQL =>
  sql`(select ${members.id} as id, ${members.idIndex} as id_index, ${members.phoneIndex} as phone_index,
              ${members.status} in ('active', 'suspended') as active, ${members.trade} as trade,
              ${members.workRegionCode} as region_code from ${members})`;

/**
 * The roll's people as another module insures them, for a set-based copy in its own SQL:
 * `(id, name_cipher, id_number_cipher, id_index, gender, birth_date, org_id, province_code, active)`.
 * The ciphers are under the roll's contexts ('person.name', 'person.id_number'): a module that keeps
 * the same person under the same contexts reads them with its own key ring, nothing is decrypted here.
 */
export const memberPeople = (): SQL =>
  sql`(select ${members.id} as id, ${members.nameCipher} as name_cipher, ${members.idNumberCipher} as id_number_cipher,
              ${members.idIndex} as id_index, ${members.gender} as gender, ${members.birthDate} as birth_date,
              ${members.orgId} as org_id, ${members.provinceCode} as province_code,
              ${members.status} = 'active' as active from ${members} where ${members.purgedAt} is null)`;

/** The blind indexes another list must compute for its people to meet the roll's (same keys, same contexts). */
export const personMatchIndexes = {
  idIndex: (p: Pick<Platform, 'blindIndex'>, idNumber: string): Buffer => idIndexOf(p, idNumber),
  phoneIndex: (p: Pick<Platform, 'blindIndex'>, phone: string): Buffer => phoneIndexOf(p, phone),
  /** The contexts, for a thread that computes them in bulk. */
  contexts: { idNumber: CONTEXT.idNumber, phone: CONTEXT.phone },
};

/**
 * Members whose phone is one of `phoneIndexes` and whose name is `name` — a probable match for a
 * person listed without a 身份证号 (or with one the roll does not know). Names are compared here,
 * decrypted in this module; only the member's id and state go out.
 */
export async function findMembersByPhoneAndName(
  db: Db,
  p: Pick<Platform, 'cipher'>,
  wanted: readonly { phoneIndex: Buffer; name: string }[],
): Promise<{ phoneIndex: Buffer; name: string; memberId: string; active: boolean }[]> {
  if (wanted.length === 0) return [];
  const rows = await queryRows<{ id: string; phone_index: Buffer; name_cipher: Buffer; active: boolean }>(
    db,
    sql`select ${members.id} as id, ${members.phoneIndex} as phone_index, ${members.nameCipher} as name_cipher,
               ${members.status} in ('active', 'suspended') as active
          from ${members} where ${members.phoneIndex} = any(${byteaArray(wanted.map((w) => w.phoneIndex))}::bytea[])`,
  );
  const byPhone = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = Buffer.from(r.phone_index).toString('latin1');
    byPhone.set(key, [...(byPhone.get(key) ?? []), r]);
  }
  const found: { phoneIndex: Buffer; name: string; memberId: string; active: boolean }[] = [];
  for (const w of wanted) {
    for (const r of byPhone.get(w.phoneIndex.toString('latin1')) ?? []) {
      if (!r.name_cipher) continue;
      if (p.cipher.decrypt(Buffer.from(r.name_cipher), CONTEXT.name) === w.name) {
        found.push({ phoneIndex: w.phoneIndex, name: w.name, memberId: r.id, active: r.active });
      }
    }
  }
  return found;
}
