import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatform } from './bootstrap.js';
import { DevSmsSender, HttpSmsGateway } from './auth/sms.js';
import { parseConfig } from './config/config.js';
import type { Database } from './db/client.js';
import { openPgliteFromImage } from '../../test/harness/pglite-image.js';

describe(createPlatform.name, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openPgliteFromImage();
  });
  afterAll(async () => {
    await database.close();
  });
  const quiet = { LOG_LEVEL: 'silent' };

  it('sends development SMS to the dev outbox outside production', () => {
    expect(createPlatform(parseConfig(quiet), database).sms).toBeInstanceOf(DevSmsSender);
  });

  it('never builds the development SMS sender in production, even from a config parseConfig did not check', () => {
    const config = { ...parseConfig(quiet), env: 'production' as const };
    expect(() => createPlatform(config, database)).toThrow('never used in production');
  });

  it('sends through the HTTP gateway when one is configured', () => {
    const config = parseConfig({
      ...quiet,
      GONGHUI_SMS_SENDER: 'http',
      GONGHUI_SMS_GATEWAY_URL: 'https://sms.example.cn/send',
      GONGHUI_SMS_GATEWAY_KEY_ID: 'gonghui',
      GONGHUI_SMS_GATEWAY_SECRET: 's3cret',
    });
    expect(createPlatform(config, database).sms).toBeInstanceOf(HttpSmsGateway);
  });
});
