import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { parseDatabaseUrl } from '../db/hosts.js';

// Secrets are flagged so that config can be logged without leaking them.
const SECRET_KEYS = [
  'dataKeys',
  'blindIndexKey',
  'cardSigningKeys',
  'auditKeys',
  'smsGatewaySecret',
  'sessionSecret',
  'wechatPayPrivateKey',
  'wechatPayApiV3Key',
  'wechatAppSecret',
] as const;

const keyring = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx) => {
      // "k1:base64key,k2:base64key" — the first id encrypts; every id decrypts (rotation).
      const entries = raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
      const keys: { id: string; key: Buffer }[] = [];
      for (const entry of entries) {
        const [id, b64] = entry.split(':');
        const key = Buffer.from(b64 ?? '', 'base64');
        if (!id || !/^[a-z0-9_-]{1,16}$/i.test(id) || key.length !== 32) {
          ctx.addIssue({
            code: 'custom',
            message: `bad key entry "${id ?? ''}": want id:base64(32 bytes)`,
          });
          return z.NEVER;
        }
        keys.push({ id, key });
      }
      if (keys.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'at least one data key' });
        return z.NEVER;
      }
      return keys;
    });

// The merchant's API private key: its PEM (newlines may be written as \n, for one-line env files) or the
// base64 of its PKCS#8 DER, i.e. the lines between BEGIN and END of apiclient_key.pem joined.
const rsaPrivateKey = z.string().transform((raw, ctx): KeyObject => {
  try {
    const key = raw.includes('-----BEGIN')
      ? createPrivateKey(raw.replaceAll('\\n', '\n'))
      : createPrivateKey({ key: Buffer.from(raw, 'base64'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType ?? 'unknown'} key`);
    return key;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not an RSA private key (${(error as Error).message})` });
    return z.NEVER;
  }
});

// "serial:base64[,serial:base64]": WeChat Pay's verification keys by the serial its answers name in
// Wechatpay-Serial — a 微信支付公钥 (PUB_KEY_ID_…, base64 of the SPKI DER in pub_key.pem) or a platform
// certificate (its serial, base64 of the certificate's DER). Several during a rotation.
const rsaPublicKeys = z.string().transform((raw, ctx): Record<string, KeyObject> => {
  const keys: Record<string, KeyObject> = {};
  for (const entry of raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(':');
    const serial = colon > 0 ? entry.slice(0, colon) : '';
    const der = Buffer.from(entry.slice(colon + 1), 'base64');
    try {
      if (!/^[A-Za-z0-9_]{1,64}$/.test(serial)) throw new Error('want serial:base64');
      keys[serial] = publicKeyFromDer(der);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `bad key entry "${serial}": ${(error as Error).message}` });
      return z.NEVER;
    }
  }
  if (Object.keys(keys).length === 0) {
    ctx.addIssue({ code: 'custom', message: 'at least one key' });
    return z.NEVER;
  }
  return keys;
});

function publicKeyFromDer(der: Buffer): KeyObject {
  try {
    return createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    return new X509Certificate(der).publicKey;
  }
}

/**
 * WeChat's 网页授权 (OAuth 2.0, scope snsapi_base) of the 公众号 members pay under, present only when
 * GONGHUI_WECHATPAY_APPID and GONGHUI_WECHAT_APP_SECRET are both set (see parseConfig).
 */
export interface WechatOAuthSettings {
  appId: string;
  appSecret: string;
  /** Where the browser is sent to be authorised (open.weixin.qq.com). */
  openBaseUrl: string;
  /** Where codes are exchanged (api.weixin.qq.com). */
  apiBaseUrl: string;
}

/** WeChat Pay API v3 settings, present only when GONGHUI_WECHATPAY_MCHID is set (see parseConfig). */
export interface WechatPaySettings {
  baseUrl: string;
  mchid: string;
  merchantSerialNo: string;
  merchantPrivateKey: KeyObject;
  platformPublicKeys: Record<string, KeyObject>;
  apiV3Key: Buffer;
  /** The 公众号 AppID bound to the merchant, for payments (JSAPI, H5); null when unset (coupons do without it). */
  appId: string | null;
}

