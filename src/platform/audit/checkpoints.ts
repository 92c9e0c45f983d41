import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Db } from '../db/tx.js';
import { type AuditKey, type AuditKeyRing } from './chain.js';
import { auditHead } from './schema.js';

// A checkpoint is the chain's head (sequence number and hash) signed with the audit key and kept
// outside the database. Whoever holds the database and the key can still re-hash the chain, but not
// what was already sent away: `audit verify` finds a rewritten or cut-off part before the last checkpoint.

export interface AuditCheckpoint {
  v: 1;
  /** The head when the checkpoint was taken: the last record's sequence number (0: empty chain) … */
  seq: number;
  /** … and its hash, hex. */
  hash: string;
  /** The chain's cut-over to keyed hashes (audit_head.keyed_from_seq), so it cannot be moved unseen. */
  keyedFromSeq: number;
  at: string;
  keyId: string;
  /** HMAC-SHA-256 under the key `keyId` of the fields above, hex. */
  mac: string;
}

const CHECKPOINT_DOMAIN = 'gonghui/audit-checkpoint/v1\n';

function checkpointMac(key: Buffer, c: Omit<AuditCheckpoint, 'mac'>): Buffer {
  return createHmac('sha256', key)
    .update(CHECKPOINT_DOMAIN)
    .update(JSON.stringify([c.v, c.seq, c.hash, c.keyedFromSeq, c.at, c.keyId]))
    .digest();
}

export function signCheckpoint(key: AuditKey, head: { seq: number; hash: Buffer; keyedFromSeq: number }, at: Date): AuditCheckpoint {
  const unsigned = {
    v: 1 as const,
    seq: head.seq,
    hash: head.hash.toString('hex'),
    keyedFromSeq: head.keyedFromSeq,
    at: at.toISOString(),
    keyId: key.id,
  };
  return { ...unsigned, mac: checkpointMac(key.key, unsigned).toString('hex') };
}

/** Whether the checkpoint was signed under a key of the ring ('unknown_key' when its key is not there). */
export function checkCheckpoint(keys: AuditKeyRing, c: AuditCheckpoint): 'valid' | 'unknown_key' | 'bad_signature' {
  const key = keys.key(c.keyId);
  if (!key) return 'unknown_key';
  const given = Buffer.from(c.mac, 'hex');
  const expected = checkpointMac(key, c);
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'valid' : 'bad_signature';
}

/** Reads the committed head (one row, so its sequence number and hash belong together) and signs it. */
export async function takeCheckpoint(db: Db, keys: AuditKeyRing, now: Date): Promise<AuditCheckpoint> {
  const [head] = await db.select().from(auditHead).where(eq(auditHead.id, 1));
  if (!head) throw new Error('audit_head row missing: run the migrations');
  return signCheckpoint(keys.current, { seq: head.lastSeq, hash: head.lastHash, keyedFromSeq: head.keyedFromSeq }, now);
}

/** Where checkpoints go: somewhere the database's administrators cannot rewrite. */
export interface CheckpointSink {
  readonly target: string;
  write(checkpoint: AuditCheckpoint): Promise<void>;
}

/** `https://…` or `http://…`: each checkpoint is POSTed as JSON; anything else is a file path. */
export function checkpointSink(target: string): CheckpointSink {
  return /^https?:\/\//i.test(target) ? new HttpCheckpointSink(target) : new FileCheckpointSink(target);
}

/** Appends one JSON line per checkpoint and syncs it to disk before the job reports success. */
export class FileCheckpointSink implements CheckpointSink {
  constructor(readonly target: string) {}

  async write(checkpoint: AuditCheckpoint): Promise<void> {
    await mkdir(path.dirname(this.target), { recursive: true });
    const file = await open(this.target, 'a');
    try {
      await file.write(`${JSON.stringify(checkpoint)}\n`);
      await file.datasync();
    } finally {
      await file.close();
    }
  }
}

/**
 * A log collector, a WORM store's ingest or another organisation's server: it must answer 2xx. Credentials
 * in the URL (https://user:password@host/…) are sent as HTTP Basic authentication.
 */
export class HttpCheckpointSink implements CheckpointSink {
  /** The URL without credentials or query (it is shown in job runs). */
  readonly target: string;
  private readonly url: string;
  private readonly headers: Record<string, string> = { 'content-type': 'application/json' };

  constructor(url: string) {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      const user = decodeURIComponent(parsed.username);
      const password = decodeURIComponent(parsed.password);
      this.headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      parsed.username = '';
      parsed.password = '';
    }
    this.url = parsed.toString();
    this.target = `${parsed.origin}${parsed.pathname}`;
  }

  async write(checkpoint: AuditCheckpoint): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: this.headers,
      body: JSON.stringify(checkpoint),
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`audit checkpoint sink ${this.target} answered ${response.status}`);
  }
}

const CheckpointLine = z.strictObject({
  v: z.literal(1),
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  keyedFromSeq: z.number().int().min(1),
  at: z.iso.datetime(),
  keyId: z.string().min(1).max(16),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});

/** Checkpoints from the text of a checkpoint file; a line that is not one is reported by its number. */
export function parseCheckpoints(text: string): { checkpoints: AuditCheckpoint[]; badLines: number[] } {
  const checkpoints: AuditCheckpoint[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      badLines.push(i + 1);
      return;
    }
    const result = CheckpointLine.safeParse(parsed);
    if (result.success) checkpoints.push(result.data);
    else badLines.push(i + 1);
  });
  return { checkpoints, badLines };
}

export async function readCheckpointFile(file: string): Promise<{ checkpoints: AuditCheckpoint[]; badLines: number[] }> {
  return parseCheckpoints(await readFile(file, 'utf8'));
}
