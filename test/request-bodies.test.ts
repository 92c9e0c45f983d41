import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './harness/app.js';

// A request body is read only by a route that takes that kind of body, and only after its caller is
// known where the route needs one: a stranger's megabytes of CSV at the sign-in, or at a partner
// route without a signature, are refused from the headers alone. Over a real socket, each request
// below declares 1 MiB, sends 64 KiB of it and waits: an answer proves the server did not wait for
// (or parse) the rest.

const DECLARED = 1 << 20;
const SENT = 64 << 10;
const NOT_JSON = [
  'application/octet-stream',
  'text/csv',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];
const ANY_ID = '0190b1e2-3c4d-7e5f-8a9b-0c1d2e3f4a5b';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends the head and the first `sent` bytes of a `declared`-byte body, and reads the answer. */
function sendPartly(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  sent: number,
  declared: number,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${method} ${path} (${headers['content-type']}): no answer while the body was incomplete`));
    }, 15_000);
    const finish = (answer: RawAnswer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...lines] = all.subarray(0, end).toString('latin1').split('\r\n');
      const head: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        head[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(head['content-length'] ?? 0);
      if (all.length - end - 4 < length) return;
      finish({ status: Number(statusLine.split(' ')[1]), headers: head, body: all.subarray(end + 4, end + 4 + length).toString('utf8') });
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const head = [
      `${method} ${path} HTTP/1.1`,
      'host: 127.0.0.1',
      `content-length: ${declared}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(`${head.join('\r\n')}\r\n\r\n`);
    socket.write(Buffer.alloc(Math.min(sent, declared), 0x41));
  });
}

describe('request bodies', () => {
  const h = useTestApp();

  async function listening(): Promise<number> {
    const { app } = h.t;
    if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
    return (app.server.address() as AddressInfo).port;
  }

  const pathOf = (url: string) => url.replace(/:\w+/g, ANY_ID);

  it('refuses every kind of non-JSON body on every route without a session, from the headers alone, in a small answer', async () => {
    const port = await listening();
    const routes = h.t.app.routeTable.filter((r) => !r.url.startsWith('/api/docs') && r.method !== 'GET' && r.method !== 'DELETE');
    expect(routes.length).toBeGreaterThan(30);
    const seen = new Map<number, number>();
    for (const route of routes) {
      for (const type of NOT_JSON) {
        const answer = await sendPartly(port, route.method, pathOf(route.url), { 'content-type': type }, SENT, DECLARED);
        seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
        expect([401, 404, 415], `${route.method} ${route.url} (${type}) → ${answer.status} ${answer.body.slice(0, 200)}`).toContain(
          answer.status,
        );
        expect(answer.body.length).toBeLessThan(1024);
        expect(answer.headers['content-type']).toContain('application/problem+json');
      }
    }
    // Public routes (sign-in, SMS codes) refuse the type; the rest refuse the stranger first.
    expect(seen.get(415)).toBeGreaterThan(0);
    expect(seen.get(401)).toBeGreaterThan(0);
  });

  it('refuses a JSON body over the limit on every route without a session before it arrives', async () => {
    const port = await listening();
    const routes = h.t.app.routeTable.filter((r) => !r.url.startsWith('/api/docs') && r.method !== 'GET' && r.method !== 'DELETE');
    for (const route of routes) {
      const answer = await sendPartly(
        port,
        route.method,
        pathOf(route.url),
        { 'content-type': 'application/json' },
        SENT,
        h.t.config.bodyLimitBytes + 1,
      );
      expect([401, 404, 413], `${route.method} ${route.url} → ${answer.status}`).toContain(answer.status);
      expect(answer.body.length).toBeLessThan(1024);
    }
  });

  it('answers a partner route without a signature before reading its body', async () => {
    const port = await listening();
    const partnerRoutes = h.t.app.routeTable.filter((r) => r.access?.auth === 'partner' && r.method !== 'GET');
    expect(partnerRoutes.length).toBeGreaterThan(0);
    for (const route of partnerRoutes) {
      const answer = await sendPartly(port, route.method, pathOf(route.url), { 'content-type': 'application/json' }, 1024, 100_000);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body).code).toBe('auth.signature_missing');
    }
  });

  it('caps the problems listed for a JSON body full of unknown keys', async () => {
    const keys = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`.padEnd(12, 'x'), 1]));
    for (const url of ['/api/console/auth/sign-in', '/api/member/auth/sms-codes']) {
      const answer = await h.t.request({ method: 'POST', url, body: keys });
      expect(answer.statusCode).toBe(400);
      expect(answer.body.length).toBeLessThan(8 * 1024);
      const problem = answer.json();
      expect(problem.code).toBe('common.validation_failed');
      expect(problem.errors.length).toBeLessThanOrEqual(20);
    }
  });
});
