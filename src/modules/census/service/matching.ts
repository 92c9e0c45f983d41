// Matching census people to the roll: by 身份证号 (the same blind index as the roll's: exact), or by
// phone and name (probable: flagged until staff confirm it). Set-based, for the people a condition
// names: one list's, or those a change of the roll touches. The coverage counts follow by trigger.
import { sql, type SQL } from 'drizzle-orm';
import type { Platform } from '../../../platform/context.js';
import { queryRows, type Tx } from '../../../platform/db/tx.js';
import { findMembersByPhoneAndName, memberMatchKeys } from '#modules/members';
import { people } from '../schema.js';
import { CONTEXT } from './common.js';

// Probable matches are looked up this many people at a time (their names are decrypted to compare).
const PROBABLE_CHUNK = 1_000;

/**
 * Links the people `which` names (a condition on census_person `p`) to the member holding their
 * 身份证号, and keeps `member_active` true to the member's status. Returns how many rows changed.
 * `markJoined`: a person not yet a member who becomes one now is marked joined for the outreach list.
 */
export async function matchById(tx: Tx, which: SQL, options: { markJoined: boolean }): Promise<number> {
  const joined = options.markJoined ? sql`case when m.active and p.member_id is null then 'joined' else p.outreach end` : sql`p.outreach`;
  const rows = await queryRows<{ n: number }>(
    tx,
    sql`with changed as (
          update ${people} p set member_id = m.id, match = 'id', member_active = m.active, outreach = ${joined}, updated_at = now()
            from ${memberMatchKeys()} m
           where ${which} and p.id_index is not null and m.id_index = p.id_index
             and (p.member_id is distinct from m.id or p.member_active <> m.active or p.match is distinct from 'id')
          returning 1
        ) select count(*)::int as n from changed`,
  );
  return rows[0]?.n ?? 0;
}

/** Keeps `member_active` true to the member's status for people linked to the members `which` names. */
export async function followMemberStatus(tx: Tx, which: SQL): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    tx,
    sql`with changed as (
          update ${people} p set member_active = m.active, updated_at = now()
            from ${memberMatchKeys()} m
           where ${which} and p.member_id = m.id and p.member_active <> m.active
          returning 1
        ) select count(*)::int as n from changed`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Flags as probable the people `which` names who are on no member yet but whose phone and name are a
 * member's (a rejected pairing is not proposed again). Returns how many were flagged.
 */
export async function matchProbable(tx: Tx, p: Pick<Platform, 'cipher'>, which: SQL): Promise<number> {
  // Only people whose phone is on the roll at all: usually few, and only their names are decrypted.
  const candidates = await queryRows<{ id: string; name_cipher: Buffer; phone_index: Buffer; rejected: string | null }>(
    tx,
    sql`select distinct p.id, p.name_cipher, p.phone_index, p.rejected_member_id as rejected
          from ${people} p join ${memberMatchKeys()} m on m.phone_index = p.phone_index
         where ${which} and p.member_id is null and p.phone_index is not null`,
  );
  let flagged = 0;
  for (let from = 0; from < candidates.length; from += PROBABLE_CHUNK) {
    const chunk = candidates.slice(from, from + PROBABLE_CHUNK).map((c) => ({
      id: c.id,
      rejected: c.rejected,
      phoneIndex: Buffer.from(c.phone_index),
      name: p.cipher.decrypt(Buffer.from(c.name_cipher), CONTEXT.name),
    }));
    const found = await findMembersByPhoneAndName(tx, p, chunk);
    const byKey = new Map(found.map((f) => [`${f.phoneIndex.toString('latin1')}|${f.name}`, f]));
    const pairs = chunk.flatMap((c) => {
      const f = byKey.get(`${c.phoneIndex.toString('latin1')}|${c.name}`);
      return f && f.memberId !== c.rejected ? [{ id: c.id, memberId: f.memberId, active: f.active }] : [];
    });
    if (pairs.length === 0) continue;
    await tx.execute(
      sql`update ${people} p set member_id = v.member_id, match = 'probable', member_active = v.active, updated_at = now()
            from jsonb_to_recordset(${JSON.stringify(pairs.map((x) => ({ id: x.id, member_id: x.memberId, active: x.active })))}::jsonb)
                 as v(id uuid, member_id uuid, active boolean)
           where p.id = v.id and p.member_id is null`,
    );
    flagged += pairs.length;
  }
  return flagged;
}
