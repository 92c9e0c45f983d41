// Counting a list: its staged rows become census people (the same person once, however many lists
// name them), the source's earlier list of the same area and trade is replaced, and the people are
// matched to the roll — all in one transaction, so the census has all of the list or none of it.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import type { Database } from '../../../platform/db/client.js';
import { inTransaction, queryRows, type Tx } from '../../../platform/db/tx.js';
import { memberMatchKeys } from '#modules/members';
import { entries, lists, people, stagedRows } from '../schema.js';
import { auditForOrg, replacedBy } from './common.js';
import { matchById, matchProbable } from './matching.js';

/** Serialises the census's writers: two lists counted at once could both add the same new person. */
export async function lockCensus(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('census.people'))`);
}

const count = async (tx: Tx, query: ReturnType<typeof sql>): Promise<number> => (await queryRows<{ n: number }>(tx, query))[0]?.n ?? 0;

export async function publishList(
  database: Database,
  p: Platform,
  actor: Actor,
  listId: string,
  counters: { totalRows: number; errorRows: number; warningRows: number; fileDuplicateRows: number },
): Promise<void> {
  await inTransaction(database.db, async (tx) => {
    await lockCensus(tx);
    // Still ours: a list ended as orphaned meanwhile (our presence was lost) counts nothing.
    const [list] = await tx
      .update(lists)
      .set({ heartbeatAt: new Date() })
      .where(and(eq(lists.id, listId), eq(lists.status, 'writing'), eq(lists.owner, database.presence.token)))
      .returning();
    if (!list) throw new Error(`census list ${listId} was ended by another process before it was counted`);
    const staged = sql`s.list_id = ${listId}`;

    // A person listed before by phone and name only, now with a 身份证号: the same person, keyed by it from now on.
    await tx.execute(
      sql`update ${people} p set id_index = s.id_index, id_number_cipher = s.id_number_cipher, updated_at = now()
            from ${stagedRows} s
           where ${staged} and s.id_index is not null and p.id_index is null and p.phone_name_index = s.phone_name_index
             and not exists (select 1 from ${people} q where q.id_index = s.id_index)`,
    );
    // Everyone counted already: by 身份证号, else (listed without one) by phone and name.
    await tx.execute(
      sql`update ${stagedRows} s set person_id = p.id, existing = true from ${people} p
           where ${staged} and s.id_index is not null and p.id_index = s.id_index`,
    );
    await tx.execute(
      sql`update ${stagedRows} s set person_id = p.id, existing = true from ${people} p
           where ${staged} and s.id_index is null and p.phone_index = s.phone_index and p.phone_name_index = s.phone_name_index`,
    );
    // New people are matched to the roll by 身份证号 as they are written: matching them after (matchById
    // below, which still follows the people counted before) would write each matched row a second time,
    // with all its indexes — a third of a list's rows.
    const newPeople = await count(
      tx,
      sql`with added as (
            insert into ${people} (id, province_code, name_cipher, id_number_cipher, id_index, phone_cipher, phone_index,
                                   phone_name_index, trade, region_code, employer_name, list_count, last_list_id,
                                   member_id, match, member_active)
            select s.person_id, left(s.region_code, 2), s.name_cipher, s.id_number_cipher, s.id_index, s.phone_cipher, s.phone_index,
                   s.phone_name_index, s.trade, s.region_code, s.employer_name, 1, ${listId},
                   m.id, case when m.id is not null then 'id' end, coalesce(m.active, false)
              from ${stagedRows} s left join ${memberMatchKeys()} m on s.id_index is not null and m.id_index = s.id_index
             where ${staged} and not s.existing
            returning 1
          ) select count(*)::int as n from added`,
    );
    // The people counted before: placed where this, the latest list, places them.
    await tx.execute(
      sql`update ${people} p set name_cipher = s.name_cipher,
                 phone_cipher = coalesce(s.phone_cipher, p.phone_cipher), phone_index = coalesce(s.phone_index, p.phone_index),
                 phone_name_index = coalesce(s.phone_name_index, p.phone_name_index),
                 trade = s.trade, region_code = s.region_code, employer_name = coalesce(s.employer_name, p.employer_name),
                 list_count = p.list_count + 1, last_list_id = ${listId}, updated_at = now()
            from ${stagedRows} s where ${staged} and s.existing and p.id = s.person_id`,
    );
    await tx.execute(
      sql`insert into ${entries} (list_id, person_id, row)
          select distinct on (s.person_id) ${listId}::uuid, s.person_id, s.row from ${stagedRows} s where ${staged}
           order by s.person_id, s.row
          on conflict do nothing`,
    );
    // The people counted before may have joined the roll since (the new ones were matched as written).
    await matchById(tx, sql`p.id in (select person_id from ${stagedRows} s where ${staged} and s.existing)`, { markJoined: false });
    await tx.delete(stagedRows).where(eq(stagedRows.listId, listId));

    // The source's earlier list of the same area and trade no longer counts: its people stay counted
    // only where another list still names them.
    const earlier = await tx
      .select({ id: lists.id })
      .from(lists)
      .where(and(replacedBy(list), ne(lists.id, listId)));
    for (const old of earlier) {
      await tx.execute(
        sql`with gone as (delete from ${entries} where list_id = ${old.id} returning person_id)
            update ${people} p set list_count = p.list_count - 1, updated_at = now() from gone where p.id = gone.person_id`,
      );
      await tx.update(lists).set({ replacedAt: new Date(), replacedBy: listId }).where(eq(lists.id, old.id));
    }

    const ofList = sql`p.id in (select person_id from ${entries} where list_id = ${listId})`;
    await matchProbable(tx, p, ofList);
    const [matched] = await queryRows<{ matched: number; probable: number }>(
      tx,
      sql`select count(*) filter (where p.match in ('id', 'confirmed'))::int as matched,
                 count(*) filter (where p.match = 'probable')::int as probable
            from ${people} p where ${ofList}`,
    );
    const written = await count(tx, sql`select count(*)::int as n from ${entries} where list_id = ${listId}`);
    await tx
      .update(lists)
      .set({
        ...counters,
        processedRows: counters.totalRows,
        writtenRows: written,
        newPeople,
        matchedPeople: matched?.matched ?? 0,
        probablePeople: matched?.probable ?? 0,
        status: 'completed',
        progress: 100,
        finishedAt: new Date(),
        heartbeatAt: new Date(),
      })
      .where(eq(lists.id, listId));
    await auditForOrg(tx, actor, list.orgId, {
      action: 'census.list_counted',
      targetType: 'census_list',
      targetId: listId,
      details: { written, newPeople, matched: matched?.matched ?? 0, probable: matched?.probable ?? 0, replaced: earlier.map((e) => e.id) },
    });
  });
}
