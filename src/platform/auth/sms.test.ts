import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpSmsGateway, SmsGatewayError, verifySmsGatewaySignature } from './sms.js';

// A local stand-in for the provider: checks the signature exactly as a real relay would.
describe(HttpSmsGateway.name, () => {
  const secret = 'gateway-secret';
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  let mode: 'ok' | 'refuse' | 'garbage' = 'ok';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const valid = verifySmsGatewaySignature(secret, req.headers as Record<string, string>, body);
      if (mode === 'garbage') return res.writeHead(200).end('<html>');
      if (!valid || mode === 'refuse') {
        return res
          .writeHead(valid ? 500 : 401, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: false, message: valid ? 'quota' : 'bad signature' }));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts a signed message the gateway accepts', async () => {
    mode = 'ok';
    await new HttpSmsGateway({ url, keyId: 'k1', secret }).send('13805710001', 'sign_in_code', { code: '123456', minutes: '5' });
    const last = received.at(-1)!;
    expect(last.headers['x-sms-key-id']).toBe('k1');
    expect(JSON.parse(last.body)).toMatchObject({
      phone: '13805710001',
      template: 'sign_in_code',
      text: expect.stringContaining('123456'),
    });
  });

  it('fails loudly when the signature is wrong, the gateway refuses, or answers garbage', async () => {
    mode = 'ok';
    await expect(
      new HttpSmsGateway({ url, keyId: 'k1', secret: 'wrong' }).send('13805710001', 'sign_in_code', { code: '1', minutes: '5' }),
    ).rejects.toThrow(SmsGatewayError);
    mode = 'refuse';
    await expect(
      new HttpSmsGateway({ url, keyId: 'k1', secret }).send('13805710001', 'sign_in_code', { code: '1', minutes: '5' }),
    ).rejects.toThrow(/500 quota/);
    mode = 'garbage';
    await expect(
      new HttpSmsGateway({ url, keyId: 'k1', secret }).send('13805710001', 'sign_in_code', { code: '1', minutes: '5' }),
    ).rejects.toThrow(SmsGatewayError);
  });

  it('fails when the gateway is unreachable', async () => {
    await expect(
      new HttpSmsGateway({ url: 'http://127.0.0.1:1/send', keyId: 'k1', secret, timeoutMs: 1000 }).send('13805710001', 'sign_in_code', {
        code: '1',
        minutes: '5',
      }),
    ).rejects.toThrow(/unreachable/);
  });
});
