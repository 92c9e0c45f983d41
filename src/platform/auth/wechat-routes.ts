import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isAppError } from '../errors/app-error.js';
import { actorOf, requireMember } from '../http/guard.js';
import { completeWechatAuthorization, h5ReturnPath, startWechatAuthorization, withWechatAuthError } from './wechat-session.js';

// WeChat's 网页授权 for a member's session (wechat-session.ts). Both routes are where a browser navigates,
// not what a page fetches: they answer with redirects. The callback never answers with a problem for
// what went wrong in the round trip: it sends the browser back to the H5 page with the error's code.

const Redirect = z.null().describe('重定向（Location 响应头给出去向）');

export const wechatAuthRoutes: FastifyPluginAsyncZod = async (app) => {
  const p = app.platform;
  const member = { access: { auth: 'member' } } as const;
  const ReturnTo = z.string().max(1000);

  app.get(
    '/api/member/wechat/authorize',
    {
      config: { ...member, problems: [404] },
      schema: {
        tags: ['member-auth'],
        operationId: 'startWechatAuthorization',
        summary:
          '微信内：经微信网页授权（snsapi_base，静默）取得本会话的 openid，再回到 H5 的 returnTo 页面；未开通网页授权时 404 auth.wechat_unconfigured',
        querystring: z.strictObject({ returnTo: ReturnTo.describe('H5 内的页面路径（以 / 开头，同源）') }),
        response: { 302: Redirect },
      },
    },
    async (req, reply) => {
      const link = startWechatAuthorization(p.config, requireMember(req), {
        returnTo: req.query.returnTo,
        requestOrigin: `${req.protocol}://${req.host}`,
        now: new Date(),
      });
      // The state is bound to this session and the link is good for minutes: no cache may keep it.
      return reply.header('cache-control', 'no-store').redirect(link, 302);
    },
  );

  app.get(
    '/api/member/wechat/callback',
    {
      config: member,
      schema: {
        tags: ['member-auth'],
        operationId: 'completeWechatAuthorization',
        summary:
          '微信网页授权的回调：核对 state 属于本会话且未过期，以 code 换取 openid 并记在本会话上，回到 returnTo；失败时回到该页面并带上 wechatAuthError=错误码',
        // Whatever else WeChat may add to the link is ignored, not refused.
        querystring: z.object({
          returnTo: ReturnTo.optional(),
          code: z.string().max(512).optional(),
          state: z.string().max(256).optional(),
        }),
        response: { 302: Redirect },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        const done = await completeWechatAuthorization({ db: p.db, config: p.config }, requireMember(req), {
          code: req.query.code,
          state: req.query.state ?? '',
          returnTo: req.query.returnTo ?? '',
          actor: actorOf(req),
          now: new Date(),
        });
        return await reply.redirect(done.returnTo, 302);
      } catch (error) {
        if (!isAppError(error)) throw error;
        // WeChat's refusals of our AppID or secret, and its outages, are for an operator to see.
        const level = error.status >= 500 ? 'error' : 'warn';
        req.log[level](
          { code: error.code, cause: error.cause instanceof Error ? error.cause.message : undefined },
          'wechat 网页授权 failed',
        );
        return reply.redirect(withWechatAuthError(h5ReturnPath(req.query.returnTo ?? '') ?? '/', error.code), 302);
      }
    },
  );
};
