import { createHash, createHmac, randomUUID } from 'node:crypto';
import { desc } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Platform } from '../context.js';
import { afterCommit, type Db, type Tx } from '../db/tx.js';
import { t } from '../i18n/i18n.js';
import { devSmsOutbox } from './schema.js';

/**
 * The SMS templates, by name (text under `sms.<name>` in the i18n catalogue). A module adds its own:
 * `declare module '…/platform/auth/sms.js' { interface SmsTemplates { member_approved: true } }`.
 */
export interface SmsTemplates {
  sign_in_code: true;
}
export type SmsTemplate = keyof SmsTemplates;

/** The edge to the SMS provider. Tests and development use DevSmsSender; production an HTTP gateway. */
export interface SmsSender {
  send(phone: string, template: SmsTemplate, params: Record<string, string>): Promise<void>;
}

/** Sends an SMS once the transaction has committed; a failed send is logged, never undoes the decision. */
export function smsAfterCommit(
  tx: Tx,
  p: Pick<Platform, 'sms' | 'log'>,
  phone: string | null,
  template: SmsTemplate,
  params: Record<string, string>,
): void {
  if (!phone) return;
  afterCommit(tx, () => {
    p.sms.send(phone, template, params).catch((error: unknown) => p.log.warn({ err: error, template }, 'sms failed'));
  });
}

export function renderSms(template: SmsTemplate, params: Record<string, string>): string {
  return t(`sms.${template}`, params);
}

/** Development: the "SMS" goes to the log and to the dev inbox table (read by /dev/sms-inbox). */
export class DevSmsSender implements SmsSender {
  constructor(
    private readonly db: Db,
    private readonly log: Pick<FastifyBaseLogger, 'info'>,
  ) {}

  async send(phone: string, template: SmsTemplate, params: Record<string, string>): Promise<void> {
    const text = renderSms(template, params);
    await this.db.insert(devSmsOutbox).values({ phone, template, params, text });
    this.log.info({ sms: { phone, template, text } }, 'dev sms sent');
  }
}

export async function listDevInbox(db: Db, limit = 50) {
  return db.select().from(devSmsOutbox).orderBy(desc(devSmsOutbox.createdAt)).limit(limit);
}

export interface HttpSmsGatewayOptions {
  url: string;
  keyId: string;
  secret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class SmsGatewayError extends Error {}

/**
 * A generic signed HTTP gateway (the shape most Chinese SMS providers and in-house relays take):
 * POST JSON {phone, template, params, text}, signed with HMAC-SHA256 over
 * "timestamp\nnonce\nsha256(body)" in X-Sms-Key-Id / X-Sms-Timestamp / X-Sms-Nonce / X-Sms-Signature.
 * A 2xx answer with {"ok": true} is success; anything else is a failure the caller reports.
 */
export class HttpSmsGateway implements SmsSender {
  constructor(private readonly options: HttpSmsGatewayOptions) {}

  async send(phone: string, template: SmsTemplate, params: Record<string, string>): Promise<void> {
    const body = JSON.stringify({
      phone,
      template,
      params,
      text: renderSms(template, params),
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomUUID();
    const bodyHash = createHash('sha256').update(body).digest('hex');
    const signature = createHmac('sha256', this.options.secret).update(`${timestamp}\n${nonce}\n${bodyHash}`).digest('base64');
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sms-key-id': this.options.keyId,
          'x-sms-timestamp': timestamp,
          'x-sms-nonce': nonce,
          'x-sms-signature': signature,
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new SmsGatewayError(`sms gateway unreachable: ${(error as Error).message}`, { cause: error });
    }
    const answer = (await response.json().catch(() => null)) as {
      ok?: boolean;
      message?: string;
    } | null;
    if (!response.ok || answer?.ok !== true) {
      throw new SmsGatewayError(`sms gateway refused: ${response.status} ${answer?.message ?? ''}`.trim());
    }
  }
}

/** What the gateway does on its side; exported for the gateway tests and for partners building relays. */
export function verifySmsGatewaySignature(secret: string, headers: Record<string, string | undefined>, body: string): boolean {
  const { 'x-sms-timestamp': ts, 'x-sms-nonce': nonce, 'x-sms-signature': signature } = headers;
  if (!ts || !nonce || !signature) return false;
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const expected = createHmac('sha256', secret).update(`${ts}\n${nonce}\n${bodyHash}`).digest('base64');
  return expected === signature;
}