// Development defaults make `npm start` work on a fresh clone; production refuses them (see parseConfig).
const DEV_DATA_KEYS = 'dev1:ZGV2LWRhdGEta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=';
const DEV_BLIND_KEY = 'ZGV2LWJsaW5kLWluZGV4LWtleS1ub3QtZm9yLXByb2Qh';
const DEV_CARD_KEYS = 'card-dev1:ZGV2LWNhcmQtc2lnbmluZy1zZWVkLW5vdC1wcm9kISE=';
const DEV_AUDIT_KEYS = 'audit-dev1:ZGV2LWF1ZGl0LWNoYWluLWtleS1ub3QtZm9yLXByb2Q=';

function databaseUrlProblem(url: string, ctx: z.RefinementCtx): void {
  try {
    parseDatabaseUrl(url);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a PostgreSQL URL: ${(error as Error).message}` });
  }
}

export const ConfigSchema = z.object({
  env: z.enum(['development', 'test', 'production']).default('development'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().default('0.0.0.0'),
  // Where workers reach the H5 (https://gonghui.example.org): links sent by SMS start with it.
  publicUrl: z.url().optional(),
  // One host, or a failover formation's several (`h1:5432,h2:5432/db?target_session_attrs=read-write`).
  databaseUrl: z.string().superRefine(databaseUrlProblem).optional(),
  // A standby for dashboards, exports and roll pages (a formation's URL with target_session_attrs=prefer-standby),
  // used while it is at most readMaxLagMs behind the primary (platform/db/replica.ts).
  databaseReadUrl: z.string().superRefine(databaseUrlProblem).optional(),
  readMaxLagMs: z.coerce.number().int().min(100).max(600_000).default(5_000),
  dataDir: z.string().default('./data'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  dataCipher: z.enum(['aes-256-gcm', 'sm4']).default('aes-256-gcm'),
  dataKeys: keyring(DEV_DATA_KEYS),
  blindIndexKey: z
    .string()
    .default(DEV_BLIND_KEY)
    .transform((b64) => Buffer.from(b64, 'base64'))
    .refine((b) => b.length >= 32, 'blind index key must be at least 32 bytes'),
  smsSender: z.enum(['dev', 'http']).default('dev'),
  smsGatewayUrl: z.url().optional(),
  smsGatewayKeyId: z.string().optional(),
  smsGatewaySecret: z.string().optional(),
  sessionTtlHours: z.coerce.number().int().positive().default(12),
  memberSessionTtlDays: z.coerce.number().int().positive().default(30),
  // 'false' (default), 'true' (trust every X-Forwarded-For hop: only behind a proxy that overwrites it),
  // a hop count such as '1' (one nginx in front: the usual setting), or a list of proxy addresses/CIDRs.
  trustProxy: z
    .string()
    .default('false')
    .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  // JSON bodies: the largest a route of ours takes (a bulk approval of 500 ids) is ~20 KB. Files have
  // their own limits, on the routes that take them.
  bodyLimitBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024),
  // Comma-separated origins (https://console.example.org) besides the server's own host from which
  // browsers may send state-changing requests; empty: the server's own host only.
  allowedOrigins: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  importLimitBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(50 * 1_048_576),
  // Ed25519 seeds of the signed QR tokens (platform/tokens), "kid:base64(32 bytes)": the first signs, all
  // verify. The member card signs with the seeds themselves, every other token type with keys derived
  // from them per type; /api/cards/keys publishes the card's public keys so partners can check offline.
  cardSigningKeys: keyring(DEV_CARD_KEYS),
  cardTokenTtlSeconds: z.coerce.number().int().min(30).max(600).default(90),
  memberReviewSlaHours: z.coerce.number().int().min(1).max(720).default(72),
  // Personal fields of members who left (or died) more than this many years ago are purged.
  memberRetentionYears: z.coerce.number().int().min(1).max(30).default(3),
  memberImportLimitBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(500 * 1_048_576),
  // A census list: a department's million-row list is about 100 MB as CSV, more as .xlsx.
  censusListLimitBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(500 * 1_048_576),
  // A photo (a station's, an inspection's evidence): a phone's camera gives 2–8 MB; the console shrinks
  // what it sends, an API client may not.
  photoLimitBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1_048_576),
  // The H5's station map: a tile URL template ({z}/{x}/{y}, optionally {s}) of a provider reachable in
  // China, and the datum its tiles are drawn in (AMap's and Tencent's are GCJ-02, OpenStreetMap's WGS-84).
  // Unset: no tiles; the map still shows the stations and the rider as markers, and the list works.
  mapTileUrl: z
    .string()
    .refine(
      (v) => /^https?:\/\//.test(v) && v.includes('{x}') && v.includes('{y}') && v.includes('{z}'),
      'want an http(s) URL with {x}, {y} and {z}',
    )
    .optional(),
  mapTileDatum: z.enum(['gcj02', 'wgs84']).default('gcj02'),
  mapTileSubdomains: z.string().default(''),
  mapTileAttribution: z.string().default(''),
  // A rider's average speed for the riding time and the "5 分钟骑行服务圈".
  ridingSpeedKmh: z.coerce.number().min(3).max(40).default(15),
  // HMAC-SHA-256 keys of the audit chain, "kid:base64(32 bytes)": the first signs new records and
  // checkpoints, every one verifies (a record names its key id, so old keys stay for verification).
  auditKeys: keyring(DEV_AUDIT_KEYS),
  // Where signed checkpoints of the chain's head go: a file (one JSON line each) or an http(s) URL that
  // takes each one as a POST. Default: audit-checkpoints.jsonl in the data directory.
  auditCheckpoints: z
    .string()
    .min(1)
    .refine((v) => !/^https?:\/\//i.test(v) || URL.canParse(v), 'not a valid URL')
    .optional(),
  auditCheckpointMinutes: z.coerce.number().int().min(1).max(1440).default(15),
  // Coupon claims from one address per minute: loose, because a delivery hub's NAT or a carrier's
  // puts hundreds of riders behind one address; the per-account and per-device limits are the tight ones.
  claimsPerIpPerMinute: z.coerce.number().int().min(1).default(600),
  jobsEnabled: z.stringbool().default(true),
  instanceId: z.string().default(() => `${process.pid}`),
  // WeChat Pay API v3 (coupons issued into WeChat Pay's 代金券, payments by members): all optional; without a
  // merchant id it is simply not configured, with one every other setting but the base URL and the AppID is
  // required. The AppID is needed only to take payments (platform/payments/pay-in.ts).
  wechatPayBaseUrl: z.url().default('https://api.mch.weixin.qq.com'),
  wechatPayMchid: z
    .string()
    .regex(/^\d{1,32}$/, 'a merchant id is digits')
    .optional(),
  wechatPaySerialNo: z
    .string()
    .regex(/^[0-9A-Fa-f]{1,64}$/, 'a certificate serial is hex')
    .optional(),
  wechatPayPrivateKey: rsaPrivateKey.optional(),
  wechatPayPlatformKeys: rsaPublicKeys.optional(),
  wechatPayApiV3Key: z
    .string()
    .refine((v) => Buffer.byteLength(v, 'utf8') === 32, 'the APIv3 key is 32 characters')
    .optional(),
  wechatPayAppId: z
    .string()
    .regex(/^wx[0-9a-f]{16}$/, 'an AppID is wx and 16 hex digits')
    .optional(),
  // 网页授权 (snsapi_base) gives the server a member's openid, which JSAPI payment inside WeChat needs. It
  // takes its AppID from GONGHUI_WECHATPAY_APPID rather than a setting of its own: an openid exists only
  // under the AppID that issued it, and WeChat Pay refuses a JSAPI order whose payer's openid is not under
  // the AppID the order is placed with, so a second AppID setting could only ever repeat that one or be wrong.
  wechatAppSecret: z
    .string()
    .regex(/^[0-9A-Za-z]{32}$/, 'an AppSecret is 32 letters and digits')
    .optional(),
  wechatOpenBaseUrl: z.url().default('https://open.weixin.qq.com'),
  wechatApiBaseUrl: z.url().default('https://api.weixin.qq.com'),
});

export type Config = z.infer<typeof ConfigSchema> & {
  auditCheckpoints: string;
  wechatPay: WechatPaySettings | null;
  wechatOAuth: WechatOAuthSettings | null;
};

const ENV_NAMES: Record<keyof z.input<typeof ConfigSchema>, string> = {
  env: 'NODE_ENV',
  port: 'PORT',
  host: 'HOST',
  publicUrl: 'GONGHUI_PUBLIC_URL',
  databaseUrl: 'DATABASE_URL',
  databaseReadUrl: 'DATABASE_READ_URL',
  readMaxLagMs: 'GONGHUI_READ_MAX_LAG_MS',
  dataDir: 'GONGHUI_DATA_DIR',
  logLevel: 'LOG_LEVEL',
  dataCipher: 'GONGHUI_DATA_CIPHER',
  dataKeys: 'GONGHUI_DATA_KEYS',
  blindIndexKey: 'GONGHUI_BLIND_INDEX_KEY',
  smsSender: 'GONGHUI_SMS_SENDER',
  smsGatewayUrl: 'GONGHUI_SMS_GATEWAY_URL',
  smsGatewayKeyId: 'GONGHUI_SMS_GATEWAY_KEY_ID',
  smsGatewaySecret: 'GONGHUI_SMS_GATEWAY_SECRET',
  sessionTtlHours: 'GONGHUI_SESSION_TTL_HOURS',
  memberSessionTtlDays: 'GONGHUI_MEMBER_SESSION_TTL_DAYS',
  trustProxy: 'GONGHUI_TRUST_PROXY',
  bodyLimitBytes: 'GONGHUI_BODY_LIMIT_BYTES',
  allowedOrigins: 'GONGHUI_ALLOWED_ORIGINS',
  importLimitBytes: 'GONGHUI_IMPORT_LIMIT_BYTES',
  cardSigningKeys: 'GONGHUI_CARD_SIGNING_KEYS',
  cardTokenTtlSeconds: 'GONGHUI_CARD_TOKEN_TTL_SECONDS',
  memberReviewSlaHours: 'GONGHUI_MEMBER_REVIEW_SLA_HOURS',
  memberRetentionYears: 'GONGHUI_MEMBER_RETENTION_YEARS',
  memberImportLimitBytes: 'GONGHUI_MEMBER_IMPORT_LIMIT_BYTES',
  censusListLimitBytes: 'GONGHUI_CENSUS_LIST_LIMIT_BYTES',
  photoLimitBytes: 'GONGHUI_PHOTO_LIMIT_BYTES',
  mapTileUrl: 'GONGHUI_MAP_TILE_URL',
  mapTileDatum: 'GONGHUI_MAP_TILE_DATUM',
  mapTileSubdomains: 'GONGHUI_MAP_TILE_SUBDOMAINS',
  mapTileAttribution: 'GONGHUI_MAP_TILE_ATTRIBUTION',
  ridingSpeedKmh: 'GONGHUI_RIDING_SPEED_KMH',
  auditKeys: 'GONGHUI_AUDIT_KEYS',
  auditCheckpoints: 'GONGHUI_AUDIT_CHECKPOINTS',
  auditCheckpointMinutes: 'GONGHUI_AUDIT_CHECKPOINT_MINUTES',
  claimsPerIpPerMinute: 'GONGHUI_CLAIMS_PER_IP_PER_MINUTE',
  jobsEnabled: 'GONGHUI_JOBS_ENABLED',
  instanceId: 'GONGHUI_INSTANCE_ID',
  wechatPayBaseUrl: 'GONGHUI_WECHATPAY_BASE_URL',
  wechatPayMchid: 'GONGHUI_WECHATPAY_MCHID',
  wechatPaySerialNo: 'GONGHUI_WECHATPAY_SERIAL_NO',
  wechatPayPrivateKey: 'GONGHUI_WECHATPAY_PRIVATE_KEY',
  wechatPayPlatformKeys: 'GONGHUI_WECHATPAY_PLATFORM_KEYS',
  wechatPayApiV3Key: 'GONGHUI_WECHATPAY_APIV3_KEY',
  wechatPayAppId: 'GONGHUI_WECHATPAY_APPID',
  wechatAppSecret: 'GONGHUI_WECHAT_APP_SECRET',
  wechatOpenBaseUrl: 'GONGHUI_WECHAT_OPEN_BASE_URL',
  wechatApiBaseUrl: 'GONGHUI_WECHAT_API_BASE_URL',
};

export class ConfigError extends Error {}

export function parseConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<z.input<typeof ConfigSchema>> = {}): Readonly<Config> {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const result = ConfigSchema.safeParse({ ...raw, ...overrides });
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${ENV_NAMES[i.path[0] as keyof typeof ENV_NAMES] ?? i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = {
    ...result.data,
    auditCheckpoints: result.data.auditCheckpoints ?? path.join(result.data.dataDir, 'audit-checkpoints.jsonl'),
    wechatPay: wechatPaySettings(result.data),
    wechatOAuth: wechatOAuthSettings(result.data),
  };
  if (config.env === 'production') {
    const missing = ['GONGHUI_DATA_KEYS', 'GONGHUI_BLIND_INDEX_KEY', 'GONGHUI_CARD_SIGNING_KEYS', 'GONGHUI_AUDIT_KEYS'].filter(
      (name) => !env[name],
    );
    if (missing.length > 0) {
      throw new ConfigError(`production needs ${missing.join(', ')} (the development keys are public)`);
    }
  }
  // The development sender writes every phone number and sign-in code to the log and, in plaintext, to
  // a table: in production that would hand every member's sign-in to whoever reads either.
  if (config.env === 'production' && config.smsSender !== 'http') {
    throw new ConfigError(
      'production needs a real SMS sender: GONGHUI_SMS_SENDER=http with GONGHUI_SMS_GATEWAY_URL, _KEY_ID and _SECRET (the development sender logs phone numbers and codes)',
    );
  }
  // Answers are signed, but the coupons a member is issued and their openids would still cross in the clear.
  if (config.env === 'production' && config.wechatPay && !config.wechatPay.baseUrl.startsWith('https://')) {
    throw new ConfigError('production needs an https:// GONGHUI_WECHATPAY_BASE_URL');
  }
  // Inside WeChat a member pays by JSAPI, which needs the openid only 网页授权 gives (WeChat refuses its H5
  // payment there): an AppID without the secret would take no payment from any rider in WeChat's browser.
  if (config.env === 'production' && config.wechatPayAppId && !config.wechatOAuth) {
    throw new ConfigError(
      'production with GONGHUI_WECHATPAY_APPID needs GONGHUI_WECHAT_APP_SECRET (网页授权 gives the openid JSAPI payment needs)',
    );
  }
  // The secret crosses in every code exchange's query, and the code in the callback's: both on https only.
  if (config.env === 'production' && config.wechatOAuth) {
    const plain = [
      ['GONGHUI_WECHAT_OPEN_BASE_URL', config.wechatOAuth.openBaseUrl],
      ['GONGHUI_WECHAT_API_BASE_URL', config.wechatOAuth.apiBaseUrl],
      ['GONGHUI_PUBLIC_URL', config.publicUrl ?? ''],
    ].filter(([, url]) => !url?.startsWith('https://'));
    if (plain.length > 0) throw new ConfigError(`production with 网页授权 needs an https:// ${plain.map(([name]) => name).join(', ')}`);
  }
  if (config.smsSender === 'http' && (!config.smsGatewayUrl || !config.smsGatewayKeyId || !config.smsGatewaySecret)) {
    throw new ConfigError('GONGHUI_SMS_SENDER=http needs GONGHUI_SMS_GATEWAY_URL, _KEY_ID and _SECRET');
  }
  return Object.freeze(config);
}

