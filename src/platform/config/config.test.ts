import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, redactConfig } from './config.js';

const b64 = (bytes: number) => randomBytes(bytes).toString('base64');
const PRODUCTION_BLIND_KEY = b64(32);
// Everything production needs; each refusal test takes one thing away.
const PRODUCTION = {
  NODE_ENV: 'production',
  GONGHUI_DATA_KEYS: `prod1:${b64(32)}`,
  GONGHUI_BLIND_INDEX_KEY: PRODUCTION_BLIND_KEY,
  GONGHUI_CARD_SIGNING_KEYS: `card1:${b64(32)}`,
  GONGHUI_AUDIT_KEYS: `audit2027:${b64(32)},audit2026:${b64(32)}`,
  GONGHUI_SMS_SENDER: 'http',
  GONGHUI_SMS_GATEWAY_URL: 'https://sms.example.cn/send',
  GONGHUI_SMS_GATEWAY_KEY_ID: 'gonghui',
  GONGHUI_SMS_GATEWAY_SECRET: 'sms-s3cret',
} as const;

// parseConfig is always given its own env, never process.env (Vitest sets NODE_ENV there).
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('parseConfig accepted the environment');
}

describe(parseConfig.name, () => {
  it('starts a fresh clone on port 3000 with AES-256-GCM and the development key', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      host: '0.0.0.0',
      dataDir: './data',
      dataCipher: 'aes-256-gcm',
      smsSender: 'dev',
      sessionTtlHours: 12,
      memberSessionTtlDays: 30,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataKeys.map((k) => k.id)).toEqual(['dev1']);
    expect(config.dataKeys[0]!.key.length).toBe(32);
    expect(config.blindIndexKey.length).toBeGreaterThanOrEqual(32);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseConfig({}))).toBe(true);
  });

  it('reads PORT as a number', () => {
    expect(parseConfig({ PORT: '8080' }).port).toBe(8080);
  });

  it('treats an empty PORT as unset', () => {
    expect(parseConfig({ PORT: '' }).port).toBe(3000);
  });

  it('lets an explicit override win over the environment', () => {
    expect(parseConfig({ PORT: '8080' }, { port: 9090 }).port).toBe(9090);
  });

  it('refuses a PORT that is not a number, naming PORT', () => {
    const error = configError({ PORT: 'eighty' });
    expect(error.message).toMatch(/^\s*PORT: /m);
  });

  it('refuses a PORT above 65535, naming PORT', () => {
    expect(configError({ PORT: '70000' }).message).toMatch(/^\s*PORT: /m);
  });

  it('reads GONGHUI_DATA_CIPHER=sm4', () => {
    expect(parseConfig({ GONGHUI_DATA_CIPHER: 'sm4' }).dataCipher).toBe('sm4');
  });

  it('refuses an unknown cipher, naming GONGHUI_DATA_CIPHER', () => {
    expect(configError({ GONGHUI_DATA_CIPHER: 'des' }).message).toMatch(/^\s*GONGHUI_DATA_CIPHER: /m);
  });

  it('reads every entry of GONGHUI_DATA_KEYS in order, the first being the one that encrypts', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const config = parseConfig({ GONGHUI_DATA_KEYS: `k2026b:${a.toString('base64')}, k2026a:${b.toString('base64')}` });
    expect(config.dataKeys.map((k) => k.id)).toEqual(['k2026b', 'k2026a']);
    expect(config.dataKeys[0]!.key.equals(a)).toBe(true);
    expect(config.dataKeys[1]!.key.equals(b)).toBe(true);
  });

  it('refuses a data key of 16 bytes, naming GONGHUI_DATA_KEYS and the key id', () => {
    const message = configError({ GONGHUI_DATA_KEYS: `a:${b64(32)},short:${b64(16)}` }).message;
    expect(message).toMatch(/^\s*GONGHUI_DATA_KEYS: /m);
    expect(message).toContain('"short"');
  });

  it('refuses a data key entry without an id', () => {
    expect(configError({ GONGHUI_DATA_KEYS: b64(32) }).message).toMatch(/^\s*GONGHUI_DATA_KEYS: /m);
  });

  it('refuses a blind index key shorter than 32 bytes, naming GONGHUI_BLIND_INDEX_KEY', () => {
    expect(configError({ GONGHUI_BLIND_INDEX_KEY: b64(16) }).message).toMatch(/^\s*GONGHUI_BLIND_INDEX_KEY: /m);
  });

  it('refuses production without GONGHUI_DATA_KEYS, because the development keys are public', () => {
    const message = configError({ NODE_ENV: 'production', GONGHUI_BLIND_INDEX_KEY: PRODUCTION_BLIND_KEY }).message;
    expect(message).toContain('GONGHUI_DATA_KEYS');
  });

  it('refuses production without GONGHUI_BLIND_INDEX_KEY', () => {
    const message = configError({ NODE_ENV: 'production', GONGHUI_DATA_KEYS: `prod1:${b64(32)}` }).message;
    expect(message).toContain('GONGHUI_BLIND_INDEX_KEY');
  });

  it('refuses production without GONGHUI_CARD_SIGNING_KEYS: anyone could sign a member card with the public development key', () => {
    const message = configError({
      NODE_ENV: 'production',
      GONGHUI_DATA_KEYS: `prod1:${b64(32)}`,
      GONGHUI_BLIND_INDEX_KEY: PRODUCTION_BLIND_KEY,
    }).message;
    expect(message).toContain('GONGHUI_CARD_SIGNING_KEYS');
  });

  it('starts production with its own data keys, blind index key, card signing keys, audit keys and SMS gateway', () => {
    const config = parseConfig(PRODUCTION);
    expect(config.env).toBe('production');
    expect(config.dataKeys.map((k) => k.id)).toEqual(['prod1']);
    expect(config.cardSigningKeys.map((k) => k.id)).toEqual(['card1']);
    expect(config.auditKeys.map((k) => k.id)).toEqual(['audit2027', 'audit2026']);
    expect(config.smsSender).toBe('http');
  });

  it('refuses production without GONGHUI_AUDIT_KEYS: anyone could re-hash a rewritten audit chain with the public development key', () => {
    const { GONGHUI_AUDIT_KEYS: _audit, ...withoutAuditKeys } = PRODUCTION;
    const message = configError(withoutAuditKeys).message;
    expect(message).toContain('GONGHUI_AUDIT_KEYS');
    expect(message).not.toContain('GONGHUI_DATA_KEYS');
  });

  it('sends audit checkpoints to a file in the data directory unless told otherwise', () => {
    expect(parseConfig({ GONGHUI_DATA_DIR: '/var/lib/gonghui' }).auditCheckpoints).toBe('/var/lib/gonghui/audit-checkpoints.jsonl');
    const remote = parseConfig({ GONGHUI_AUDIT_CHECKPOINTS: 'https://anchor.example.org/gonghui' });
    expect(remote.auditCheckpoints).toBe('https://anchor.example.org/gonghui');
  });

  it('refuses production without an SMS sender: the development one would log every phone number and code', () => {
    const { GONGHUI_SMS_SENDER: _sender, ...withoutSender } = PRODUCTION;
    const message = configError(withoutSender).message;
    expect(message).toContain('GONGHUI_SMS_SENDER=http');
    expect(message).toContain('GONGHUI_SMS_GATEWAY_URL');
  });

  it('refuses production with the development SMS sender named explicitly', () => {
    expect(configError({ ...PRODUCTION, GONGHUI_SMS_SENDER: 'dev' }).message).toContain('GONGHUI_SMS_SENDER=http');
  });

  it('refuses the http SMS sender without a gateway URL', () => {
    const message = configError({
      GONGHUI_SMS_SENDER: 'http',
      GONGHUI_SMS_GATEWAY_KEY_ID: 'gonghui',
      GONGHUI_SMS_GATEWAY_SECRET: 's3cret',
    }).message;
    expect(message).toContain('GONGHUI_SMS_GATEWAY_URL');
  });

  it('accepts the http SMS sender with URL, key id and secret', () => {
    const config = parseConfig({
      GONGHUI_SMS_SENDER: 'http',
      GONGHUI_SMS_GATEWAY_URL: 'https://sms.example.cn/send',
      GONGHUI_SMS_GATEWAY_KEY_ID: 'gonghui',
      GONGHUI_SMS_GATEWAY_SECRET: 's3cret',
    });
    expect(config).toMatchObject({ smsSender: 'http', smsGatewayUrl: 'https://sms.example.cn/send' });
  });

  it('refuses a DATABASE_URL that is not a URL, naming DATABASE_URL', () => {
    expect(configError({ DATABASE_URL: 'gonghui on localhost' }).message).toMatch(/^\s*DATABASE_URL: /m);
  });

  it('reads GONGHUI_TRUST_PROXY=true as true', () => {
    expect(parseConfig({ GONGHUI_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('reads GONGHUI_TRUST_PROXY=false as false', () => {
    expect(parseConfig({ GONGHUI_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
  });

  it('reads GONGHUI_JOBS_ENABLED=false as false', () => {
    expect(parseConfig({ GONGHUI_JOBS_ENABLED: 'false' }).jobsEnabled).toBe(false);
  });
});

describe(redactConfig.name, () => {
  const dataKey = randomBytes(32);
  const auditKey = randomBytes(32);
  const config = parseConfig({
    DATABASE_URL: 'postgres://gonghui:Pa55word@db.keqiao.internal:5432/gonghui',
    GONGHUI_DATA_KEYS: `prod1:${dataKey.toString('base64')}`,
    GONGHUI_BLIND_INDEX_KEY: PRODUCTION_BLIND_KEY,
    GONGHUI_SMS_SENDER: 'http',
    GONGHUI_SMS_GATEWAY_URL: 'https://sms.example.cn/send',
    GONGHUI_SMS_GATEWAY_KEY_ID: 'gonghui',
    GONGHUI_SMS_GATEWAY_SECRET: 'sms-s3cret',
    GONGHUI_AUDIT_KEYS: `audit1:${auditKey.toString('base64')}`,
    GONGHUI_AUDIT_CHECKPOINTS: 'https://gonghui:anch0r-pass@anchor.example.org/gonghui?token=t0ken',
  });
  const redacted = redactConfig(config);
  const logged = JSON.stringify(redacted);

  it('replaces the data keys, blind index key and SMS secret with [secret]', () => {
    expect(redacted).toMatchObject({ dataKeys: '[secret]', blindIndexKey: '[secret]', smsGatewaySecret: '[secret]' });
  });

  it('leaves no secret in the logged text', () => {
    expect(logged).not.toContain('sms-s3cret');
    expect(logged).not.toContain(PRODUCTION_BLIND_KEY);
    expect(logged).not.toContain(dataKey.toString('base64'));
    expect(logged).not.toContain('Pa55word');
    expect(logged).not.toContain(auditKey.toString('base64'));
    expect(logged).not.toContain('anch0r-pass');
    expect(logged).not.toContain('t0ken');
  });

  it('hides the DATABASE_URL password but keeps user, host and database', () => {
    expect(redacted.databaseUrl).toBe('postgres://gonghui:***@db.keqiao.internal:5432/gonghui');
  });

  it('hides the whole DATABASE_URL password when it contains an @ left unencoded', () => {
    // node-postgres connects with such a URL (the WHATWG parser splits at the last @), so people write them.
    const withAt = parseConfig({ DATABASE_URL: 'postgres://gonghui:Gonghui@2026@db.keqiao.internal:5432/gonghui' });
    expect(redactConfig(withAt).databaseUrl).toBe('postgres://gonghui:***@db.keqiao.internal:5432/gonghui');
  });

  it('keeps the settings that are not secret', () => {
    expect(redacted).toMatchObject({ port: 3000, dataCipher: 'aes-256-gcm', smsSender: 'http', smsGatewayKeyId: 'gonghui' });
  });

  it('leaves the config it was given untouched', () => {
    expect(config.databaseUrl).toBe('postgres://gonghui:Pa55word@db.keqiao.internal:5432/gonghui');
    expect(Array.isArray(config.dataKeys)).toBe(true);
  });
});

describe('WeChat Pay settings', () => {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const privateDer = merchant.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
  const platformDer = platform.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const WECHATPAY = {
    GONGHUI_WECHATPAY_MCHID: '1900009191',
    GONGHUI_WECHATPAY_SERIAL_NO: '3775B6A45ACD588826D15E583A95F5DD',
    GONGHUI_WECHATPAY_PRIVATE_KEY: privateDer,
    GONGHUI_WECHATPAY_PLATFORM_KEYS: `PUB_KEY_ID_0114232134912410000000000000:${platformDer}`,
    GONGHUI_WECHATPAY_APIV3_KEY: 'a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2',
  } as const;

  it('leaves WeChat Pay unconfigured when no merchant id is set', () => {
    expect(parseConfig({}).wechatPay).toBeNull();
  });

  it('reads the merchant, its key, the platform keys by serial and the APIv3 key', () => {
    const wechatPay = parseConfig(WECHATPAY).wechatPay!;
    expect(wechatPay).toMatchObject({
      baseUrl: 'https://api.mch.weixin.qq.com',
      mchid: '1900009191',
      merchantSerialNo: WECHATPAY.GONGHUI_WECHATPAY_SERIAL_NO,
    });
    expect(wechatPay.merchantPrivateKey.equals(merchant.privateKey)).toBe(true);
    expect(Object.keys(wechatPay.platformPublicKeys)).toEqual(['PUB_KEY_ID_0114232134912410000000000000']);
    expect(wechatPay.platformPublicKeys.PUB_KEY_ID_0114232134912410000000000000!.equals(platform.publicKey)).toBe(true);
    expect(wechatPay.apiV3Key.toString('utf8')).toBe(WECHATPAY.GONGHUI_WECHATPAY_APIV3_KEY);
  });

  it('takes the private key as PEM too, with its newlines written as \\n on one line', () => {
    const oneLine = privatePem.replaceAll('\n', '\\n');
    expect(
      parseConfig({ ...WECHATPAY, GONGHUI_WECHATPAY_PRIVATE_KEY: oneLine }).wechatPay!.merchantPrivateKey.equals(merchant.privateKey),
    ).toBe(true);
  });

  it('refuses a merchant id without the rest, naming what is missing', () => {
    const { GONGHUI_WECHATPAY_APIV3_KEY: _key, GONGHUI_WECHATPAY_PLATFORM_KEYS: _platform, ...partial } = WECHATPAY;
    const message = configError(partial).message;
    expect(message).toContain('GONGHUI_WECHATPAY_APIV3_KEY');
    expect(message).toContain('GONGHUI_WECHATPAY_PLATFORM_KEYS');
    expect(message).not.toContain('GONGHUI_WECHATPAY_SERIAL_NO');
  });

  it('reads the AppID payments are taken under, and leaves it null when unset', () => {
    expect(parseConfig({ ...WECHATPAY, GONGHUI_WECHATPAY_APPID: 'wx2421b1c4370ec43b' }).wechatPay?.appId).toBe('wx2421b1c4370ec43b');
    expect(parseConfig(WECHATPAY).wechatPay?.appId).toBeNull();
  });

  it('refuses an AppID that is not wx and 16 hex digits, and an AppID without a merchant id', () => {
    expect(configError({ ...WECHATPAY, GONGHUI_WECHATPAY_APPID: 'wxd678efh567hg6787' }).message).toMatch(/^\s*GONGHUI_WECHATPAY_APPID: /m);
    expect(configError({ GONGHUI_WECHATPAY_APPID: 'wx2421b1c4370ec43b' }).message).toContain(
      'GONGHUI_WECHATPAY_APPID set without GONGHUI_WECHATPAY_MCHID',
    );
  });

  it('refuses WeChat Pay keys without a merchant id', () => {
    expect(configError({ GONGHUI_WECHATPAY_APIV3_KEY: WECHATPAY.GONGHUI_WECHATPAY_APIV3_KEY }).message).toContain(
      'without GONGHUI_WECHATPAY_MCHID',
    );
  });

  it('refuses an APIv3 key that is not 32 characters, a private key that is not RSA and a platform key without a serial', () => {
    expect(configError({ ...WECHATPAY, GONGHUI_WECHATPAY_APIV3_KEY: 'short' }).message).toMatch(/^\s*GONGHUI_WECHATPAY_APIV3_KEY: /m);
    const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(configError({ ...WECHATPAY, GONGHUI_WECHATPAY_PRIVATE_KEY: ed25519 }).message).toMatch(
      /^\s*GONGHUI_WECHATPAY_PRIVATE_KEY: .*RSA/m,
    );
    expect(configError({ ...WECHATPAY, GONGHUI_WECHATPAY_PLATFORM_KEYS: platformDer }).message).toMatch(
      /^\s*GONGHUI_WECHATPAY_PLATFORM_KEYS: /m,
    );
  });

  it('refuses a plain-http WeChat Pay base URL in production; elsewhere a local server is fine', () => {
    const env = { ...PRODUCTION, ...WECHATPAY };
    expect(parseConfig(env).wechatPay?.baseUrl).toBe('https://api.mch.weixin.qq.com');
    expect(configError({ ...env, GONGHUI_WECHATPAY_BASE_URL: 'http://127.0.0.1:9000' }).message).toContain('https://');
    expect(parseConfig({ ...WECHATPAY, GONGHUI_WECHATPAY_BASE_URL: 'http://127.0.0.1:9000' }).wechatPay?.baseUrl).toBe(
      'http://127.0.0.1:9000',
    );
  });

  it('logs the merchant and the key serials, never the private key or the APIv3 key', () => {
    const config = parseConfig({ ...WECHATPAY, GONGHUI_WECHATPAY_PRIVATE_KEY: privatePem });
    const redacted = redactConfig(config);
    expect(redacted.wechatPay).toEqual({
      baseUrl: 'https://api.mch.weixin.qq.com',
      mchid: '1900009191',
      merchantSerialNo: WECHATPAY.GONGHUI_WECHATPAY_SERIAL_NO,
      platformKeySerials: ['PUB_KEY_ID_0114232134912410000000000000'],
    });
    const logged = JSON.stringify(redacted);
    expect(logged).not.toContain(WECHATPAY.GONGHUI_WECHATPAY_APIV3_KEY);
    expect(logged).not.toContain(privateDer.slice(40, 80));
    expect(logged).not.toContain('PRIVATE KEY');
  });
});

describe('WeChat 网页授权 settings', () => {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const WECHATPAY = {
    GONGHUI_WECHATPAY_MCHID: '1900009191',
    GONGHUI_WECHATPAY_SERIAL_NO: '3775B6A45ACD588826D15E583A95F5DD',
    GONGHUI_WECHATPAY_PRIVATE_KEY: merchant.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    GONGHUI_WECHATPAY_PLATFORM_KEYS: `PUB_KEY_ID_0114232134912410000000000000:${platform.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
    GONGHUI_WECHATPAY_APIV3_KEY: 'a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2',
    GONGHUI_WECHATPAY_APPID: 'wx2421b1c4370ec43b',
  } as const;
  const SECRET = '3e2fa5ce1990693588816ff28e259ae0';
  const HTTPS_PUBLIC = { GONGHUI_PUBLIC_URL: 'https://gonghui.example.org' };

  it('is off without a secret, as in development', () => {
    expect(parseConfig({}).wechatOAuth).toBeNull();
    expect(parseConfig(WECHATPAY).wechatOAuth).toBeNull();
  });

  it('takes the AppID payments are made under, the secret and WeChat’s two addresses', () => {
    expect(parseConfig({ ...WECHATPAY, GONGHUI_WECHAT_APP_SECRET: SECRET }).wechatOAuth).toEqual({
      appId: 'wx2421b1c4370ec43b',
      appSecret: SECRET,
      openBaseUrl: 'https://open.weixin.qq.com',
      apiBaseUrl: 'https://api.weixin.qq.com',
    });
    const local = parseConfig({
      ...WECHATPAY,
      GONGHUI_WECHAT_APP_SECRET: SECRET,
      GONGHUI_WECHAT_OPEN_BASE_URL: 'http://127.0.0.1:9001',
      GONGHUI_WECHAT_API_BASE_URL: 'http://127.0.0.1:9002',
    });
    expect(local.wechatOAuth).toMatchObject({ openBaseUrl: 'http://127.0.0.1:9001', apiBaseUrl: 'http://127.0.0.1:9002' });
  });

  it('refuses a secret without the AppID it belongs to, and one that is not 32 letters and digits', () => {
    expect(configError({ GONGHUI_WECHAT_APP_SECRET: SECRET }).message).toContain(
      'GONGHUI_WECHAT_APP_SECRET set without GONGHUI_WECHATPAY_APPID',
    );
    expect(configError({ ...WECHATPAY, GONGHUI_WECHAT_APP_SECRET: 'short' }).message).toMatch(/^\s*GONGHUI_WECHAT_APP_SECRET: /m);
  });

  it('in production needs the secret once an AppID is set, and https for WeChat and for the public address', () => {
    const env = { ...PRODUCTION, ...WECHATPAY, ...HTTPS_PUBLIC };
    expect(configError(env).message).toContain('GONGHUI_WECHAT_APP_SECRET');
    expect(parseConfig({ ...env, GONGHUI_WECHAT_APP_SECRET: SECRET }).wechatOAuth?.appId).toBe('wx2421b1c4370ec43b');
    const { GONGHUI_WECHATPAY_APPID: _appId, ...withoutAppId } = WECHATPAY;
    expect(parseConfig({ ...PRODUCTION, ...withoutAppId }).wechatOAuth).toBeNull();
    const plain = configError({ ...env, GONGHUI_WECHAT_APP_SECRET: SECRET, GONGHUI_WECHAT_API_BASE_URL: 'http://127.0.0.1:9002' }).message;
    expect(plain).toContain('https:// GONGHUI_WECHAT_API_BASE_URL');
    const { GONGHUI_PUBLIC_URL: _public, ...withoutPublic } = env;
    expect(configError({ ...withoutPublic, GONGHUI_WECHAT_APP_SECRET: SECRET }).message).toContain('GONGHUI_PUBLIC_URL');
  });

  it('never logs the secret', () => {
    const config = parseConfig({ ...WECHATPAY, GONGHUI_WECHAT_APP_SECRET: SECRET });
    const redacted = redactConfig(config);
    expect(redacted.wechatOAuth).toEqual({
      appId: 'wx2421b1c4370ec43b',
      openBaseUrl: 'https://open.weixin.qq.com',
      apiBaseUrl: 'https://api.weixin.qq.com',
    });
    expect(JSON.stringify(redacted)).not.toContain(SECRET);
  });
});
