import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerProblemHandlers } from './problem.js';

describe('a request the database could not serve', () => {
  it('is a 503 problem with Retry-After when the server is failing over, and a 409 for a deadlock', async () => {
    const app = Fastify();
    registerProblemHandlers(app);
    // As Drizzle throws them: the driver's error under `cause`.
    const failedQuery = (code: string) =>
      Object.assign(new Error('Failed query: insert …'), { cause: Object.assign(new Error('terminating'), { code }) });
    app.get('/shutdown', () => Promise.reject(failedQuery('57P01')));
    app.get('/standby', () => Promise.reject(failedQuery('25006')));
    app.get('/dropped', () => Promise.reject(new Error('Connection terminated unexpectedly')));
    app.get('/deadlock', () => Promise.reject(failedQuery('40P01')));
    for (const path of ['/shutdown', '/standby', '/dropped']) {
      const res = await app.inject({ method: 'GET', url: path });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'common.database_unavailable', title: '数据库正在切换，本次操作未保存，请 2 秒后重试' });
    }
    expect((await app.inject({ method: 'GET', url: '/deadlock' })).statusCode).toBe(409);
    await app.close();
  });
});
