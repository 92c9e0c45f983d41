// Test factories for members; only tests import this file (.dependency-cruiser.cjs, testing-is-for-tests).
// They go through the module's own use cases (submit, approve), so a factory's member is one the
// application flow could have made; the member's H5 account is opened the way the H5 opens it.
import { systemActor } from '../../platform/audit/audit.js';
import { requestSmsCode, signInWithSmsCode } from '../../platform/auth/member-sign-in.js';
import type { SmsSender } from '../../platform/auth/sms.js';
import type { Platform } from '../../platform/context.js';
import { idNumberCheckChar } from '../../platform/crypto/validators.js';
import { approveApplication, submitApplication, type SubmitResult } from './service/index.js';

/** A valid 身份证号: region (6), birth date (YYYYMMDD), a 3-digit sequence (odd = male), check character. */
export function makeIdNumber(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

// Each call makes a new person: a birth date of their own (no two are held as probable duplicates by
// name, birth date and city), a name, and a phone number.
let people = 0;
let phones = 0;
const SURNAMES = '王李张刘陈杨赵黄周吴';
const GIVEN_NAMES = ['芳', '明', '伟', '洋', '静', '帆', '磊', '丽', '杰', '敏'];

/** A fresh synthetic 身份证号 (默认 绍兴县/柯桥, born between 1980 and 1999: of working age for years to come). */
export function nextIdNumber(region = '330621'): string {
  people += 1;
  const birth = new Date(Date.UTC(1980, 0, 1) + (people % 7300) * 86_400_000);
  return makeIdNumber(region, birth.toISOString().slice(0, 10).replaceAll('-', ''), 100 + (people % 900));
}

/** A fresh two- or three-character name. */
export function nextName(): string {
  return `${SURNAMES[people % 10] ?? '王'}${GIVEN_NAMES[Math.floor(people / 10) % 10] ?? '明'}${people % 3 === 0 ? '' : '华'}`;
}

/** A fresh mobile number (prefix 137, unlike test/harness's 139). */
export function nextMobile(): string {
  phones += 1;
  return `137${String(phones).padStart(8, '0')}`;
}

/** An H5 account signed in with an SMS code, as a worker opens one; `cookie` authenticates its requests. */
export async function newMemberAccount(
  p: Platform,
  phone = nextMobile(),
): Promise<{ accountId: string; phone: string; token: string; cookie: string }> {
  let code = '';
  const sms: SmsSender = {
    send: async (_phone, _template, params) => {
      code = params.code ?? '';
    },
  };
  const deps = { db: p.db, cipher: p.cipher, blindIndex: p.blindIndex, sms, sessionTtlMs: p.config.memberSessionTtlDays * 86_400_000 };
  // An address of its own per account: the per-address SMS limit is not what these tests are about.
  const ip = `198.18.${(phones >> 8) & 255}.${phones & 255}`;
  const now = new Date();
  await requestSmsCode(deps, { phone, ip, now });
  const signedIn = await signInWithSmsCode(deps, { phone, code, ip, userAgent: 'test', now });
  return { accountId: signedIn.accountId, phone, token: signedIn.token, cookie: `gh_member=${signedIn.token}` };
}

export interface TestPersonInput {
  name?: string;
  idNumber?: string;
  /** Default food_delivery: a new-form trade, placed by region. */
  trade?: string;
  /** Default 330603001 (柯桥街道), where the demo tree has a street union. */
  workRegionCode?: string;
  workAddress?: string | null;
  employerName?: string | null;
  employerUscc?: string | null;
  phone?: string;
}

export interface TestApplication {
  applicationId: string;
  accountId: string;
  phone: string;
  idNumber: string;
  /** The account's H5 session. */
  cookie: string;
  result: SubmitResult;
}

/** An application submitted from a new H5 account, pending review (unless the union auto-approves). */
export async function newApplication(p: Platform, input: TestPersonInput = {}): Promise<TestApplication> {
  const account = await newMemberAccount(p, input.phone);
  const idNumber = input.idNumber ?? nextIdNumber();
  const name = input.name ?? nextName();
  const result = await submitApplication(
    p.db,
    p,
    { ...systemActor('test'), kind: 'member', id: account.accountId },
    { accountId: account.accountId, phone: account.phone },
    {
      name,
      idNumber,
      trade: input.trade ?? 'food_delivery',
      workRegionCode: input.workRegionCode ?? '330603001',
      workAddress: input.workAddress === undefined ? '柯桥街道笛扬路 88 号' : input.workAddress,
      employerName: input.employerName ?? null,
      employerUscc: input.employerUscc ?? null,
    },
  );
  if (!result.application) throw new Error(`no application: ${result.outcome}`);
  return {
    applicationId: result.application.id,
    accountId: account.accountId,
    phone: account.phone,
    idNumber,
    cookie: account.cookie,
    result,
  };
}

/** A member on the roll, active: an application approved by the platform's whole scope. */
export async function newMember(p: Platform, input: TestPersonInput = {}): Promise<TestApplication & { memberId: string; orgId: string }> {
  const application = await newApplication(p, input);
  const approved = await approveApplication(p.db, p, systemActor('test'), { orgId: '', path: '/' }, application.applicationId, null);
  if (!approved.memberId) throw new Error(`application ${application.applicationId} approved without a member`);
  return { ...application, memberId: approved.memberId, orgId: approved.orgId };
}
