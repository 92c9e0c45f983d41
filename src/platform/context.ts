import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config/config.js';
import type { BlindIndex, FieldCipher } from './crypto/field-cipher.js';
import type { Db } from './db/tx.js';
import type { SmsSender } from './auth/sms.js';

/** What a use case may need besides its input: built once at start-up, passed explicitly. */
export interface Platform {
  db: Db;
  /**
   * For a read-only route that may be a few seconds stale (a dashboard, an export, a roll page): the
   * standby while it is within its bound, else the primary (platform/db/replica.ts). Never for a read
   * a write depends on: that reads in the use case's transaction.
   */
  readDb(): Db;
  config: Readonly<Config>;
  cipher: FieldCipher;
  blindIndex: BlindIndex;
  sms: SmsSender;
  log: FastifyBaseLogger;
}
