import { bigint, bigserial, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, instant } from '../db/columns.js';

// Append-only: a trigger (see the migration) refuses UPDATE and DELETE, and each row carries the hash
// of its predecessor, so removing or editing a row breaks the chain that `gonghui audit verify` checks.
// The hash is an HMAC under the audit key named by key_id (ADR 0003); rows written before keyed
// hashing (key_id null) are plain SHA-256 links, allowed only below audit_head.keyed_from_seq.
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: instant('at').notNull(),
    actorKind: text('actor_kind', {
      enum: ['staff', 'member', 'partner', 'system'],
    }).notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    orgId: uuid('org_id'),
    orgPath: text('org_path'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    reason: text('reason'),
    requestId: text('request_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    keyId: text('key_id'),
    prevHash: bytea('prev_hash').notNull(),
    hash: bytea('hash').notNull(),
  },
  (t) => [
    index('audit_log_org_path_ix').using('btree', t.orgPath.op('text_pattern_ops'), t.seq),
    index('audit_log_action_ix').on(t.action, t.seq),
    index('audit_log_target_ix').on(t.targetType, t.targetId),
    index('audit_log_actor_ix').on(t.actorKind, t.actorId),
  ],
);

// One row; locking it serialises appends so the chain has no forks.
export const auditHead = pgTable('audit_head', {
  id: integer('id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: bytea('last_hash').notNull(),
  // The first sequence number hashed under a key: set once by the migration that introduced keys.
  keyedFromSeq: bigint('keyed_from_seq', { mode: 'number' }).notNull(),
});
