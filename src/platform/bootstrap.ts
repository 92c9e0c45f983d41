import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { DevSmsSender, HttpSmsGateway } from './auth/sms.js';
import type { Config } from './config/config.js';
import type { Platform } from './context.js';
import { BlindIndex, FieldCipher } from './crypto/field-cipher.js';
import type { Database } from './db/client.js';

/** The platform for code that runs without the HTTP server (CLI, seed, benchmarks' setup). */
export function createPlatform(config: Readonly<Config>, database: Database, log?: FastifyBaseLogger): Platform {
  const logger = log ?? pino({ level: config.logLevel });
  return {
    db: database.db,
    config,
    cipher: new FieldCipher(config.dataCipher, config.dataKeys),
    blindIndex: new BlindIndex(config.blindIndexKey),
    sms:
      config.smsSender === 'http'
        ? new HttpSmsGateway({
            url: config.smsGatewayUrl ?? '',
            keyId: config.smsGatewayKeyId ?? '',
            secret: config.smsGatewaySecret ?? '',
          })
        : new DevSmsSender(database.db, logger),
    log: logger,
  };
}
