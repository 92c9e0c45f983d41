// The roll counted (member_tally, kept by a trigger: migration 0011) and the roll's change feed, for
// the modules that report on the roll or follow it (the census's coverage): sums of a few thousand
// rows, never a count of millions of members.
import { sql, type SQL } from 'drizzle-orm';
import type { Platform } from '../../../platform/context.js';
import { byteaArray, pgArray } from '../../../platform/db/arrays.js';
import { queryRows, type Db } from '../../../platform/db/tx.js';
import { memberChanges, members, memberTally } from '../schema.js';
import { CONTEXT, idIndexOf, phoneIndexOf } from './person.js';

/** What a tally is narrowed to: an area (a prefix of GB/T 2260 codes), or unions; a trade. */
export interface TallyFilter {
  /** '33' a province, '3306' a city, '330603' a district, '330603001' a street; '' everything. */
  regionPrefix?: string;
  orgIds?: readonly string[];
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

function conditions(filter: TallyFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (filter.regionPrefix) parts.push(sql`${memberTally.regionCode} like ${`${filter.regionPrefix}%`}`);
  if (filter.orgIds) parts.push(sql`${memberTally.orgId} = any(${pgArray([...filter.orgIds])}::uuid[])`);
  if (filter.trade) parts.push(sql`${memberTally.trade} = ${filter.trade}`);
  return sql.join(parts, sql` and `);
}

const SUMS = (since: string) => sql`
  coalesce(sum(${memberTally.members}), 0)::int as members,
  coalesce(sum(${memberTally.members}) filter (where ${memberTally.newForm}), 0)::int as new_form_members,
  coalesce(sum(${memberTally.joined}) filter (where ${memberTally.month} >= ${since}::date), 0)::int as joined,
  coalesce(sum(${memberTally.joined}) filter (where ${memberTally.month} >= ${since}::date and ${memberTally.newForm}), 0)::int as joined_new_form`;

type SumRow = { members: number; new_form_members: number; joined: number; joined_new_form: number };
const toCounts = (r: SumRow | undefined): MemberCounts => ({
  members: r?.members ?? 0,
  newFormMembers: r?.new_form_members ?? 0,
  joined: r?.joined ?? 0,
  joinedNewForm: r?.joined_new_form ?? 0,
});

/**
 * The roll's counts grouped by `by`: the first `length` digits of the work place's code (the areas one
 * level down), the trade, or the union. `since` is the first day (YYYY-MM-DD) that counts as joined.
 */
export async function memberCountsBy(
  db: Db,
  filter: TallyFilter,
  by: { region: number } | 'trade' | 'org',
  since: string,
): Promise<Map<string, MemberCounts>> {
  const key =
    by === 'trade'
      ? sql`${memberTally.trade}`
      : by === 'org'
        ? sql`${memberTally.orgId}::text`
        : sql`left(${memberTally.regionCode}, ${by.region})`;
  const rows = await queryRows<SumRow & { key: string }>(
    db,
    sql`select ${key} as key, ${SUMS(since)} from ${memberTally} where ${conditions(filter)} group by 1`,
  );
  return new Map(rows.map((r) => [r.key, toCounts(r)]));
}

/** The roll's counts over a whole filter. */
export async function memberCounts(db: Db, filter: TallyFilter, since: string): Promise<MemberCounts> {
  const [row] = await queryRows<SumRow>(db, sql`select ${SUMS(since)} from ${memberTally} where ${conditions(filter)}`);
  return toCounts(row);
}

/** Joins per month (YYYY-MM) from `fromMonth` (YYYY-MM-01) on, and how many of them new-form. */
export async function memberJoinsByMonth(
  db: Db,
  filter: TallyFilter,
  fromMonth: string,
): Promise<{ month: string; joined: number; joinedNewForm: number }[]> {
  const rows = await queryRows<{ month: string; joined: number; joined_new_form: number }>(
    db,
    sql`select to_char(${memberTally.month}, 'YYYY-MM') as month, sum(${memberTally.joined})::int as joined,
               coalesce(sum(${memberTally.joined}) filter (where ${memberTally.newForm}), 0)::int as joined_new_form
          from ${memberTally} where ${conditions(filter)} and ${memberTally.month} >= ${fromMonth}::date
         group by 1 order by 1`,
  );
  return rows.map((r) => ({ month: r.month, joined: r.joined, joinedNewForm: r.joined_new_form }));
}

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