function wechatPaySettings(data: z.infer<typeof ConfigSchema>): WechatPaySettings | null {
  const { wechatPayMchid: mchid, wechatPaySerialNo: serialNo, wechatPayPrivateKey: privateKey } = data;
  const { wechatPayPlatformKeys: platformKeys, wechatPayApiV3Key: apiV3Key } = data;
  const rest = {
    GONGHUI_WECHATPAY_SERIAL_NO: serialNo,
    GONGHUI_WECHATPAY_PRIVATE_KEY: privateKey,
    GONGHUI_WECHATPAY_PLATFORM_KEYS: platformKeys,
    GONGHUI_WECHATPAY_APIV3_KEY: apiV3Key,
  };
  if (!mchid) {
    const stray = Object.entries({ ...rest, GONGHUI_WECHATPAY_APPID: data.wechatPayAppId }).filter(([, value]) => value !== undefined);
    if (stray.length > 0) throw new ConfigError(`${stray.map(([name]) => name).join(', ')} set without GONGHUI_WECHATPAY_MCHID`);
    return null;
  }
  const missing = Object.entries(rest).filter(([, value]) => value === undefined);
  if (missing.length > 0 || !serialNo || !privateKey || !platformKeys || !apiV3Key) {
    throw new ConfigError(`GONGHUI_WECHATPAY_MCHID needs ${missing.map(([name]) => name).join(', ')}`);
  }
  return {
    baseUrl: data.wechatPayBaseUrl,
    mchid,
    merchantSerialNo: serialNo,
    merchantPrivateKey: privateKey,
    platformPublicKeys: platformKeys,
    apiV3Key: Buffer.from(apiV3Key, 'utf8'),
    appId: data.wechatPayAppId ?? null,
  };
}

