import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/harness/db.js';
import { inTransaction } from '../db/tx.js';
import { listAuditRecords, recordAudit, systemActor, verifyAuditChain, type Actor } from './audit.js';

const staff = (orgPath: string): Actor => ({
  kind: 'staff',
  id: 'staff-1',
  name: '测试干事',
  orgId: null,
  orgPath,
  requestId: 'req-1',
  ip: '127.0.0.1',
});

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
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 5, firstBadSeq: null, problem: null });
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
    await expect(db.execute(sql`update audit_log set reason = 'x'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
  });

  it('detects a record edited behind the trigger’s back', async () => {
    const db = h.database.db;
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
