import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessModules, ROLES, scopeOf, staffRoute, type AccessModule, type StaffPrincipal } from '../../platform/access/access.js';
import { deviceCookieValue, parseDeviceCookie } from '../../platform/auth/known-devices.js';
import { STAFF_COOKIE, actorOf, requireStaff } from '../../platform/http/guard.js';
import { NoContent } from '../../platform/http/openapi.js';
import { IdParams, Limit, LineText } from '../../platform/http/zod.js';
import { findOrgById } from '#modules/orgs';
import { administerStaffAccount, createStaffAccount, getStaffAccount, listStaffAccounts, updateStaffAccount } from './service/accounts.js';
import { completeTotp, KNOWN_DEVICE_TTL_MS, signInWithPassword, signOut, signOutEverywhere } from './service/sign-in.js';

// Built when the plugin registers, after the module list is installed: the roles' keys are the
// installed modules' names.
function contracts() {
  // One optional property per access module (not a record keyed by an enum), so that the OpenAPI
  // document, and the front ends' types generated from it, name every module.
  const Role = z.enum(ROLES).optional();
  const RolesSchema = z.strictObject(Object.fromEntries(accessModules().map((name) => [name, Role])) as Record<AccessModule, typeof Role>);
  const StaffResponse = z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    org: z.object({ id: z.string(), name: z.string() }),
    roles: RolesSchema,
    status: z.enum(['active', 'disabled']),
    lockedUntil: z.date().nullable(),
    lastSignInAt: z.date().nullable(),
    totpEnrolled: z.boolean(),
    createdAt: z.date(),
  });
  const MeResponse = z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    org: z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      regionCode: z.string(),
    }),
    roles: RolesSchema,
  });
  return { RolesSchema, StaffResponse, MeResponse };
}

const StaffIdParams = IdParams('staffId');
// The browser's known-device tokens (ADR 0009); they expire after KNOWN_DEVICE_TTL_MS unused, the cookie with them.
const STAFF_DEVICE_COOKIE = 'gh_staff_device';
const Password = z.string().min(1).max(200);