function wechatOAuthSettings(data: z.infer<typeof ConfigSchema>): WechatOAuthSettings | null {
  if (!data.wechatAppSecret) return null;
  if (!data.wechatPayAppId) {
    throw new ConfigError('GONGHUI_WECHAT_APP_SECRET set without GONGHUI_WECHATPAY_APPID (the 公众号 it belongs to)');
  }
  return {
    appId: data.wechatPayAppId,
    appSecret: data.wechatAppSecret,
    openBaseUrl: data.wechatOpenBaseUrl,
    apiBaseUrl: data.wechatApiBaseUrl,
  };
}

/** A copy safe to log: secrets replaced. */
export function redactConfig(config: Config): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) if (key in copy) copy[key] = '[secret]';
  // What identifies the merchant and which verification keys are installed; never the keys themselves.
  copy.wechatPay = config.wechatPay && {
    baseUrl: config.wechatPay.baseUrl,
    mchid: config.wechatPay.mchid,
    merchantSerialNo: config.wechatPay.merchantSerialNo,
    platformKeySerials: Object.keys(config.wechatPay.platformPublicKeys),
  };
  copy.wechatOAuth = config.wechatOAuth && {
    appId: config.wechatOAuth.appId,
    openBaseUrl: config.wechatOAuth.openBaseUrl,
    apiBaseUrl: config.wechatOAuth.apiBaseUrl,
  };
  // Greedy up to the last '@': a password may itself contain an unencoded '@'.
  const hidePassword = (url: string) => url.replace(/\/\/([^:@/]+):.*@/, '//$1:***@');
  if (config.databaseUrl) copy.databaseUrl = hidePassword(config.databaseUrl);
  if (config.databaseReadUrl) copy.databaseReadUrl = hidePassword(config.databaseReadUrl);
  // A checkpoint URL may carry credentials or a token: only where it points is logged.
  if (/^https?:\/\//i.test(config.auditCheckpoints)) {
    const url = new URL(config.auditCheckpoints);
    copy.auditCheckpoints = `${url.origin}${url.pathname}`;
  }
  return copy;
}
