import { describe, expect, it } from 'vitest';
import { problemFromResponse, retryAfterSeconds } from './api.ts';

describe(problemFromResponse.name, () => {
  it('keeps the seconds a 429 says to wait, from its Retry-After header', async () => {
    const response = new Response(
      JSON.stringify({ title: '登录失败次数过多，请 30 秒后再试', status: 429, code: 'auth.sign_in_throttled' }),
      {
        status: 429,
        headers: { 'content-type': 'application/problem+json', 'retry-after': '30' },
      },
    );
    const error = await problemFromResponse(response);
    expect(error).toMatchObject({ status: 429, code: 'auth.sign_in_throttled', retryAfterSeconds: 30 });
  });

  it('has no wait when the answer names none', async () => {
    expect((await problemFromResponse(new Response('{"title":"x","status":401}', { status: 401 }))).retryAfterSeconds).toBeNull();
  });
});

describe(retryAfterSeconds.name, () => {
  it('reads whole seconds and ignores the date form and garbage', () => {
    expect([
      retryAfterSeconds('120'),
      retryAfterSeconds(' 5 '),
      retryAfterSeconds('Wed, 21 Oct 2026 07:28:00 GMT'),
      retryAfterSeconds(null),
    ]).toEqual([120, 5, null, null]);
  });
});
