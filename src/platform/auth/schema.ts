import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, instant } from '../db/columns.js';

// Sessions live in the database so that N instances share them and "sign out everywhere" is one UPDATE.
export const authSessions = pgTable(
  'auth_session',
  {
    id: id(),
    tokenHash: bytea('token_hash').notNull(),
    principalKind: text('principal_kind', {
      enum: ['staff', 'member'],
    }).notNull(),
    principalId: uuid('principal_id').notNull(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    revokedAt: instant('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    // A member session that runs inside WeChat's browser, as this openid under this AppID (网页授权,
    // wechat-session.ts): what JSAPI payment needs. Per session, not per account: the openid is the
    // WeChat user holding this browser, who may pay for a member without being one.
    wechatAppId: text('wechat_app_id'),
    wechatOpenid: text('wechat_openid'),
  },
  (t) => [
    uniqueIndex('auth_session_token_uq').on(t.tokenHash),
    index('auth_session_principal_ix').on(t.principalKind, t.principalId),
    // An openid means nothing without the AppID that issued it.
    check('auth_session_wechat_pair', sql`(${t.wechatAppId} is null) = (${t.wechatOpenid} is null)`),
  ],
);

// A half-finished staff sign-in: password accepted, TOTP (or its enrolment) still to come.
export const authChallenges = pgTable('auth_challenge', {
  id: id(),
  staffId: uuid('staff_id').notNull(),
  kind: text('kind', { enum: ['totp', 'totp_enrolment'] }).notNull(),
  totpSecretCipher: bytea('totp_secret_cipher'),
  attempts: integer('attempts').notNull().default(0),
  createdAt: createdAt(),
  expiresAt: instant('expires_at').notNull(),
  consumedAt: instant('consumed_at'),
});

// The phone-verified person behind an H5 session; the members module links its member to it.
export const memberAccounts = pgTable(
  'auth_member_account',
  {
    id: id(),
    phoneCipher: bytea('phone_cipher').notNull(),
    phoneIndex: bytea('phone_index').notNull(),
    createdAt: createdAt(),
    lastSignInAt: instant('last_sign_in_at'),
  },
  (t) => [uniqueIndex('auth_member_account_phone_uq').on(t.phoneIndex)],
);

export const smsCodes = pgTable(
  'auth_sms_code',
  {
    id: id(),
    phoneIndex: bytea('phone_index').notNull(),
    codeHash: bytea('code_hash').notNull(),
    purpose: text('purpose').notNull().default('sign_in'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    consumedAt: instant('consumed_at'),
  },
  (t) => [index('auth_sms_code_phone_ix').on(t.phoneIndex, t.createdAt)],
);

// Sliding-log rate limits (rate-limit.ts): a bucket's row keeps the instants of its admitted hits that
// are still inside its window, at most the rule's limit of them; a job purges buckets left idle.
export const rateLimits = pgTable('auth_rate_limit', {
  bucket: text('bucket').primaryKey(),
  hits: instant('hits').array().notNull(),
  // Whether the last hit was admitted: the upsert decides it from the row it locked.
  admitted: boolean('admitted').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

// Fixed-window counters (rate-limit.ts, countHitsMany): for work answered in batches, where one
// statement must count a whole batch's hits on thousands of buckets (a campaign's claims, ADR 0012).
export const rateCounters = pgTable(
  'auth_rate_counter',
  {
    bucket: text('bucket').notNull(),
    windowStart: instant('window_start').notNull(),
    hits: integer('hits').notNull(),
  },
  // No index on the window alone: the daily purge may scan, the claims' upserts should not pay for one.
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);

// Sign-in throttles (sign-in-throttle.ts, ADR 0009): a failure score per key (an account name, an
// address, a known device) that leaks away with time, and when the key may be tried again.
export const signInThrottles = pgTable('auth_sign_in_throttle', {
  key: text('key').primaryKey(),
  score: doublePrecision('score').notNull(),
  updatedAt: instant('updated_at').notNull(),
  blockedUntil: instant('blocked_until'),
});

// Browsers that completed a sign-in (password and TOTP) for an account: the device cookie holds the
// token, only its hash is stored. A known device is exempt from the account's throttle (ADR 0009).
export const knownDevices = pgTable(
  'auth_known_device',
  {
    id: id(),
    tokenHash: bytea('token_hash').notNull(),
    principalKind: text('principal_kind', { enum: ['staff'] }).notNull(),
    principalId: uuid('principal_id').notNull(),
    createdAt: createdAt(),
    lastUsedAt: instant('last_used_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [
    uniqueIndex('auth_known_device_token_uq').on(t.tokenHash),
    index('auth_known_device_principal_ix').on(t.principalKind, t.principalId),
  ],
);

// What the development SMS sender "sent": the dev inbox page reads it, so it works with N instances.
export const devSmsOutbox = pgTable('auth_dev_sms_outbox', {
  id: id(),
  phone: text('phone').notNull(),
  template: text('template').notNull(),
  params: jsonb('params').$type<Record<string, string>>().notNull(),
  text: text('text').notNull(),
  createdAt: createdAt(),
});

export const partnerNonces = pgTable(
  'auth_partner_nonce',
  {
    keyId: text('key_id').notNull(),
    nonce: text('nonce').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.nonce] }), index('auth_partner_nonce_created_ix').on(t.createdAt)],
);

export const idempotencyRecords = pgTable(
  'auth_idempotency_record',
  {
    partnerId: uuid('partner_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: bytea('request_hash').notNull(),
    // null while the first request is still running: a concurrent retry is told to wait.
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.key] }), index('auth_idempotency_created_ix').on(t.createdAt)],
);