export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  const { RolesSchema, StaffResponse, MeResponse } = contracts();
  const p = app.platform;
  const publicAccess = { access: { auth: 'public' } } as const;
  const staffAdmin = staffRoute('staff', 'admin');
  const staffViewer = staffRoute('staff', 'viewer');
  const anyStaff = { access: { auth: 'staff-any' } } as const;
  const secureCookies = p.config.env === 'production';

  async function me(staff: StaffPrincipal) {
    const org = await findOrgById(p.db, staff.orgId);
    return {
      id: staff.id,
      username: staff.username,
      displayName: staff.displayName,
      org: {
        id: staff.orgId,
        name: staff.orgName,
        kind: org?.kind ?? '',
        regionCode: org?.regionCode ?? '',
      },
      roles: staff.roles,
    };
  }

  const meta = (req: { ip: string; headers: Record<string, unknown>; id: string; cookies: Record<string, string | undefined> }) => ({
    ip: req.ip,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
    requestId: req.id,
    now: new Date(),
    deviceTokens: parseDeviceCookie(req.cookies[STAFF_DEVICE_COOKIE]),
  });

  app.post(
    '/api/console/auth/sign-in',
    {
      config: { ...publicAccess, problems: [429] },
      schema: {
        tags: ['console-auth'],
        operationId: 'signInStaff',
        summary: '工作人员登录第一步：用户名与密码',
        body: z.strictObject({
          username: z.string().trim().min(1).max(64),
          password: Password,
        }),
        response: {
          200: z.discriminatedUnion('status', [
            z.object({
              status: z.literal('totp_required'),
              challengeId: z.string(),
            }),
            z.object({
              status: z.literal('totp_enrolment_required'),
              challengeId: z.string(),
              otpauthUrl: z.string(),
              qrDataUrl: z.string(),
              secret: z.string(),
            }),
          ]),
        },
      },
    },
    async (req) => signInWithPassword(p, { ...req.body, ...meta(req) }),
  );

  app.post(
    '/api/console/auth/totp',
    {
      config: { ...publicAccess, problems: [429] },
      schema: {
        tags: ['console-auth'],
        operationId: 'verifyStaffTotp',
        summary: '工作人员登录第二步：动态口令（首次登录时同时完成绑定）',
        body: z.strictObject({
          challengeId: z.uuid(),
          code: z
            .string()
            .trim()
            .regex(/^\d{6}$/),
        }),
        response: { 200: z.object({ me: MeResponse }) },
      },
    },
    async (req, reply) => {
      const requestMeta = meta(req);
      const { token, staff, deviceToken } = await completeTotp(p, { ...req.body, ...requestMeta });
      reply.setCookie(STAFF_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        maxAge: p.config.sessionTtlHours * 3600,
      });
      // Sent back to the sign-in calls only; refreshed at every sign-in so a device in use stays known.
      reply.setCookie(
        STAFF_DEVICE_COOKIE,
        deviceToken ? deviceCookieValue(deviceToken, requestMeta.deviceTokens) : requestMeta.deviceTokens.join('.'),
        { path: '/api/console/auth', httpOnly: true, sameSite: 'strict', secure: secureCookies, maxAge: KNOWN_DEVICE_TTL_MS / 1000 },
      );
      return { me: await me(staff) };
    },
  );

  app.get(
    '/api/console/me',
    {
      config: anyStaff,
      schema: {
        tags: ['console-auth'],
        operationId: 'getCurrentStaff',
        summary: '当前登录的工作人员',
        response: { 200: MeResponse },
      },
    },
    async (req) => me(requireStaff(req)),
  );

  app.post(
    '/api/console/auth/sign-out',
    {
      config: anyStaff,
      schema: { tags: ['console-auth'], operationId: 'signOutStaff', summary: '退出登录', response: { 204: NoContent } },
    },
    async (req, reply) => {
      await signOut(p, actorOf(req), requireStaff(req), new Date());
      reply.clearCookie(STAFF_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/console/auth/sign-out-everywhere',
    {
      config: anyStaff,
      schema: {
        tags: ['console-auth'],
        operationId: 'signOutStaffEverywhere',
        summary: '退出所有设备',
        response: { 200: z.object({ revoked: z.number() }) },
      },
    },
    async (req, reply) => {
      const revoked = await signOutEverywhere(p, actorOf(req), requireStaff(req).id, new Date());
      reply.clearCookie(STAFF_COOKIE, { path: '/' });
      return { revoked };
    },
  );

  app.get(
    '/api/console/staff',
    {
      config: staffViewer,
      schema: {
        tags: ['staff'],
        operationId: 'listStaff',
        summary: '本辖区工作人员',
        querystring: z.strictObject({
          orgId: z.uuid().optional(),
          q: z.string().trim().max(64).optional(),
          limit: Limit(500, 100),
        }),
        response: { 200: z.object({ items: z.array(StaffResponse) }) },
      },
    },
    async (req) => ({
      items: await listStaffAccounts(p.db, scopeOf(requireStaff(req)), req.query),
    }),
  );

  app.get(
    '/api/console/staff/:staffId',
    {
      config: staffViewer,
      schema: {
        tags: ['staff'],
        operationId: 'getStaff',
        summary: '工作人员详情',
        params: StaffIdParams,
        response: { 200: StaffResponse },
      },
    },
    async (req) => getStaffAccount(p.db, scopeOf(requireStaff(req)), req.params.staffId),
  );

  app.post(
    '/api/console/staff',
    {
      config: { ...staffAdmin, problems: [409] },
      schema: {
        tags: ['staff'],
        operationId: 'createStaff',
        summary: '新建工作人员账号',
        body: z.strictObject({
          orgId: z.uuid(),
          username: z
            .string()
            .trim()
            .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/),
          displayName: LineText(1, 50),
          password: Password,
          roles: RolesSchema,
        }),
        response: { 201: StaffResponse },
      },
    },
    async (req, reply) => {
      const staff = requireStaff(req);
      return reply.code(201).send(await createStaffAccount(p.db, actorOf(req), scopeOf(staff), staff, req.body));
    },
  );

  app.patch(
    '/api/console/staff/:staffId',
    {
      config: { ...staffAdmin, problems: [409] },
      schema: {
        tags: ['staff'],
        operationId: 'updateStaff',
        summary: '修改工作人员（姓名、角色、停用）',
        params: StaffIdParams,
        body: z.strictObject({
          displayName: LineText(1, 50).optional(),
          roles: RolesSchema.optional(),
          status: z.enum(['active', 'disabled']).optional(),
        }),
        response: { 200: StaffResponse },
      },
    },
    async (req) => updateStaffAccount(p.db, actorOf(req), requireStaff(req), req.params.staffId, req.body),
  );

  const adminActions = [
    ['reset-password', 'reset_password', 'resetStaffPassword', '重置密码（并使其所有会话失效）'],
    ['reset-totp', 'reset_totp', 'resetStaffTotp', '重置动态口令（下次登录重新绑定）'],
    ['unlock', 'unlock', 'unlockStaff', '解除锁定'],
    ['sign-out-everywhere', 'sign_out_everywhere', 'revokeStaffSessions', '使其所有会话失效'],
  ] as const;
  for (const [path, action, operationId, summary] of adminActions) {
    app.post(
      `/api/console/staff/:staffId/${path}`,
      {
        config: staffAdmin,
        schema: {
          tags: ['staff'],
          operationId,
          summary,
          params: StaffIdParams,
          ...(action === 'reset_password' ? { body: z.strictObject({ password: Password }) } : {}),
          response: { 200: z.object({ revoked: z.number() }) },
        },
      },
      async (req) => {
        const body = (req.body ?? {}) as { password?: string };
        return administerStaffAccount(p.db, actorOf(req), requireStaff(req), req.params.staffId, action, body);
      },
    );
  }
};
