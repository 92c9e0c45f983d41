import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { SmsSender, SmsTemplate } from '../../src/platform/auth/sms.js';
import { createSession } from '../../src/platform/auth/sessions.js';
import { deliverChange } from '../../src/platform/cache/changes.js';
import { parseConfig, type Config } from '../../src/platform/config/config.js';
import type { Platform } from '../../src/platform/context.js';
import type { Database } from '../../src/platform/db/client.js';
import { inTransaction } from '../../src/platform/db/tx.js';
import { listStaffAccounts } from '#modules/staff';
import { seedDemo, type DemoTree } from '../../src/seed/demo.js';
import '../../src/modules.js';
import { createTestDatabase, type IsolationOptions } from './db.js';
import { takeRestorePoint, type RestorePoint } from './restore.js';

/** The SMS edge, faked: records what would have been sent. */
export class RecordingSms implements SmsSender {
  readonly sent: { phone: string; template: SmsTemplate; params: Record<string, string> }[] = [];
  failNext = false;

  async send(phone: string, template: SmsTemplate, params: Record<string, string>): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('gateway down');
    }
    this.sent.push({ phone, template, params });
  }

  clear(): void {
    this.sent.length = 0;
    this.failNext = false;
  }

  lastCodeFor(phone: string): string {
    const message = [...this.sent].reverse().find((m) => m.phone === phone);
    if (!message?.params.code) throw new Error(`no code sent to ${phone}`);
    return message.params.code;
  }
}

export interface TestApp {
  app: FastifyInstance;
  database: Database & { url: string | null };
  platform: Platform;
  config: Readonly<Config>;
  sms: RecordingSms;
  /** The demo tree, and the demo partner's key (seeded by the partners module). */
  demo: DemoTree & { partnerKey: { keyId: string; secret: string } | null };
  /**
   * Puts the database back as the seed left it and forgets what the process remembered since (caches,
   * sent SMS, session cookies): the state every test of useTestApp() starts from.
   */
  restore(): Promise<void>;
  /** A session cookie for a demo staff account, opened directly (TOTP is tested on its own). */
  staffCookie(username: string): Promise<string>;
  request(options: {
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
    url: string;
    cookie?: string;
    body?: unknown;
    headers?: Record<string, string>;
  }): Promise<LightMyRequestResponse>;
}

export async function createTestApp(overrides: Record<string, string> = {}, setup?: (t: TestApp) => Promise<void>): Promise<TestApp> {
  // The process may have run other files or blocks before this one (vitest.config.ts: isolate false).
  deliverChange('reset');
  const database = await createTestDatabase();
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', GONGHUI_JOBS_ENABLED: 'false', ...overrides });
  const sms = new RecordingSms();
  const app = await buildApp({ config, database, sms, logger: false, serveWeb: false });
  await app.ready();
  const platform = app.platform;
  const seeded = await seedDemo(platform, database);
  const demo = { ...seeded, partnerKey: (seeded.modules.partners?.partnerKey ?? null) as { keyId: string; secret: string } | null };
  const cookies = new Map<string, string>();
  let point: RestorePoint | null = null;
  const t: TestApp = {
    app,
    database,
    platform,
    config,
    sms,
    demo,
    async restore() {
      if (!point) throw new Error('no restore point yet');
      await point.restore();
      deliverChange('reset');
      sms.clear();
      cookies.clear();
    },
    async staffCookie(username) {
      const cached = cookies.get(username);
      if (cached) return cached;
      const [staff] = (await listStaffAccounts(platform.db, { orgId: '', path: '/' }, { q: username, limit: 10 })).filter(
        (s) => s.username === username,
      );
      if (!staff) throw new Error(`no staff ${username}`);
      const { token } = await inTransaction(platform.db, (tx) =>
        createSession(tx, { kind: 'staff', principalId: staff.id, ttlMs: 3600_000, now: new Date() }),
      );
      const cookie = `gh_staff=${token}`;
      cookies.set(username, cookie);
      return cookie;
    },
    request({ method, url, cookie, body, headers }) {
      return app.inject({
        method,
        url,
        headers: { ...(cookie ? { cookie } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) } : {}),
      });
    },
  };
  await setup?.(t);
  point = await takeRestorePoint(database);
  return t;
}

/**
 * One app (and database, seeded with the demo tree) per test file or describe block; before each test
 * but the first, everything is put back as the seed left it, so that no test sees another's leftovers.
 */
export function useTestApp(
  overrides: Record<string, string> = {},
  options: IsolationOptions & {
    /** The block's one-time setup beyond the demo seed (factories, say): part of the state each test starts from. */
    setup?: (t: TestApp) => Promise<void>;
  } = {},
): { readonly t: TestApp } {
  const holder: { t?: TestApp } = {};
  let fresh = true;
  beforeAll(async () => {
    holder.t = await createTestApp(overrides, options.setup);
    fresh = true;
  });
  beforeEach(async () => {
    if (!fresh && options.restoreEachTest !== false) await holder.t?.restore();
    fresh = false;
  });
  afterAll(async () => {
    await holder.t?.app.close();
    await holder.t?.database.close();
  });
  return {
    get t() {
      if (!holder.t) throw new Error('test app not built yet');
      return holder.t;
    },
  };
}
