import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import { byteaArray, pgArray } from '../db/arrays.js';
import { bufferOf } from '../db/columns.js';
import { uniqueViolation } from '../db/errors.js';
import { inTransaction, queryRows, type Db, type Tx } from '../db/tx.js';
import type { AppError } from '../errors/app-error.js';
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
  const key = checkedKey(call.key);
  const requestHash = hashOf(call);
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
      return earlierAnswer<T>(existing, requestHash);
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

function checkedKey(key: string | undefined): string {
  if (!key || !KEY_PATTERN.test(key)) throw authErrors.idempotencyKeyRequired();
  return key;
}

const hashOf = (call: Pick<IdempotentCall, 'method' | 'path' | 'rawBody'>): Buffer =>
  createHash('sha256').update(`${call.method}\n${call.path}\n${call.rawBody}`).digest();

/** The stored answer for a key claimed before, or why there is none to give. */
function earlierAnswer<T>(
  existing: { requestHash: Buffer; responseStatus: number | null; responseBody: unknown } | undefined,
  requestHash: Buffer,
): IdempotentResult<T> {
  if (!existing) throw authErrors.idempotencyInProgress();
  if (!existing.requestHash.equals(requestHash)) throw authErrors.idempotencyKeyReused();
  if (existing.responseStatus === null) throw authErrors.idempotencyInProgress();
  return { status: existing.responseStatus, body: existing.responseBody as T, replayed: true };
}

/**
 * A state-changing partner call written in a batch with others (a group commit): its signed nonce and its
 * Idempotency-Key are recorded in the batch's transaction, with the use case, instead of one commit each.
 */
export interface PartnerWrite {
  partnerId: string;
  keyId: string;
  nonce: string;
  key: string;
  method: string;
  path: string;
  requestHash: Buffer;
}

/** Checks the key and hashes the request, before the call joins a batch. */
export function partnerWrite(call: IdempotentCall & { keyId: string; nonce: string }): PartnerWrite {
  const { partnerId, keyId, nonce, method, path } = call;
  return { partnerId, keyId, nonce, key: checkedKey(call.key), method, path, requestHash: hashOf(call) };
}

export type WriteClaim<T> = { kind: 'new' } | { kind: 'answered'; result: IdempotentResult<T> } | { kind: 'refused'; error: AppError };

/** The writes of a batch that may run in the same transaction: one per Idempotency-Key (the later ones wait a round). */
export const partnerWriteKey = (w: PartnerWrite): string => `${w.partnerId}\u0000${w.key}`;

/**
 * Spends the nonces of a batch of partner writes and reads the keys answered before, in the caller's
 * transaction: two statements whatever the batch's size. A replayed nonce is refused; a key answered
 * before gives its stored answer (or is refused, as runIdempotent does); the rest are new, for the use
 * case to run and then `answerPartnerWrites`. Keys must be unique in the batch (`partnerWriteKey`);
 * nonces are written in key order, so that two instances' batches wait on each other instead of
 * deadlocking.
 */
export async function claimPartnerWrites<T>(tx: Tx, writes: readonly PartnerWrite[], now: Date): Promise<WriteClaim<T>[]> {
  const claims: WriteClaim<T>[] = writes.map(() => ({ kind: 'new' }));
  if (writes.length === 0) return claims;
  const spent = await queryRows<{ key_id: string; nonce: string }>(
    tx,
    sql`insert into auth_partner_nonce (key_id, nonce, created_at)
        select key_id, nonce, ${now.toISOString()}::timestamptz
          from unnest(${pgArray(writes.map((w) => w.keyId))}::text[], ${pgArray(writes.map((w) => w.nonce))}::text[]) as u(key_id, nonce)
         order by key_id, nonce
        on conflict do nothing
        returning key_id, nonce`,
  );
  const fresh = new Set(spent.map((r) => `${r.key_id}\u0000${r.nonce}`));
  const live: number[] = [];
  writes.forEach((w, i) => {
    // The same nonce twice in one batch is spent by the first.
    if (fresh.delete(`${w.keyId}\u0000${w.nonce}`)) live.push(i);
    else claims[i] = { kind: 'refused', error: authErrors.nonceReplayed() };
  });
  if (live.length === 0) return claims;
  const rows = await queryRows<{
    partner_id: string;
    key: string;
    request_hash: Buffer | Uint8Array;
    response_status: number | null;
    response_body: unknown;
  }>(
    tx,
    sql`select r.partner_id, r.key, r.request_hash, r.response_status, r.response_body
          from auth_idempotency_record r
          join unnest(${pgArray(live.map((i) => (writes[i] as PartnerWrite).partnerId))}::uuid[],
                      ${pgArray(live.map((i) => (writes[i] as PartnerWrite).key))}::text[]) as u(partner_id, key)
            on r.partner_id = u.partner_id and r.key = u.key`,
  );
  const byKey = new Map(rows.map((r) => [`${r.partner_id}\u0000${r.key}`, r]));
  for (const i of live) {
    const w = writes[i] as PartnerWrite;
    const row = byKey.get(partnerWriteKey(w));
    if (!row) continue;
    try {
      claims[i] = {
        kind: 'answered',
        result: earlierAnswer<T>(
          { requestHash: bufferOf(row.request_hash), responseStatus: row.response_status, responseBody: row.response_body },
          w.requestHash,
        ),
      };
    } catch (error) {
      claims[i] = { kind: 'refused', error: error as AppError };
    }
  }
  return claims;
}

/**
 * Keeps the answers of the writes the use case carried out, under their keys: one statement. A key that
 * another transaction wrote meanwhile (the same call sent to two instances at once) fails the batch with
 * a unique violation (`isPartnerWriteRace`): it waited for that transaction, and the batch, run again,
 * answers with the stored answer. The keys of refused writes are not kept, so that their retry runs afresh.
 */
export async function answerPartnerWrites(
  tx: Tx,
  answered: readonly { write: PartnerWrite; status: number; body: unknown }[],
): Promise<void> {
  if (answered.length === 0) return;
  const sorted = [...answered].sort((a, b) => (partnerWriteKey(a.write) < partnerWriteKey(b.write) ? -1 : 1));
  const column = (pick: (w: PartnerWrite) => string) => pgArray(sorted.map((a) => pick(a.write)));
  await tx.execute(
    sql`insert into auth_idempotency_record (partner_id, key, method, path, request_hash, response_status, response_body)
        select u.partner_id, u.key, u.method, u.path, u.request_hash, u.status, u.body
          from unnest(${column((w) => w.partnerId)}::uuid[], ${column((w) => w.key)}::text[], ${column((w) => w.method)}::text[],
                      ${column((w) => w.path)}::text[], ${byteaArray(sorted.map((a) => a.write.requestHash))}::bytea[],
                      ${pgArray(sorted.map((a) => a.status))}::int[], ${pgArray(sorted.map((a) => JSON.stringify(a.body)))}::jsonb[])
               with ordinality as u(partner_id, key, method, path, request_hash, status, body, n)
         order by u.n`,
  );
}

/** The batch lost a race for a key to a concurrent transaction that has since committed: run it again. */
export const isPartnerWriteRace = (error: unknown): boolean => uniqueViolation(error) === 'auth_idempotency_record_pkey';

/** Keys are kept for a day: long enough for any sane retry policy. */
export async function purgeIdempotencyRecords(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(idempotencyRecords)
    .where(lt(idempotencyRecords.createdAt, new Date(now.getTime() - 24 * 3600 * 1000)))
    .returning({ key: idempotencyRecords.key });
  return rows.length;
}
