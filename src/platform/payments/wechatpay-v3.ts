import { createDecipheriv, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

// WeChat Pay API v3 as its public specification states it (签名生成, 签名验证, 回调通知解密):
// https://pay.weixin.qq.com/docs/merchant/development/interface-rules/signature-generation.html
// Requests are signed with the merchant's RSA key; answers and notifications are signed by WeChat Pay
// with the key named by Wechatpay-Serial (a platform certificate serial or a 微信支付公钥 id);
// notification resources are AES-256-GCM encrypted under the merchant's APIv3 key.

export const WECHATPAY_AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';
export const WECHATPAY_BASE_URL = 'https://api.mch.weixin.qq.com';
/** Answers and notifications whose timestamp is further than this from our clock are refused (the spec's 5 minutes). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface WechatPayClientConfig {
  /** Origin of the API; the default is the primary domain (api2.mch.weixin.qq.com is the backup). */
  baseUrl?: string;
  mchid: string;
  /** Serial number of the merchant API certificate whose private key signs requests. */
  merchantSerialNo: string;
  merchantPrivateKey: KeyObject | string;
  /** Wechatpay-Serial → public key (PEM or KeyObject); several during a rotation. */
  platformPublicKeys: Readonly<Record<string, KeyObject | string>>;
  /** The 32-character APIv3 key set in the merchant platform. */
  apiV3Key: string | Buffer;
  timeoutMs?: number;
  /** For tests: the time requests are stamped with and answers are checked against. */
  now?: () => Date;
}

/** A failure talking to the provider: its own code and message when it sent them, and whether retrying may help. */
export class PaymentProviderError extends Error {
  readonly provider = 'wechatpay';
  constructor(
    /** The provider's code (PARAM_ERROR, NOT_ENOUGH, SYSTEM_ERROR…) or ours for local failures (NETWORK_ERROR, TIMEOUT, BAD_SIGNATURE, BAD_RESPONSE). */
    readonly code: string,
    readonly providerMessage: string,
    readonly retryable: boolean,
    /** HTTP status of the provider's answer; null when there was none. */
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    super(`wechatpay ${status ?? '-'} ${code}: ${providerMessage}`, options);
    this.name = 'PaymentProviderError';
  }
}

/** The spec's rule: 5xx and 429 (FREQUENCY_LIMITED) may succeed later; any other 4xx will not. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/** The five lines a request signature covers, each ending in \n; the body is the exact JSON sent ('' for GET). */
export function requestSigningMessage(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The three lines an answer's or a notification's signature covers. */
export function responseSigningMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** SHA256 with RSA (PKCS#1 v1.5), base64. */
export function rsaSign(privateKey: KeyObject, message: string): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64');
}

export interface AuthorizationInput {
  mchid: string;
  serialNo: string;
  privateKey: KeyObject;
  method: string;
  pathWithQuery: string;
  body: string;
  timestamp: string;
  nonce: string;
}

export function authorizationHeader(input: AuthorizationInput): string {
  const message = requestSigningMessage(input.method, input.pathWithQuery, input.timestamp, input.nonce, input.body);
  const signature = rsaSign(input.privateKey, message);
  return (
    `${WECHATPAY_AUTH_SCHEME} mchid="${input.mchid}",nonce_str="${input.nonce}",` +
    `signature="${signature}",timestamp="${input.timestamp}",serial_no="${input.serialNo}"`
  );
}

export type SignatureCheck =
  { ok: true; serial: string } | { ok: false; reason: 'missing_headers' | 'unknown_serial' | 'stale_timestamp' | 'bad_signature' };

/**
 * Checks Wechatpay-Signature over "timestamp\nnonce\nbody\n" with the key its Wechatpay-Serial names, and that
 * the timestamp is within MAX_CLOCK_SKEW_SECONDS of `now` (a replayed old answer or notification is refused).
 * Header names in any case. WeChat Pay's probe signatures ("WECHATPAY/SIGNTEST/…") fail here, as they must.
 */
export function verifyWechatPaySignature(
  publicKeys: ReadonlyMap<string, KeyObject>,
  headers: Readonly<Record<string, string | undefined>>,
  body: string,
  now: Date,
): SignatureCheck {
  const header = lowerCaseHeaders(headers);
  const timestamp = header['wechatpay-timestamp'];
  const nonce = header['wechatpay-nonce'];
  const signature = header['wechatpay-signature'];
  const serial = header['wechatpay-serial'];
  if (!timestamp || !nonce || !signature || !serial) return { ok: false, reason: 'missing_headers' };
  const key = publicKeys.get(serial);
  if (!key) return { ok: false, reason: 'unknown_serial' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: 'stale_timestamp' };
  }
  const signatureBytes = Buffer.from(signature, 'base64');
  const valid = verify('sha256', Buffer.from(responseSigningMessage(timestamp, nonce, body), 'utf8'), key, signatureBytes);
  return valid ? { ok: true, serial } : { ok: false, reason: 'bad_signature' };
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string | undefined;
}

