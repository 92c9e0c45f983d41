import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { withinScope, type Scope } from '../access/access.js';
import { type Db, type Tx } from '../db/tx.js';
import { installedAuditKeys, keyedAuditHash, legacyAuditHash, stableStringify, type AuditKeyRing, type ChainFields } from './chain.js';
import { checkCheckpoint, type AuditCheckpoint } from './checkpoints.js';
import { auditHead, auditLog } from './schema.js';

export type ActorKind = 'staff' | 'member' | 'partner' | 'system';

/** Who is acting, and in which request; built once per request by platform/http. */
export interface Actor {
  kind: ActorKind;
  id: string | null;
  name: string | null;
  orgId: string | null;
  orgPath: string | null;
  requestId: string | null;
  ip: string | null;
}

export const systemActor = (name = 'system'): Actor => ({
  kind: 'system',
  id: null,
  name,
  orgId: null,
  orgPath: null,
  requestId: null,
  ip: null,
});

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  reason?: string | null;
  details?: Record<string, unknown>;
  /** The organisation the record belongs to, for subtree filtering; defaults to the actor's. */
  orgId?: string | null;
  orgPath?: string | null;
}

/**
 * Appends one record inside the caller's transaction: if the use case rolls back, so does its audit.
 * The head row lock orders concurrent appends, so the chain never forks. The record is hashed under
 * the current audit key of the installed ring (see chain.ts).
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  const key = installedAuditKeys().current;
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.id, 1)).for('update');
  if (!head) throw new Error('audit_head row missing: run the migrations');
  const fields: ChainFields = {
    seq: head.lastSeq + 1,
    // Millisecond precision: timestamptz keeps microseconds, JS Dates keep milliseconds.
    at: new Date(Math.floor(Date.now())),
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: actor.name,
    orgId: entry.orgId !== undefined ? entry.orgId : actor.orgId,
    orgPath: entry.orgPath !== undefined ? entry.orgPath : actor.orgPath,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    // Hash exactly what PostgreSQL will store: it keeps a lone surrogate as U+FFFD.
    reason: entry.reason?.toWellFormed() ?? null,
    requestId: actor.requestId,
    ip: actor.ip,
    details: entry.details ? (JSON.parse(stableStringify(entry.details)) as Record<string, unknown>) : null,
  };
  const hash = keyedAuditHash(key, head.lastHash, fields);
  await tx.insert(auditLog).values({
    ...fields,
    actorKind: actor.kind,
    keyId: key.id,
    prevHash: head.lastHash,
    hash,
  });
  await tx.update(auditHead).set({ lastSeq: fields.seq, lastHash: hash }).where(eq(auditHead.id, 1));
}

export type AuditProblem =
  /** A sequence number is absent: a record was deleted. */
  | 'missing'
  /** A record's prev_hash is not its predecessor's hash. */
  | 'broken_link'
  /** A record's hash does not match its fields under its key: edited, or re-hashed without the key. */
  | 'tampered'
  /** A record after the cut-over carries a plain SHA-256 link instead of a keyed one. */
  | 'unkeyed'
  /** A record names a key id the configured ring does not hold. */
  | 'unknown_key'
  /** The head, or a checkpoint, lies beyond the last record: the tail was cut off. */
  | 'truncated'
  /** The record at a checkpoint's sequence number has another hash: the chain was rewritten with the key. */
  | 'checkpoint_mismatch'
  /** The recorded cut-over to keyed hashes disagrees with the records or with a checkpoint. */
  | 'cutover_moved'
  /** A checkpoint is not signed by a key of the ring. */
  | 'checkpoint_invalid';

export interface AuditVerification {
  ok: boolean;
  /** Records verified before the first problem (all of them when ok). */
  checked: number;
  firstBadSeq: number | null;
  problem: AuditProblem | null;
  /** Records before the cut-over, which carry plain SHA-256 links. */
  legacyRecords: number;
  /** Keyed records per key id. */
  recordsByKey: Record<string, number>;
  /** Checkpoints that matched the chain, and the highest sequence number among them. */
  checkpointsMatched: number;
  matchedCheckpointSeq: number | null;
}

export interface VerifyOptions {
  /** Defaults to the installed ring (the configured audit keys). */
  keys?: AuditKeyRing;
  /** Signed checkpoints kept outside the database; the chain must pass through each of them. */
  checkpoints?: readonly AuditCheckpoint[];
  onProgress?: (checked: number) => void;
}

const ZERO_HASH = Buffer.alloc(32);

