import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local WeChat 网页授权 for tests (imported only by *.test.ts and the browser tests): the authorize page
// of open.weixin.qq.com and the code exchange of api.weixin.qq.com on one port. It checks what the real
// one checks — the link's parameters in their order, the AppID and secret, a code used once within five
// minutes — and answers as the documentation shows, written from it rather than from the client.

export interface FakeWechatOAuthOptions {
  appId: string;
  appSecret: string;
  now?: () => Date;
}

/** A failure the next exchange meets instead of its answer. */
export type FakeOAuthFailure =
  | 'hang' // no answer at all (a timeout)
  | 'not-json' // a gateway's HTML page
  | 'busy' // errcode -1, 系统繁忙
  | { status: number };

export interface FakeWechatOAuth {
  /** The origin of both the authorize page and the API. */
  url: string;
  /** The WeChat user whose browser opens the authorize page; null: the page refuses (no user in WeChat). */
  user: string | null;
  /** Whether the authorize page treats its user as a 快照页 visitor (a virtual openid). */
  snapshot: boolean;
  /** A code for this user, as the authorize page would put it on the redirect. */
  issueCode(openid: string, options?: { snapshot?: boolean }): string;
  failNext(failure: FakeOAuthFailure): void;
  /** Every request as answered: the authorize page's and the exchanges' (with WeChat's errcode, 0 for success). */
  log: { path: string; status: number; errcode?: number }[];
  close(): Promise<void>;
}

const AUTHORIZE_PARAMS = ['appid', 'redirect_uri', 'response_type', 'scope', 'state'];
const CODE_TTL_MS = 5 * 60_000;

export async function startFakeWechatOAuth(options: FakeWechatOAuthOptions): Promise<FakeWechatOAuth> {
  const now = options.now ?? (() => new Date());
  const codes = new Map<string, { openid: string; scope: string; snapshot: boolean; issuedAt: number; used: boolean }>();
  const hanging = new Set<ServerResponse>();
  let nextFailure: FakeOAuthFailure | null = null;

  const fake: FakeWechatOAuth = {
    url: '',
    user: null,
    snapshot: false,
    issueCode(openid, issue = {}) {
      // WeChat's codes are 32 characters of letters and digits.
      const code = randomBytes(24)
        .toString('base64')
        .replace(/[^A-Za-z0-9]/g, '')
        .slice(0, 32);
      codes.set(code, { openid, scope: 'snsapi_base', snapshot: issue.snapshot ?? false, issuedAt: now().getTime(), used: false });
      return code;
    },
    failNext(failure) {
      nextFailure = failure;
    },
    log: [],
    async close() {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const rid = () => `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;

  function answerJson(res: ServerResponse, path: string, body: Record<string, unknown>): void {
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
    fake.log.push({ path, status: 200, errcode });
    // WeChat answers errors with HTTP 200 too, and its JSON as text/plain.
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(JSON.stringify(body));
  }

  function refusePage(res: ServerResponse, path: string, status: number, text: string): void {
    fake.log.push({ path, status });
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(text);
  }

  function authorize(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const path = url.pathname;
    const keys = [...url.searchParams.keys()];
    // The real page matches its link against a pattern: other parameters, or these in another order, fail.
    if (keys.join(',') !== AUTHORIZE_PARAMS.slice(0, keys.length).join(',') || keys.length < 4) {
      return refusePage(res, path, 400, `参数错误：${keys.join(',')}`);
    }
    const q = url.searchParams;
    if (q.get('appid') !== options.appId) return refusePage(res, path, 400, 'appid 错误');
    if (q.get('response_type') !== 'code') return refusePage(res, path, 400, 'response_type 错误');
    const scope = q.get('scope') ?? '';
    if (scope !== 'snsapi_base' && scope !== 'snsapi_userinfo') return refusePage(res, path, 400, 'scope 参数错误或没有 scope 权限');
    const redirect = q.get('redirect_uri') ?? '';
    if (!URL.canParse(redirect)) return refusePage(res, path, 400, 'redirect_uri 参数错误');
    if (!fake.user) return refusePage(res, path, 400, '请在微信客户端打开链接');
    const code = fake.issueCode(fake.user, { snapshot: fake.snapshot });
    const target = new URL(redirect);
    target.searchParams.append('code', code);
    target.searchParams.append('state', q.get('state') ?? '');
    fake.log.push({ path, status: 302 });
    res.writeHead(302, { location: target.toString() });
    res.end();
  }

  function exchange(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const path = url.pathname;
    const failure = nextFailure;
    nextFailure = null;
    if (failure === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (failure === 'not-json') return refusePage(res, path, 200, '<html><body>502 Bad Gateway</body></html>');
    if (typeof failure === 'object' && failure !== null) return refusePage(res, path, failure.status, 'upstream error');
    if (failure === 'busy') return answerJson(res, path, { errcode: -1, errmsg: `system error, rid: ${rid()}` });

    const q = url.searchParams;
    const appid = q.get('appid');
    const secret = q.get('secret');
    const code = q.get('code');
    if (!appid) return answerJson(res, path, { errcode: 41002, errmsg: `appid missing, rid: ${rid()}` });
    if (appid !== options.appId) return answerJson(res, path, { errcode: 40013, errmsg: `invalid appid, rid: ${rid()}` });
    if (!secret) return answerJson(res, path, { errcode: 41004, errmsg: `appsecret missing, rid: ${rid()}` });
    if (secret !== options.appSecret) return answerJson(res, path, { errcode: 40125, errmsg: `invalid appsecret, rid: ${rid()}` });
    if (!code) return answerJson(res, path, { errcode: 41008, errmsg: `missing code, rid: ${rid()}` });
    if (q.get('grant_type') !== 'authorization_code') {
      return answerJson(res, path, { errcode: 40002, errmsg: `invalid grant_type, rid: ${rid()}` });
    }
    const issued = codes.get(code);
    if (!issued || now().getTime() - issued.issuedAt > CODE_TTL_MS) {
      return answerJson(res, path, { errcode: 40029, errmsg: `invalid code, rid: ${rid()}` });
    }
    if (issued.used) return answerJson(res, path, { errcode: 40163, errmsg: `code been used, rid: ${rid()}` });
    issued.used = true;
    answerJson(res, path, {
      access_token: randomBytes(32).toString('base64url'),
      expires_in: 7200,
      refresh_token: randomBytes(32).toString('base64url'),
      openid: issued.openid,
      scope: issued.scope,
      ...(issued.snapshot ? { is_snapshotuser: 1 } : {}),
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'GET' && url.pathname === '/connect/oauth2/authorize') return authorize(req, res, url);
    if (req.method === 'GET' && url.pathname === '/sns/oauth2/access_token') return exchange(req, res, url);
    refusePage(res, url.pathname, 404, 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
