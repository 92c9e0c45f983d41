import { randomBytes } from 'node:crypto';
import { eq, gte, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/harness/db.js';
import { parseConfig } from '../config/config.js';
import { inTransaction, type Db } from '../db/tx.js';
import { listAuditRecords, recordAudit, systemActor, verifyAuditChain, type Actor } from './audit.js';
import { AuditKeyRing, installAuditKeys, legacyAuditHash } from './chain.js';
import { auditHead, auditLog } from './schema.js';

const staff = (orgPath: string): Actor => ({
  kind: 'staff',
  id: 'staff-1',
  name: '测试干事',
  orgId: null,
  orgPath,
  requestId: 'req-1',
  ip: '127.0.0.1',
});

async function appendRecords(db: Db, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await inTransaction(db, (tx) => recordAudit(tx, systemActor(), { action: 'test.thing', targetId: `t${i}` }));
  }
}

describe(verifyAuditChain.name, () => {
  const h = useTestDatabase();

  it('holds for a chain of appended records, and each record is scoped to its subtree', async () => {
    const db = h.database.db;
    for (let i = 0; i < 5; i++) {
      await inTransaction(db, (tx) =>
        recordAudit(tx, staff(i % 2 ? '/a/b/' : '/a/c/'), {
          action: 'test.thing',
          targetType: 'thing',
          targetId: `t${i}`,
          details: { i, nested: { z: 1, a: [1, 2] } },
        }),
      );
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 5, firstBadSeq: null, problem: null, legacyRecords: 0 });
    const b = await listAuditRecords(db, { scope: { orgId: 'b', path: '/a/b/' }, limit: 50 });
    expect(b.items.map((r) => r.targetId)).toEqual(['t3', 't1']);
  });

  it('rolls an audit record back with the use case that failed', async () => {
    const db = h.database.db;
    const before = (await verifyAuditChain(db)).checked;
    await expect(
      inTransaction(db, async (tx) => {
        await recordAudit(tx, systemActor(), { action: 'test.rolled_back' });
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    expect((await verifyAuditChain(db)).checked).toBe(before);
  });

  it('refuses UPDATE and DELETE at the database', async () => {
    const db = h.database.db;
    await appendRecords(db, 2);
    await expect(db.execute(sql`update audit_log set reason = 'x'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });

  it('detects a record edited behind the trigger’s back', async () => {
    const db = h.database.db;
    await appendRecords(db, 3);
    // Someone with the power to disable triggers edits a record: the chain must say where.
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await db.execute(sql`update audit_log set reason = '篡改' where seq = 2`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'tampered' });
  });
});

describe('audit chain: deletion', () => {
  const h = useTestDatabase();

  it('detects a deleted record and a cut-off tail', async () => {
    const db = h.database.db;
    for (let i = 0; i < 4; i++) {
      await inTransaction(db, (tx) => recordAudit(tx, systemActor(), { action: 'test.thing', targetId: `t${i}` }));
    }
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await db.execute(sql`delete from audit_log where seq = 4`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, problem: 'truncated' });
    await db.execute(sql`delete from audit_log where seq = 2`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 2, problem: 'missing' });
  });
});

/** Re-hashes the records from `from` to the head with `hash` and moves the head: what an attacker would do. */
async function rehashFrom(db: Db, from: number, hash: (prev: Buffer, row: typeof auditLog.$inferSelect) => Buffer, keyId?: string | null) {
  const [before] = await db
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.seq, from - 1));
  let prevHash = before?.hash ?? Buffer.alloc(32);
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
  for (const row of await db.select().from(auditLog).where(gte(auditLog.seq, from)).orderBy(auditLog.seq)) {
    const next = hash(prevHash, { ...row, keyId: keyId === undefined ? row.keyId : keyId });
    await db
      .update(auditLog)
      .set({ prevHash, hash: next, ...(keyId === undefined ? {} : { keyId }) })
      .where(eq(auditLog.seq, row.seq));
    prevHash = next;
  }
  await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
  await db.update(auditHead).set({ lastHash: prevHash }).where(eq(auditHead.id, 1));
}

const legacy = (prev: Buffer, row: typeof auditLog.$inferSelect) => legacyAuditHash(prev, { ...row, details: row.details ?? null });

describe('audit chain: a rewrite by someone who holds only the database', () => {
  const h = useTestDatabase();

  it('names the first record re-hashed with the public algorithm, even with the head rewritten to match', async () => {
    const db = h.database.db;
    for (let i = 1; i <= 60; i++) {
      await inTransaction(db, (tx) => recordAudit(tx, systemActor(), { action: 'test.thing', targetId: `t${i}`, reason: `原因${i}` }));
    }
    // The attacker edits record 50, re-hashes 50..60 with the project's own (public) function and moves the head.
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await db.execute(sql`update audit_log set reason = '改过的原因' where seq = 50`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    await rehashFrom(db, 50, legacy);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 50, problem: 'tampered', checked: 49 });
    // Passing the rewritten records off as written before the cut-over does not work either.
    await rehashFrom(db, 50, legacy, null);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 50, problem: 'unkeyed' });
    // Nor does lifting the recorded cut-over above them: keyed records lie below it.
    await db.update(auditHead).set({ keyedFromSeq: 61 }).where(eq(auditHead.id, 1));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 50, problem: 'unkeyed' });
  });
});

describe('audit keys', () => {
  const h = useTestDatabase();
  const keyA = { id: 'a2026', key: randomBytes(32) };
  const keyB = { id: 'b2027', key: randomBytes(32) };
  afterAll(() => installAuditKeys(new AuditKeyRing(parseConfig({ NODE_ENV: 'test' }).auditKeys)));

  it('verifies the records of a retired key after rotation, and refuses a record whose key is not in the ring', async () => {
    const db = h.database.db;
    installAuditKeys(new AuditKeyRing([keyA]));
    for (let i = 0; i < 3; i++) await inTransaction(db, (tx) => recordAudit(tx, systemActor(), { action: 'test.before_rotation' }));
    // Rotation: the new key signs, the old one stays in the ring to verify.
    installAuditKeys(new AuditKeyRing([keyB, keyA]));
    for (let i = 0; i < 2; i++) await inTransaction(db, (tx) => recordAudit(tx, systemActor(), { action: 'test.after_rotation' }));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 5, recordsByKey: { a2026: 3, b2027: 2 } });
    expect(await verifyAuditChain(db, { keys: new AuditKeyRing([keyB]) })).toMatchObject({
      ok: false,
      firstBadSeq: 1,
      problem: 'unknown_key',
    });
    // The same key id with other key bytes is a wrong key, not a different chain.
    const impostor = new AuditKeyRing([keyB, { id: 'a2026', key: randomBytes(32) }]);
    expect(await verifyAuditChain(db, { keys: impostor })).toMatchObject({ ok: false, firstBadSeq: 1, problem: 'tampered' });
  });
});

describe('audit chain: records written before the cut-over to keyed hashes', () => {
  const h = useTestDatabase();

  it('keeps their plain SHA-256 links, and finds a rewrite among them at the first keyed record', async () => {
    const db = h.database.db;
    // What a database upgraded by migration 0008 holds: records hashed the old way, then the cut-over.
    let prevHash: Buffer = Buffer.alloc(32);
    for (let seq = 1; seq <= 4; seq++) {
      const row = {
        seq,
        at: new Date(Date.UTC(2026, 10, seq)),
        actorKind: 'system' as const,
        actorId: null,
        actorName: 'system',
        orgId: null,
        orgPath: null,
        action: 'test.old',
        targetType: null,
        targetId: `o${seq}`,
        reason: null,
        requestId: null,
        ip: null,
        details: null,
      };
      const hash = legacyAuditHash(prevHash, row);
      await db.insert(auditLog).values({ ...row, keyId: null, prevHash, hash });
      await db.update(auditHead).set({ lastSeq: seq, lastHash: hash }).where(eq(auditHead.id, 1));
      prevHash = hash;
    }
    await db.update(auditHead).set({ keyedFromSeq: 5 }).where(eq(auditHead.id, 1));
    for (let i = 0; i < 3; i++) await inTransaction(db, (tx) => recordAudit(tx, systemActor(), { action: 'test.new' }));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 7, legacyRecords: 4, recordsByKey: { 'audit-dev1': 3 } });

    // An old record edited and the old links re-hashed up to the cut-over: the first keyed record seals them.
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await db.execute(sql`update audit_log set target_id = 'x' where seq = 2`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    await rehashFrom(db, 2, (prev, row) => (row.keyId === null ? legacy(prev, row) : row.hash));
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 5, problem: 'tampered' });
  });
});