/** AEAD_AES_256_GCM under the APIv3 key: base64(ciphertext ‖ 16-byte tag), nonce and associated data as UTF-8. */
export function decryptResource(apiV3Key: Buffer, resource: EncryptedResource): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') {
    throw new PaymentProviderError('BAD_RESPONSE', `unsupported resource algorithm ${resource.algorithm}`, false, null);
  }
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < 17) throw new PaymentProviderError('BAD_RESPONSE', 'resource ciphertext too short', false, null);
  try {
    const decipher = createDecipheriv('aes-256-gcm', apiV3Key, Buffer.from(resource.nonce, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new PaymentProviderError('BAD_SIGNATURE', 'resource does not decrypt under the APIv3 key', false, null, { cause: error });
  }
}

export interface WechatPayAnswer {
  status: number;
  /** The parsed JSON body; null for an empty body (204). */
  data: unknown;
}

export interface NotificationEnvelope {
  id: string;
  create_time: string;
  event_type: string;
  resource_type: string;
  summary: string;
  resource: EncryptedResource & { original_type?: string };
}

/** A small API v3 client: signs each request, checks each successful answer's signature, decrypts notifications. */
export class WechatPayClient {
  readonly mchid: string;
  private readonly baseUrl: string;
  private readonly serialNo: string;
  private readonly privateKey: KeyObject;
  private readonly publicKeys: ReadonlyMap<string, KeyObject>;
  private readonly apiV3Key: Buffer;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(config: WechatPayClientConfig) {
    this.mchid = config.mchid;
    this.baseUrl = config.baseUrl ?? WECHATPAY_BASE_URL;
    this.serialNo = config.merchantSerialNo;
    this.privateKey =
      typeof config.merchantPrivateKey === 'string' ? createPrivateKey(config.merchantPrivateKey) : config.merchantPrivateKey;
    this.publicKeys = new Map(
      Object.entries(config.platformPublicKeys).map(([serial, key]) => [serial, typeof key === 'string' ? createPublicKey(key) : key]),
    );
    this.apiV3Key = typeof config.apiV3Key === 'string' ? Buffer.from(config.apiV3Key, 'utf8') : config.apiV3Key;
    if (this.apiV3Key.length !== 32) throw new Error('the WeChat Pay APIv3 key is 32 bytes');
    if (this.publicKeys.size === 0) throw new Error('at least one WeChat Pay platform public key');
    this.timeoutMs = config.timeoutMs ?? 10_000;
    this.now = config.now ?? (() => new Date());
  }

  /**
   * One signed call. A 2xx answer is returned only when its signature checks out; any other answer throws a
   * PaymentProviderError with the provider's code and message (error answers are not trusted for anything but
   * their status, so they are not required to be signed).
   */
  async request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', pathWithQuery: string, body?: unknown): Promise<WechatPayAnswer> {
    const url = new URL(pathWithQuery, this.baseUrl);
    const payload = body === undefined ? '' : JSON.stringify(body);
    const authorization = authorizationHeader({
      mchid: this.mchid,
      serialNo: this.serialNo,
      privateKey: this.privateKey,
      method,
      pathWithQuery: `${url.pathname}${url.search}`,
      body: payload,
      timestamp: String(Math.floor(this.now().getTime() / 1000)),
      nonce: randomBytes(16).toString('hex').toUpperCase(),
    });
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          authorization,
          'user-agent': 'gonghui-wechatpay-v3',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: payload }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // AbortSignal.timeout aborts with a DOMException named TimeoutError, while connecting or reading alike.
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new PaymentProviderError(timedOut ? 'TIMEOUT' : 'NETWORK_ERROR', (error as Error).message, true, null, { cause: error });
    }
    if (response.status < 200 || response.status >= 300) {
      const problem = parseJson(text) as { code?: unknown; message?: unknown } | null;
      throw new PaymentProviderError(
        typeof problem?.code === 'string' ? problem.code : `HTTP_${response.status}`,
        typeof problem?.message === 'string' ? problem.message : text.slice(0, 200),
        isRetryableStatus(response.status),
        response.status,
      );
    }
    const check = verifyWechatPaySignature(this.publicKeys, Object.fromEntries(response.headers), text, this.now());
    if (!check.ok) {
      // The call may have taken effect; the caller's idempotency key makes a later retry safe, but a bad or unknown
      // key is an operator's matter (a rotated platform key not yet configured), so it is not marked retryable.
      throw new PaymentProviderError('BAD_SIGNATURE', `answer signature refused: ${check.reason}`, false, response.status);
    }
    if (text === '') return { status: response.status, data: null };
    const data = parseJson(text);
    if (data === undefined) throw new PaymentProviderError('BAD_RESPONSE', 'answer is not JSON', false, response.status);
    return { status: response.status, data };
  }

  /** Verifies a notification's signature and timestamp and returns its envelope; throws BAD_SIGNATURE otherwise. */
  openNotification(headers: Readonly<Record<string, string | undefined>>, rawBody: string, now: Date): NotificationEnvelope {
    const check = verifyWechatPaySignature(this.publicKeys, headers, rawBody, now);
    if (!check.ok) throw new PaymentProviderError('BAD_SIGNATURE', `notification refused: ${check.reason}`, false, null);
    const envelope = parseJson(rawBody) as Partial<NotificationEnvelope> | undefined;
    const resource = envelope?.resource;
    if (
      typeof envelope?.id !== 'string' ||
      typeof envelope.event_type !== 'string' ||
      typeof resource?.ciphertext !== 'string' ||
      typeof resource.nonce !== 'string' ||
      typeof resource.algorithm !== 'string'
    ) {
      throw new PaymentProviderError('BAD_RESPONSE', 'notification is not a WeChat Pay v3 envelope', false, null);
    }
    return envelope as NotificationEnvelope;
  }

  decrypt(resource: EncryptedResource): string {
    return decryptResource(this.apiV3Key, resource);
  }
}

function lowerCaseHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
