import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, gt, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/harness/db.js';
import { inTransaction, type Db } from '../db/tx.js';
import { recordAudit, systemActor, verifyAuditChain } from './audit.js';
import { installedAuditKeys, keyedAuditHash } from './chain.js';
import {
  FileCheckpointSink,
  HttpCheckpointSink,
  parseCheckpoints,
  signCheckpoint,
  takeCheckpoint,
  type AuditCheckpoint,
} from './checkpoints.js';
import { auditHead, auditLog } from './schema.js';

async function append(db: Db, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await inTransaction(db, (tx) => recordAudit(tx, systemActor(), { action: 'test.thing', targetId: `t${i}` }));
}

/** What someone holding the database *and* the audit key can do: edit a record and re-hash the rest. */
async function rewriteWithKey(db: Db, seq: number): Promise<void> {
  const keys = installedAuditKeys();
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
  await db.execute(sql`update audit_log set reason = '改写' where seq = ${seq}`);
  const [before] = await db
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.seq, seq - 1));
  let prevHash = before?.hash ?? Buffer.alloc(32);
  for (const row of await db
    .select()
    .from(auditLog)
    .where(gt(auditLog.seq, seq - 1))
    .orderBy(auditLog.seq)) {
    const hash = keyedAuditHash(keys.current, prevHash, { ...row, details: row.details ?? null });
    await db.update(auditLog).set({ prevHash, hash }).where(eq(auditLog.seq, row.seq));
    prevHash = hash;
  }
  await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
  await db.update(auditHead).set({ lastHash: prevHash }).where(eq(auditHead.id, 1));
}

describe('audit checkpoints: a rewrite by someone who holds the key as well', () => {
  const h = useTestDatabase();

  /** Ten records, with a checkpoint taken after the fifth and after the tenth. */
  async function chainWithTwoCheckpoints(db: Db): Promise<AuditCheckpoint[]> {
    const keys = installedAuditKeys();
    await append(db, 5);
    const first = await takeCheckpoint(db, keys, new Date());
    await append(db, 5);
    return [first, await takeCheckpoint(db, keys, new Date())];
  }

  it('finds a chain re-hashed with the key at the first checkpoint after the rewrite, naming the last one that still matches', async () => {
    const db = h.database.db;
    const checkpoints = await chainWithTwoCheckpoints(db);
    expect(await verifyAuditChain(db, { checkpoints })).toMatchObject({ ok: true, checkpointsMatched: 2, matchedCheckpointSeq: 10 });

    await rewriteWithKey(db, 7);
    // The key alone cannot tell: the chain is consistent under it.
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 10 });
    expect(await verifyAuditChain(db, { checkpoints })).toMatchObject({
      ok: false,
      problem: 'checkpoint_mismatch',
      firstBadSeq: 10,
      matchedCheckpointSeq: 5,
      checked: 9,
    });
  });

  it('finds a tail cut off before the last checkpoint, head and all', async () => {
    const db = h.database.db;
    const checkpoints = await chainWithTwoCheckpoints(db);
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await db.execute(sql`delete from audit_log where seq > 8`);
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    const [last] = await db.select().from(auditLog).where(eq(auditLog.seq, 8));
    await db.update(auditHead).set({ lastSeq: 8, lastHash: last!.hash }).where(eq(auditHead.id, 1));
    const onlyFirst = checkpoints.slice(0, 1);
    expect(await verifyAuditChain(db, { checkpoints: onlyFirst })).toMatchObject({ ok: true, checked: 8 });
    expect(await verifyAuditChain(db, { checkpoints })).toMatchObject({ ok: false, problem: 'truncated', firstBadSeq: 9 });
  });

  it('refuses a checkpoint not signed by a key of the ring, and a cut-over moved after a checkpoint', async () => {
    const db = h.database.db;
    const [first] = await chainWithTwoCheckpoints(db);
    const forged = { ...first!, hash: '00'.repeat(32) };
    expect(await verifyAuditChain(db, { checkpoints: [forged] })).toMatchObject({ ok: false, problem: 'checkpoint_invalid' });
    const otherKey = signCheckpoint(
      { id: 'stolen', key: Buffer.alloc(32, 7) },
      { seq: 1, hash: Buffer.alloc(32), keyedFromSeq: 1 },
      new Date(),
    );
    expect(await verifyAuditChain(db, { checkpoints: [otherKey] })).toMatchObject({ ok: false, problem: 'checkpoint_invalid' });

    await db.update(auditHead).set({ keyedFromSeq: 3 }).where(eq(auditHead.id, 1));
    expect(await verifyAuditChain(db, { checkpoints: [first!] })).toMatchObject({ ok: false, problem: 'cutover_moved' });
  });
});

describe('checkpoint sinks', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gonghui-checkpoints-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const checkpoint = signCheckpoint(
    { id: 'k1', key: Buffer.alloc(32, 1) },
    { seq: 42, hash: Buffer.alloc(32, 9), keyedFromSeq: 1 },
    new Date(),
  );

  it('appends one JSON line per checkpoint to a file, creating its folder, and reads them back', async () => {
    const file = path.join(dir, 'nested', 'audit-checkpoints.jsonl');
    const sink = new FileCheckpointSink(file);
    await sink.write(checkpoint);
    await sink.write({ ...checkpoint, seq: 43 });
    const read = parseCheckpoints(readFileSync(file, 'utf8'));
    expect(read).toEqual({ checkpoints: [checkpoint, { ...checkpoint, seq: 43 }], badLines: [] });
    expect(parseCheckpoints(`${JSON.stringify(checkpoint)}\nnot json\n{"v":1}\n`).badLines).toEqual([2, 3]);
  });

  it('posts each checkpoint as JSON to a URL, and fails the run when the receiver does not take it', async () => {
    const received: unknown[] = [];
    let status = 201;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({
          method: req.method,
          type: req.headers['content-type'],
          authorization: req.headers.authorization,
          url: req.url,
          body: JSON.parse(body) as unknown,
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const sink = new HttpCheckpointSink(`http://user:secret@127.0.0.1:${port}/anchors?token=abc`);
      expect(sink.target).toBe(`http://127.0.0.1:${port}/anchors`);
      await sink.write(checkpoint);
      expect(received).toEqual([
        {
          method: 'POST',
          type: 'application/json',
          authorization: `Basic ${Buffer.from('user:secret').toString('base64')}`,
          url: '/anchors?token=abc',
          body: checkpoint,
        },
      ]);
      status = 500;
      await expect(sink.write(checkpoint)).rejects.toThrow(/answered 500/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