/** Walks the whole chain in batches; reports the first record whose hash, key or link does not hold. */
export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<AuditVerification> {
  const keys = options.keys ?? installedAuditKeys();
  // The head is read first and the chain checked up to it: records appended while a live system is
  // verified are left for the next run instead of being reported as a cut-off tail.
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const lastSeq = head?.lastSeq ?? 0;
  const keyedFromSeq = head?.keyedFromSeq ?? 1;
  const result: AuditVerification = {
    ok: true,
    checked: 0,
    firstBadSeq: null,
    problem: null,
    legacyRecords: 0,
    recordsByKey: {},
    checkpointsMatched: 0,
    matchedCheckpointSeq: null,
  };
  const fail = (problem: AuditProblem, firstBadSeq: number | null): AuditVerification => ({ ...result, ok: false, problem, firstBadSeq });

  const checkpointsAt = new Map<number, AuditCheckpoint[]>();
  for (const checkpoint of options.checkpoints ?? []) {
    if (checkCheckpoint(keys, checkpoint) !== 'valid') return fail('checkpoint_invalid', null);
    checkpointsAt.set(checkpoint.seq, [...(checkpointsAt.get(checkpoint.seq) ?? []), checkpoint]);
  }
  const passCheckpoints = (seq: number, hash: Buffer): boolean => {
    for (const checkpoint of checkpointsAt.get(seq) ?? []) {
      if (!Buffer.from(checkpoint.hash, 'hex').equals(hash)) return false;
      result.checkpointsMatched++;
      result.matchedCheckpointSeq = seq;
    }
    return true;
  };
  if (!passCheckpoints(0, ZERO_HASH)) return fail('checkpoint_mismatch', 1);

  let prev: Buffer = ZERO_HASH;
  let expectedSeq = 1;
  let firstKeyedSeq: number | null = null;
  for (;;) {
    const batch = await db
      .select()
      .from(auditLog)
      .where(and(gte(auditLog.seq, expectedSeq), lte(auditLog.seq, lastSeq)))
      .orderBy(auditLog.seq)
      .limit(5000);
    if (batch.length === 0) break;
    for (const row of batch) {
      if (row.seq !== expectedSeq) return fail('missing', expectedSeq);
      if (!row.prevHash.equals(prev)) return fail('broken_link', row.seq);
      const fields = { ...row, details: row.details ?? null };
      let hash: Buffer;
      if (row.keyId === null) {
        // Plain links only before the cut-over, and never after a keyed record: a re-hash with the
        // public algorithm cannot pass for an old record.
        if (row.seq >= keyedFromSeq || firstKeyedSeq !== null) return fail('unkeyed', row.seq);
        hash = legacyAuditHash(prev, fields);
      } else {
        const key = keys.key(row.keyId);
        if (!key) return fail('unknown_key', row.seq);
        hash = keyedAuditHash({ id: row.keyId, key }, prev, fields);
      }
      if (!hash.equals(row.hash)) return fail('tampered', row.seq);
      if (!passCheckpoints(row.seq, row.hash)) return fail('checkpoint_mismatch', row.seq);
      if (row.keyId === null) result.legacyRecords++;
      else {
        firstKeyedSeq ??= row.seq;
        result.recordsByKey[row.keyId] = (result.recordsByKey[row.keyId] ?? 0) + 1;
      }
      prev = row.hash;
      expectedSeq++;
      result.checked++;
    }
    options.onProgress?.(result.checked);
  }
  if (head && (head.lastSeq !== result.checked || !head.lastHash.equals(prev))) return fail('truncated', result.checked + 1);
  // A checkpoint beyond the head: records that existed when it was taken are gone, head and all.
  if ([...checkpointsAt.keys()].some((seq) => seq > result.checked)) return fail('truncated', result.checked + 1);
  if (firstKeyedSeq !== null && firstKeyedSeq < keyedFromSeq) return fail('cutover_moved', firstKeyedSeq);
  for (const list of checkpointsAt.values()) {
    if (list.some((c) => c.keyedFromSeq !== keyedFromSeq)) return fail('cutover_moved', keyedFromSeq);
  }
  return result;
}

export interface AuditQuery {
  scope: Scope;
  action?: string | undefined;
  actorId?: string | undefined;
  targetId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Keyset pagination: records older than this sequence number. */
  beforeSeq?: number | undefined;
  limit: number;
}

export type AuditRecord = Omit<typeof auditLog.$inferSelect, 'prevHash' | 'hash' | 'keyId'> & { hash: string };

export async function listAuditRecords(db: Db, query: AuditQuery): Promise<{ items: AuditRecord[]; nextBeforeSeq: number | null }> {
  const conditions: SQL[] = [withinScope(auditLog.orgPath, query.scope)];
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  if (query.actorId) conditions.push(eq(auditLog.actorId, query.actorId));
  if (query.targetId) conditions.push(eq(auditLog.targetId, query.targetId));
  if (query.from) conditions.push(gte(auditLog.at, query.from));
  if (query.to) conditions.push(lte(auditLog.at, query.to));
  if (query.beforeSeq) conditions.push(lt(auditLog.seq, query.beforeSeq));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(({ prevHash: _prev, keyId: _keyId, hash, ...rest }) => ({
      ...rest,
      hash: hash.toString('hex'),
    })),
    nextBeforeSeq: rows.length > query.limit ? (page[page.length - 1]?.seq ?? null) : null,
  };
}
