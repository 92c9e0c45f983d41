import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { inTransaction, type Db, type Tx } from '../db/tx.js';
import { authErrors } from './errors.js';
import { idempotencyRecords } from './schema.js';

export interface IdempotentCall {
  partnerId: string;
  key: string | undefined;
  method: string;
  path: string;
  rawBody: string;
}

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/;

/**
 * Runs a state-changing partner call at most once per Idempotency-Key. The record is written in the
 * same transaction as the use case: either both commit (a retry gets the stored answer) or neither
 * does (a retry runs afresh). A concurrent retry waits on the key's row and then sees the answer.
 * The same key with a different request is refused.
 */
export async function runIdempotent<T>(
  db: Db,
  call: IdempotentCall,
  fn: (tx: Tx) => Promise<{ status: number; body: T }>,
): Promise<IdempotentResult<T>> {
  if (!call.key) throw authErrors.idempotencyKeyRequired();
  if (!KEY_PATTERN.test(call.key)) throw authErrors.idempotencyKeyRequired();
  const key = call.key;
  const requestHash = createHash('sha256').update(`${call.method}\n${call.path}\n${call.rawBody}`).digest();
  return inTransaction(db, async (tx) => {
    const claimed = await tx
      .insert(idempotencyRecords)
      .values({
        partnerId: call.partnerId,
        key,
        method: call.method,
        path: call.path,
        requestHash,
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyRecords.key });
    if (claimed.length === 0) {
      const [existing] = await tx
        .select()
        .from(idempotencyRecords)
        .where(and(eq(idempotencyRecords.partnerId, call.partnerId), eq(idempotencyRecords.key, key)));
      if (!existing) throw authErrors.idempotencyInProgress();
      if (!existing.requestHash.equals(requestHash)) throw authErrors.idempotencyKeyReused();
      if (existing.responseStatus === null) throw authErrors.idempotencyInProgress();
      return {
        status: existing.responseStatus,
        body: existing.responseBody as T,
        replayed: true,
      };
    }
    const result = await fn(tx);
    await tx
      .update(idempotencyRecords)
      .set({
        responseStatus: result.status,
        responseBody: result.body,
      })
      .where(and(eq(idempotencyRecords.partnerId, call.partnerId), eq(idempotencyRecords.key, key)));
    return { ...result, replayed: false };
  });
}

/** Keys are kept for a day: long enough for any sane retry policy. */
export async function purgeIdempotencyRecords(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(idempotencyRecords)
    .where(lt(idempotencyRecords.createdAt, new Date(now.getTime() - 24 * 3600 * 1000)))
    .returning({ key: idempotencyRecords.key });
  return rows.length;
}
