import { createHash } from 'node:crypto';
import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { withinScope, type Scope } from '../access/access.js';
import { type Db, type Tx } from '../db/tx.js';
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

interface ChainFields {
  seq: number;
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  orgId: string | null;
  orgPath: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

// The hash covers every field in a fixed order, so editing any of them is detectable.
export function auditHash(prevHash: Buffer, row: ChainFields): Buffer {
  const canonical = JSON.stringify([
    row.seq,
    row.at.toISOString(),
    row.actorKind,
    row.actorId,
    row.actorName,
    row.orgId,
    row.orgPath,
    row.action,
    row.targetType,
    row.targetId,
    row.reason,
    row.requestId,
    row.ip,
    row.details === null ? null : stableStringify(row.details),
  ]);
  return createHash('sha256').update(prevHash).update(canonical).digest();
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/**
 * Appends one record inside the caller's transaction: if the use case rolls back, so does its audit.
 * The head row lock orders concurrent appends, so the chain never forks.
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
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
  const hash = auditHash(head.lastHash, fields);
  await tx.insert(auditLog).values({
    ...fields,
    actorKind: actor.kind,
    prevHash: head.lastHash,
    hash,
  });
  await tx.update(auditHead).set({ lastSeq: fields.seq, lastHash: hash }).where(eq(auditHead.id, 1));
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
  problem: string | null;
}

/** Walks the whole chain in batches; reports the first record whose hash or link does not hold. */
export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void): Promise<AuditVerification> {
  // The head is read first and the chain checked up to it: records appended while a live system is
  // verified are left for the next run instead of being reported as a cut-off tail.
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  const lastSeq = head?.lastSeq ?? 0;
  let prev: Buffer = Buffer.alloc(32);
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditLog)
      .where(and(gte(auditLog.seq, expectedSeq), lte(auditLog.seq, lastSeq)))
      .orderBy(auditLog.seq)
      .limit(5000);
    if (batch.length === 0) break;
    for (const row of batch) {
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          checked,
          firstBadSeq: expectedSeq,
          problem: 'missing',
        };
      }
      if (!row.prevHash.equals(prev)) {
        return {
          ok: false,
          checked,
          firstBadSeq: row.seq,
          problem: 'broken_link',
        };
      }
      const hash = auditHash(prev, { ...row, details: row.details ?? null });
      if (!hash.equals(row.hash)) {
        return {
          ok: false,
          checked,
          firstBadSeq: row.seq,
          problem: 'tampered',
        };
      }
      prev = row.hash;
      expectedSeq++;
      checked++;
    }
    onProgress?.(checked);
  }
  if (head && (head.lastSeq !== checked || !head.lastHash.equals(prev))) {
    return {
      ok: false,
      checked,
      firstBadSeq: checked + 1,
      problem: 'truncated',
    };
  }
  return { ok: true, checked, firstBadSeq: null, problem: null };
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

export type AuditRecord = Omit<typeof auditLog.$inferSelect, 'prevHash' | 'hash'> & { hash: string };

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
    items: page.map(({ prevHash: _prev, hash, ...rest }) => ({
      ...rest,
      hash: hash.toString('hex'),
    })),
    nextBeforeSeq: rows.length > query.limit ? (page[page.length - 1]?.seq ?? null) : null,
  };
}
