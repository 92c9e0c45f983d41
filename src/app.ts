import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { memberAuthRoutes } from './platform/auth/member-routes.js';
import { enableMemberSessionCache, resolveMemberToken } from './platform/auth/member-sign-in.js';
import { wechatAuthRoutes } from './platform/auth/wechat-routes.js';
import { auditRoutes } from './platform/audit/routes.js';
import type { SmsSender } from './platform/auth/sms.js';
import { createPlatform } from './platform/bootstrap.js';
import { CHANGE_CHANNEL, deliverChange, listenerStateOf } from './platform/cache/changes.js';
import type { RouteAccess } from './platform/access/access.js';
import type { Config } from './platform/config/config.js';
import type { Platform } from './platform/context.js';
import type { Database } from './platform/db/client.js';
import { commonErrors } from './platform/errors/app-error.js';
import { t } from './platform/i18n/i18n.js';
import { registerBodyParsers } from './platform/http/bodies.js';
import { registerGuard, type AuthResolvers } from './platform/http/guard.js';
import { registerOpenApi } from './platform/http/openapi.js';
import type { PrincipalResolvers } from './platform/manifest/manifest.js';
import { registerProblemHandlers } from './platform/http/problem.js';
import { serveWebApps } from './platform/http/static.js';
import { systemRoutes } from './platform/http/system-routes.js';
import { jobRoutes } from './platform/jobs/routes.js';
import { JobScheduler } from './platform/jobs/scheduler.js';
import { pooledUuidv7 } from './platform/db/columns.js';
import { MODULES } from './modules.js';
import { registerPlatformJobs } from './jobs.js';
import { WEB_DIR } from './platform/paths.js';
import { isCleanText } from './platform/text/text.js';

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform & { driver: Database['driver'] };
    /** The database handle, for driver-level work (COPY) the Drizzle API has no call for. */
    database: Database;
    jobs: JobScheduler;
    /** Every route as registered, for the architecture, scope and fuzz tests. */
    routeTable: RegisteredRoute[];
  }
}

// Chinese messages for every validation problem, from zod's maintained locale.
z.config(z.locales.zhCN());

function hopsTrusted(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

function illFormedStrings(value: unknown, path: string, out: string[] = []): string[] {
  if (out.length >= 20) return out;
  if (typeof value === 'string') {
    if (!isCleanText(value)) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => illFormedStrings(item, `${path}.${i}`, out));
  } else if (
    value !== null &&
    typeof value === 'object' &&
    [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)
  ) {
    // Only parsed JSON is walked: an upload handed over as a stream (the roll import) or a buffer is not text.
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (!isCleanText(key)) out.push(`${path}.${key}`);
      illFormedStrings(item, `${path}.${key}`, out);
    }
  }
  return out;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  hasBody: boolean;
}

export interface BuildAppOptions {
  config: Readonly<Config>;
  database: Database;
  /** Replaces the configured SMS sender (tests use a recording fake at this edge). */
  sms?: SmsSender;
  logger?: FastifyServerOptions['logger'];
  serveWeb?: boolean;
  /** Where the built web apps are (default dist/web). */
  webDir?: string;
}

