// Following the roll: members who join, leave or come back change who of the census is covered. The
// census reads the roll's change feed (members' tally.ts) from where it stopped, and applies each page
// with its cursor in one transaction, so a page is applied once whatever dies when.
import { eq, sql } from 'drizzle-orm';
import type { Platform } from '../../../platform/context.js';
import { pgArray } from '../../../platform/db/arrays.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { memberMatchKeys, readMemberChanges } from '#modules/members';
import { feedCursor } from '../schema.js';
import { lockCensus } from './publish.js';
import { creditInvitations } from './invitations.js';
import { followMemberStatus, matchById, matchProbable } from './matching.js';

const PAGE = 2_000;

/** Applies the roll's changes since the census's cursor; returns how many members were looked at. */
export async function followRoll(db: Db, p: Pick<Platform, 'cipher'>): Promise<number> {
  let seen = 0;
  for (;;) {
    const page = await inTransaction(db, async (tx) => {
      const [at] = await tx.select().from(feedCursor).where(eq(feedCursor.id, 1)).for('update');
      const { memberIds, cursor } = await readMemberChanges(tx, at ? { xid: at.xid, seq: at.seq } : null, PAGE);
      if (memberIds.length === 0 || !cursor) return 0;
      await lockCensus(tx);
      const ids = sql`${pgArray([...new Set(memberIds)])}::uuid[]`;
      await matchById(tx, sql`p.id_index in (select k.id_index from ${memberMatchKeys()} k where k.id = any(${ids}))`, {
        markJoined: true,
      });
      await followMemberStatus(tx, sql`m.id = any(${ids})`);
      await creditInvitations(tx, sql`p.member_id = any(${ids})`);
      await matchProbable(tx, p, sql`p.phone_index in (select k.phone_index from ${memberMatchKeys()} k where k.id = any(${ids}))`);
      await tx
        .insert(feedCursor)
        .values({ id: 1, xid: cursor.xid, seq: cursor.seq })
        .onConflictDoUpdate({ target: feedCursor.id, set: { xid: cursor.xid, seq: cursor.seq, updatedAt: new Date() } });
      return memberIds.length;
    });
    seen += page;
    if (page < PAGE) return seen;
  }
}
