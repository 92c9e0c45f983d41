import { describe, expect, it, vi } from 'vitest';
import { api, problemFromResponse, retryAfterSeconds } from './api.ts';

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

describe('api.upload', () => {
  // A stand-in for the browser's XMLHttpRequest: it reports the body going in two halves, then answers.
  class FakeXhr {
    static sent: { url: string; headers: Record<string, string>; body: unknown }[] = [];
    static answer = { status: 201, body: '{"id":"e1"}', headers: 'content-type: application/json\r\n' };
    readonly upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
      onprogress: null,
    };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    status = 0;
    responseText = '';
    private url = '';
    private readonly headers: Record<string, string> = {};
    open(_method: string, url: string) {
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    getAllResponseHeaders() {
      return FakeXhr.answer.headers;
    }
    abort() {
      this.onabort?.();
    }
    send(body: unknown) {
      FakeXhr.sent.push({ url: this.url, headers: this.headers, body });
      this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 });
      this.upload.onprogress?.({ lengthComputable: true, loaded: 10, total: 10 });
      this.status = FakeXhr.answer.status;
      this.responseText = FakeXhr.answer.body;
      this.onload?.();
    }
  }

  it('reports the share of the body sent when asked, and reads a refusal as fetch would', async () => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    try {
      const seen: number[] = [];
      const file = new Blob([new Uint8Array(10)]);
      const added = await api.upload<{ id: string }>(
        '/api/x/evidence',
        file,
        'application/octet-stream',
        { kind: 'certificate' },
        {
          onProgress: (fraction) => seen.push(fraction),
        },
      );
      expect([added, seen]).toEqual([{ id: 'e1' }, [0.5, 1]]);
      expect(FakeXhr.sent[0]).toMatchObject({
        url: '/api/x/evidence?kind=certificate',
        headers: { 'content-type': 'application/octet-stream' },
        body: file,
      });

      FakeXhr.answer = {
        status: 415,
        body: '{"title":"只能上传照片或 PDF 文件","status":415,"code":"hardship.evidence_type_refused"}',
        headers: 'content-type: application/problem+json\r\n',
      };
      await expect(api.upload('/api/x/evidence', file, 'application/octet-stream', {}, { onProgress: () => {} })).rejects.toMatchObject({
        status: 415,
        code: 'hardship.evidence_type_refused',
        title: '只能上传照片或 PDF 文件',
      });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
