import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { maskMobile } from '../crypto/mask.js';
import { inTransaction } from '../db/tx.js';
import { MEMBER_COOKIE, requireMember } from '../http/guard.js';
import { NoContent } from '../http/openapi.js';
import { commonErrors } from '../errors/app-error.js';
import { getMemberAccountPhone, requestSmsCode, signInWithSmsCode, type MemberAuthDeps } from './member-sign-in.js';
import { revokeSession } from './sessions.js';
import { listDevInbox } from './sms.js';
import { wechatStatusOf } from './wechat-session.js';

export const memberAuthRoutes: FastifyPluginAsyncZod = async (app) => {
  const p = app.platform;
  const deps: MemberAuthDeps = {
    db: p.db,
    cipher: p.cipher,
    blindIndex: p.blindIndex,
    sms: p.sms,
    sessionTtlMs: p.config.memberSessionTtlDays * 86_400_000,
  };
  const open = { access: { auth: 'public' } } as const;
  const member = { access: { auth: 'member' } } as const;
  const Phone = z.string().trim().min(11).max(20);

  app.post(
    '/api/member/auth/sms-codes',
    {
      config: { ...open, problems: [429] },
      schema: {
        tags: ['member-auth'],
        operationId: 'sendMemberSmsCode',
        summary: '发送短信验证码',
        body: z.strictObject({ phone: Phone }),
        response: { 200: z.object({ expiresInSeconds: z.number() }) },
      },
    },
    async (req) =>
      requestSmsCode(deps, {
        phone: req.body.phone,
        ip: req.ip,
        now: new Date(),
      }),
  );

  app.post(
    '/api/member/auth/sign-in',
    {
      config: { ...open, problems: [429] },
      schema: {
        tags: ['member-auth'],
        operationId: 'signInMember',
        summary: '短信验证码登录',
        body: z.strictObject({
          phone: Phone,
          code: z
            .string()
            .trim()
            .regex(/^\d{6}$/),
        }),
        response: {
          200: z.object({
            account: z.object({ id: z.string(), phoneMasked: z.string() }),
            firstSignIn: z.boolean(),
          }),
        },
      },
    },
    async (req, reply) => {
      const result = await signInWithSmsCode(deps, {
        ...req.body,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        now: new Date(),
        requestId: req.id,
      });
      reply.setCookie(MEMBER_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: p.config.env === 'production',
        maxAge: p.config.memberSessionTtlDays * 86_400,
      });
      const phone = await getMemberAccountPhone(deps, result.accountId);
      return {
        account: { id: result.accountId, phoneMasked: maskMobile(phone ?? '') },
        firstSignIn: result.firstSignIn,
      };
    },
  );

  app.get(
    '/api/member/me',
    {
      config: member,
      schema: {
        tags: ['member-auth'],
        operationId: 'getCurrentMemberAccount',
        summary: '当前登录的会员账号；wechat：本会话是否已由微信网页授权取得 openid（bound），本服务是否开通了网页授权（available）',
        response: {
          200: z.object({
            id: z.string(),
            phoneMasked: z.string(),
            wechat: z.object({ bound: z.boolean(), available: z.boolean() }),
          }),
        },
      },
    },
    async (req) => {
      const me = requireMember(req);
      return { id: me.accountId, phoneMasked: maskMobile(me.phone ?? ''), wechat: wechatStatusOf(p.config, me) };
    },
  );

  app.post(
    '/api/member/auth/sign-out',
    { config: member, schema: { tags: ['member-auth'], operationId: 'signOutMember', summary: '退出登录', response: { 204: NoContent } } },
    async (req, reply) => {
      const me = requireMember(req);
      await inTransaction(p.db, (tx) => revokeSession(tx, me.sessionId, new Date(), 'member'));
      reply.clearCookie(MEMBER_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  // The development SMS inbox: codes "sent" by the dev sender. Absent unless the dev sender is in use.
  app.get(
    '/api/dev/sms-inbox',
    {
      config: open,
      schema: {
        tags: ['dev'],
        operationId: 'listDevSmsInbox',
        summary: '开发环境短信收件箱',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                phone: z.string(),
                text: z.string(),
                createdAt: z.date(),
              }),
            ),
          }),
        },
      },
    },
    async () => {
      if (p.config.smsSender !== 'dev' || p.config.env === 'production') throw commonErrors.notFound();
      const rows = await listDevInbox(p.db, 50);
      return {
        items: rows.map(({ id, phone, text, createdAt }) => ({
          id,
          phone,
          text,
          createdAt,
        })),
      };
    },
  );
};