// Routes registered by plugins we do not write (API docs, static files) are public by nature.
const PLUGIN_ROUTE_PREFIXES = ['/api/docs'];

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Members sign in through the platform; staff and partners are principals of the modules that own them. */
function principalResolvers(platform: Platform): AuthResolvers {
  const given = Object.assign({}, ...MODULES.map((module) => module.principals?.(platform) ?? {})) as PrincipalResolvers;
  const { staff, partnerKey, partner } = given;
  if (!staff || !partnerKey || !partner) throw new Error('the module list lacks the staff or partner principals');
  return { staff, partnerKey, partner, member: (token, now) => resolveMemberToken(platform, token, now) };
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    // A hop count n trusts the n proxies nearest to us (the rightmost X-Forwarded-For entries).
    trustProxy: typeof config.trustProxy === 'number' ? hopsTrusted(config.trustProxy) : config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : pooledUuidv7();
    },
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const base = createPlatform(config, database, app.log);
  const platform: Platform & { driver: Database['driver'] } = {
    ...base,
    ...(options.sms ? { sms: options.sms } : {}),
    driver: database.driver,
  };
  app.decorate('platform', platform);
  app.decorate('database', database);
  const jobs = new JobScheduler({
    db: database.db,
    instanceId: config.instanceId,
    log: app.log,
  });
  registerPlatformJobs(jobs, config);
  for (const module of MODULES) module.jobs?.(jobs, { platform, database, config });
  app.decorate('jobs', jobs);

  const routeTable: RegisteredRoute[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const config = (route.config ?? {}) as { access?: RouteAccess };
    // The web apps' files (served by @fastify/static) and the API docs are public; a route of ours
    // under /api or /partner/v1 without an access declaration stays undeclared and is refused.
    const readOnly = (Array.isArray(route.method) ? route.method : [route.method]).every((m) => m === 'GET' || m === 'HEAD');
    const isWebFile = readOnly && !route.url.startsWith('/api/') && !route.url.startsWith('/partner/v1/');
    if (!config.access && (isWebFile || PLUGIN_ROUTE_PREFIXES.some((prefix) => route.url.startsWith(prefix)))) {
      route.config = { ...config, access: { auth: 'public' } };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routeTable.push({
        method,
        url: route.url,
        access: route.config?.access,
        hasBody: Boolean(route.schema?.body),
      });
    }
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Baseline hardening for every answer: no MIME sniffing, no framing (clickjacking), no referrer leak.
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    // Answered before the body was read (refused from the headers, or too large): close rather than
    // read the rest of it only to throw it away.
    if (!request.raw.complete) reply.header('connection', 'close');
  });

  registerBodyParsers(app);

  // Read caches, invalidated by NOTIFY from committed writes on any instance (ADR 0007).
  // While the listener is down, other instances' changes go unheard: the caches read through until it is back.
  const listener = listenerStateOf(database.db);
  const stopListening = await database.listen(CHANGE_CHANNEL, {
    notify: deliverChange,
    lost: () => {
      listener.live = false;
      deliverChange('reset');
    },
    restored: () => {
      listener.live = true;
      deliverChange('reset');
    },
  });
  const disableCaches = [
    enableMemberSessionCache(database.db),
    ...MODULES.flatMap((module) => (module.caches ? [module.caches(database.db)] : [])),
  ];
  app.addHook('onClose', async () => {
    for (const disable of disableCaches) disable();
    await stopListening();
  });

  await app.register(fastifyCookie);
  registerProblemHandlers(app);
  registerGuard(app, database.db, principalResolvers(platform), { allowedOrigins: config.allowedOrigins });
  // After the guard's: a partner's body is checked against its signature before anything reads it.
  // Text must be well-formed Unicode without NUL: PostgreSQL refuses NUL, and a lone surrogate is
  // stored as U+FFFD — which would break the audit chain's hash of what was written. Nor may it hold
  // controls, zero-width or direction-changing characters (platform/text/text.ts).
  app.addHook('preValidation', async (request) => {
    const problems = [
      ...illFormedStrings(request.body, 'body'),
      ...illFormedStrings(request.query, 'querystring'),
      ...illFormedStrings(request.params, 'params'),
    ];
    if (problems.length > 0) {
      throw commonErrors.validationFailed(
        { count: problems.length },
        {
          errors: problems.map((field) => ({
            field,
            code: 'validation.invalid_characters',
            message: t('problems.common.invalid_characters'),
          })),
        },
      );
    }
  });

  await registerOpenApi(app);

  await app.register(systemRoutes);
  await app.register(memberAuthRoutes);
  await app.register(wechatAuthRoutes);
  await app.register(auditRoutes);
  await app.register(jobRoutes);
  for (const module of MODULES) if (module.routes) await app.register(module.routes);

  await serveWebApps(app, (options.serveWeb ?? true) ? (options.webDir ?? WEB_DIR) : null);

  return app;
}
