import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODULES } from '../src/modules.js';
import { accessModules } from '../src/platform/access/access.js';
import { allErrorCodes } from '../src/platform/errors/app-error.js';
import { hasMessage, messageKeys, t } from '../src/platform/i18n/i18n.js';
import { useTestApp } from './harness/app.js';
import { renderErrorsDoc } from './support/errors-doc.js';

const root = path.resolve(import.meta.dirname, '..');

// Comments may quote Chinese; only code counts.
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/[^\n]*/g, '$1');
}

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, suffix) : full.endsWith(suffix) ? [full] : [];
  });
}

describe('architecture', () => {
  const h = useTestApp();

  it('every route declares who may call it', () => {
    const missing = h.t.app.routeTable.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    expect(h.t.app.routeTable.length).toBeGreaterThan(30);
  });

  it('only health, readiness, docs, regions, sign-in steps, the dev inbox, invitation links, the station map and a payment channel’s signed notifications are public', () => {
    const open = h.t.app.routeTable
      .filter((r) => r.access?.auth === 'public' && !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect(open).toEqual([
      'GET /api/cards/keys',
      'GET /api/dev/sms-inbox',
      'GET /api/health',
      // An SMS invitation's link: its 128-bit token is the key, and it opens no 身份证号 (census' invitations.ts).
      'GET /api/member/census/invitations/:token',
      // What is on at the stations near a rider: public places and their programme (stations' routes/service-member.ts).
      'GET /api/member/station-events/nearby',
      // An open station's own photos, beside it on the rider's map (stations' routes/photos.ts).
      'GET /api/member/station-photos/:photoId',
      // An open station's page: its hours, amenities, the services its union offers, the days coming (routes/service-member.ts).
      'GET /api/member/stations/:stationId',
      'GET /api/member/stations/:stationId/photos',
      // The map's tile settings, read before a rider signs in (routes/member.ts).
      'GET /api/member/stations/map-settings',
      // The rest stations near a rider: public places, for every outdoor worker, member or not (stations' routes/member.ts).
      'GET /api/member/stations/nearest',
      'GET /api/ready',
      'GET /api/regions',
      // WeChat Pay's coupon-use notifications: their signature and encryption are the proof (campaigns' channel.ts).
      'POST /api/channels/wechatpay/coupon-notify',
      // WeChat Pay's payment results: their signature and encryption are the proof (mutual aid's enrolment.ts).
      'POST /api/channels/wechatpay/pay-notify',
      'POST /api/console/auth/sign-in',
      'POST /api/console/auth/totp',
      'POST /api/member/auth/sign-in',
      'POST /api/member/auth/sms-codes',
    ]);
  });

  it('every module folder is in the module list, under its folder name, and every role a route asks for is an installed name', () => {
    const folders = readdirSync(path.join(root, 'src/modules'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(MODULES.map((m) => m.name).sort()).toEqual(folders);
    const asked = h.t.app.routeTable.flatMap((r) => (r.access?.auth === 'staff' ? [r.access.module] : []));
    expect(asked.filter((name) => !accessModules().includes(name))).toEqual([]);
    expect(new Set(asked).size).toBeGreaterThan(4);
  });

  it('every error code has a zh-CN title, and every title has a code', () => {
    const codes = [...allErrorCodes().keys()];
    expect(codes.filter((code) => !hasMessage(`errors.${code}`))).toEqual([]);
    const orphanTitles = messageKeys()
      .filter((k) => k.startsWith('errors.'))
      .map((k) => k.slice('errors.'.length))
      .filter((code) => !allErrorCodes().has(code));
    expect(orphanTitles).toEqual([]);
  });

  it('docs/ERRORS.md equals the error catalogue (run `npm run docs:errors` after adding a code)', () => {
    expect(readFileSync(path.join(root, 'docs/ERRORS.md'), 'utf8')).toBe(renderErrorsDoc());
  });

  it('every problem code a service reports has a zh-CN message', () => {
    // problems.<module>.<reason> keys used in code must exist in the catalogue.
    const used = new Set<string>();
    for (const file of filesUnder(path.join(root, 'src'), '.ts').filter((f) => !f.endsWith('.test.ts'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/['`]problems\.([a-z_]+\.[a-z_]+)['`]/g)) {
        used.add(`problems.${match[1] ?? ''}`);
      }
    }
    expect([...used].filter((key) => !hasMessage(key))).toEqual([]);
  });

  it('the web apps put every user-facing string through i18n keys (no Chinese outside the catalogues)', () => {
    const cjk = /[\u4e00-\u9fa5]/;
    const offenders = [...filesUnder(path.join(root, 'web'), '.tsx'), ...filesUnder(path.join(root, 'web'), '.ts')]
      .filter((file) => !file.includes(`${path.sep}i18n${path.sep}`) && !file.endsWith('.test.ts'))
      .filter((file) => cjk.test(withoutComments(readFileSync(file, 'utf8'))));
    expect(offenders).toEqual([]);
  });

  it('module index files export by name, never with export *', () => {
    const indexes = readdirSync(path.join(root, 'src/modules')).map((m) => path.join(root, 'src/modules', m, 'index.ts'));
    for (const file of indexes) expect(readFileSync(file, 'utf8'), file).not.toMatch(/export \*/);
  });

  it('routes never touch tables or Drizzle directly', () => {
    for (const file of filesUnder(path.join(root, 'src'), 'routes.ts')) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from ['"]drizzle-orm/);
      expect(text, file).not.toMatch(/schema\.js['"]/);
    }
  });
});

describe('the console mirrors the server’s union-tree rules', () => {
  it('offers exactly the kinds, trades, formation modes and parent kinds the server accepts', async () => {
    const server = await import('../src/modules/orgs/rules.js');
    // Through a variable: the web app has its own tsconfig (DOM, bundler resolution), not this one.
    const webRules = '../web/console/src/pages/orgs/rules.ts';
    const web = (await import(/* @vite-ignore */ webRules)) as {
      ORG_KINDS: readonly string[];
      TRADES: readonly string[];
      FORMATION_MODES: readonly string[];
      childKindsOf(parent: string): string[];
    };
    expect([...web.ORG_KINDS].sort()).toEqual([...server.ORG_KINDS].sort());
    expect([...web.TRADES]).toEqual([...server.TRADES]);
    expect([...web.FORMATION_MODES]).toEqual([...server.FORMATION_MODES]);
    for (const parent of server.ORG_KINDS) {
      const accepted = server.ORG_KINDS.filter((kind) => server.allowedParentKinds(kind).includes(parent));
      expect(web.childKindsOf(parent).sort(), parent).toEqual([...accepted].sort());
    }
  });
});

describe('the H5 join form checks what the server checks', () => {
  it('offers the same trades and agrees with the server on every 身份证号 and credit code of a sample', async () => {
    const orgRules = await import('../src/modules/orgs/rules.js');
    const memberRules = await import('../src/modules/members/rules.js');
    const validators = await import('../src/platform/crypto/validators.js');
    const webRules = '../web/member/src/membership/rules.ts';
    const web = (await import(/* @vite-ignore */ webRules)) as {
      TRADES: readonly string[];
      checkIdNumber(raw: string, today: string): { ok: true; value: string } | { ok: false; problem: string };
      checkUscc(raw: string): { ok: boolean };
    };
    expect([...web.TRADES]).toEqual([...orgRules.TRADES]);
    const today = '2026-11-23';
    const ids: string[] = [];
    for (let i = 0; i < 400; i++) {
      const birth = `${1940 + (i % 90)}${String((i % 13) + 1).padStart(2, '0')}${String((i % 31) + 1).padStart(2, '0')}`;
      const first17 = `330603${birth}${String(i % 1000).padStart(3, '0')}`;
      const check = validators.idNumberCheckChar(first17);
      ids.push(`${first17}${check}`, `${first17}${check === '0' ? '1' : '0'}`);
    }
    // The same numbers typed on a keyboard in full-width mode are the same numbers.
    const fullWidth = ids.slice(0, 40).map((id) => id.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
    for (const id of [...ids, ...fullWidth, '33062119900307', '３３０６２１１９９００３０７']) {
      // The web form leaves the region table to the server; the sample's region (柯桥) is a real one.
      const server = memberRules.checkApplicantId(id, today);
      const client = web.checkIdNumber(id, today);
      expect(client.ok, id).toBe(server.ok);
      // …and names the same problem, by the server's code.
      if (!client.ok && !server.ok) expect(`members.${client.problem}`, id).toBe(`members.${server.problem.code}`);
      if (client.ok && server.ok) expect(client.value, id).toBe(server.idNumber);
    }
    for (const uscc of ['91330603MA2JP8Q4AK', '91330603MA2JP8Q4AL', '91330600143209372W', 'X1330603MA2JP8Q4AK']) {
      expect(web.checkUscc(uscc).ok, uscc).toBe(validators.checkUscc(uscc).ok);
    }
  });

  it('words every problem the forms find exactly as the server does', async () => {
    const webProblems = '../web/shared/i18n/zh-CN/problems.ts';
    const { problems } = (await import(/* @vite-ignore */ webProblems)) as { problems: Record<string, Record<string, string>> };
    const pairs = Object.entries(problems).flatMap(([module, byCode]) =>
      Object.entries(byCode).map(([code, text]) => [`problems.${module}.${code}`, text] as const),
    );
    expect(pairs.length).toBeGreaterThan(0);
    for (const [key, text] of pairs) {
      expect(hasMessage(key), key).toBe(true);
      expect(text, key).toBe(t(key));
    }
  });
});
