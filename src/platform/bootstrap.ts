import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { AuditKeyRing, installAuditKeys } from './audit/chain.js';
import { DevSmsSender, HttpSmsGateway, type SmsSender } from './auth/sms.js';
import type { Config } from './config/config.js';
import type { Platform } from './context.js';
import { BlindIndex, FieldCipher } from './crypto/field-cipher.js';
import type { Database } from './db/client.js';

/** The platform for code that runs without the HTTP server (CLI, seed, benchmarks' setup). */
export function createPlatform(config: Readonly<Config>, database: Database, log?: FastifyBaseLogger): Platform {
  const logger = log ?? pino({ level: config.logLevel });
  installAuditKeys(new AuditKeyRing(config.auditKeys));
  return {
    db: database.db,
    // A function, not a value: the standby is in use or not from one check to the next, and a copy of
    // the platform (a spread) keeps asking.
    readDb: () => database.readDb(),
    config,
    cipher: new FieldCipher(config.dataCipher, config.dataKeys),
    blindIndex: new BlindIndex(config.blindIndexKey),
    sms: smsSenderFor(config, database, logger),
    log: logger,
  };
}

function smsSenderFor(config: Readonly<Config>, database: Database, logger: Pick<FastifyBaseLogger, 'info'>): SmsSender {
  if (config.smsSender === 'http') {
    return new HttpSmsGateway({
      url: config.smsGatewayUrl ?? '',
      keyId: config.smsGatewayKeyId ?? '',
      secret: config.smsGatewaySecret ?? '',
    });
  }
  // parseConfig refuses this already; a config put together any other way must not reach the dev
  // outbox either, which keeps phone numbers and codes in plaintext.
  if (config.env === 'production') throw new Error('the development SMS sender is never used in production');
  return new DevSmsSender(database.db, logger);
}
