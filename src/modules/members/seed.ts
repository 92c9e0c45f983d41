// Synthetic members at scale, for demos and benchmarks (`gonghui seed --members N`). The people are
// a function of the seed value and the day, so two runs of a benchmark load the same roll; member
// numbers, row ids and ciphertexts come from the database and the cipher and differ between runs.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import type { Platform } from '../../platform/context.js';
import { idNumberCheckChar } from '../../platform/crypto/validators.js';
import type { Database } from '../../platform/db/client.js';
import { shanghaiDay, uuidv7 } from '../../platform/db/columns.js';
import { queryRows, type Db } from '../../platform/db/tx.js';
import { listChildRegions, type Region } from '../../platform/regions/regions.js';
import { findOrgById, listPlacementCandidates, TRADES, type Org, type Trade } from '#modules/orgs';
import { choosePlacement, enclosingRegions, isNewFormTrade } from './rules.js';
import { writeMemberBatch, type BatchResult, type NewMemberRow } from './service/bulk.js';
import { nextMemberNos, provinceOf } from './service/common.js';
import { encryptPerson, type PersonInput } from './service/person.js';

export interface SeedMembersOptions {
  count: number;
  /** Only work places whose union lies in this organisation's subtree; default the demo districts. */
  orgId?: string | null;
  seed?: number;
  now?: Date;
  batchSize?: number;
  onProgress?: (progress: SeedProgress) => void;
  /**
   * H5 accounts for the new members, one each and in order (as many as `count`): members who can sign
   * in and claim, for the benchmarks of the member routes. Without it the members have no account.
   */
  accountIds?: readonly string[];
}

export interface SeedProgress {
  written: number;
  duplicates: number;
  elapsedMs: number;
}

/** Synthetic members the first start of the embedded demo puts on the roll (the manifest's demo step). */
export const DEMO_MEMBER_COUNT = 500;

/** The districts of the demo tree (柯桥区, 越城区): their streets are the default work places. */
export const DEMO_DISTRICTS = ['330603', '330602'] as const;

const DEFAULT_BATCH = 10_000;
// Generation yields to the event loop this often, so the previous batch's COPY keeps streaming.
const YIELD_EVERY = 500;

/**
 * Generates `count` members and writes them in batches; generation of one batch overlaps the write
 * of the one before. Returns when `count` new members are on the roll.
 */
export async function seedMembers(database: Database, p: Platform, options: SeedMembersOptions): Promise<SeedProgress> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const plan = await planWorkplaces(p.db, options.orgId ?? null);
  // A later run goes on counting from there, so that with the same seed it draws new people rather
  // than the first run's again.
  const [existing] = await queryRows<{ n: number }>(p.db, sql`select count(*)::int as n from member where source = 'seed'`);
  const people = new PersonGenerator(options.seed ?? 1, shanghaiDay(now), now, existing?.n ?? 0);

  const accountIds = options.accountIds ?? null;
  if (accountIds && accountIds.length !== options.count) {
    throw new Error(`seed: ${accountIds.length} account ids for ${options.count} members`);
  }
  const progress: SeedProgress = { written: 0, duplicates: 0, elapsedMs: 0 };
  let pending: { size: number; result: Promise<BatchResult>; rows: NewMemberRow[] | null } | null = null;
  for (;;) {
    const wanted: number = options.count - progress.written - (pending?.size ?? 0);
    const rows: NewMemberRow[] | null = wanted > 0 ? await generateBatch(p, plan, people, Math.min(batchSize, wanted)) : null;
    if (pending) {
      const result = await pending.result;
      if (accountIds && pending.rows) {
        const skipped = new Set(result.duplicates.map((d) => d.toString('latin1')));
        const written = pending.rows.filter((r) => !skipped.has(r.person.idIndex.toString('latin1'))).map((r) => r.id);
        await linkAccounts(p.db, written, accountIds.slice(progress.written, progress.written + written.length));
      }
      pending = null;
      progress.written += result.written;
      progress.duplicates += result.duplicates.length;
      progress.elapsedMs = performance.now() - started;
      options.onProgress?.({ ...progress });
      // Only a collision with members written some other way can repeat a person: a handful at most.
      if (progress.duplicates > Math.max(10_000, options.count)) throw new Error(`seed: ${progress.duplicates} duplicates, giving up`);
    }
    if (rows) {
      // Straight to COPY: the people are new by construction, and anyone already on the roll (written
      // some other way) fails the batch's unique index, which is then written again after a look-up.
      const result = writeMemberBatch(database, rows, { checkFirst: false });
      // Awaited on the next turn; until then a failure must not count as an unhandled rejection.
      result.catch(() => undefined);
      pending = { size: rows.length, result, rows: accountIds ? rows : null };
    } else if (progress.written >= options.count) break;
  }
  progress.elapsedMs = performance.now() - started;
  return progress;
}

/** Gives the members their accounts: one statement a batch, the ids as text (the same SQL on PGlite and PostgreSQL). */
async function linkAccounts(db: Db, memberIds: readonly string[], accountIds: readonly string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await db.execute(
    sql`update member set account_id = v.account_id::uuid
        from unnest(string_to_array(${memberIds.join(',')}, ','), string_to_array(${accountIds.join(',')}, ',')) as v(member_id, account_id)
        where member.id = v.member_id::uuid`,
  );
}

async function generateBatch(p: Platform, plan: WorkplacePlan, people: PersonGenerator, n: number): Promise<NewMemberRow[]> {
  const drafts: { combo: Combo; person: PersonInput; joinedAt: Date }[] = [];
  const rows: NewMemberRow[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % YIELD_EVERY === 0) await nextTurn();
    const combo = plan.pick(people.random());
    const draft = people.next(combo);
    drafts.push({ combo, ...draft });
  }
  const numbers = new Map<string, string[]>();
  for (const province of new Set(drafts.map((d) => d.combo.provinceCode))) {
    const count = drafts.filter((d) => d.combo.provinceCode === province).length;
    numbers.set(province, (await nextMemberNos(p.db, province, count)).reverse());
  }
  for (const [i, { combo, person, joinedAt }] of drafts.entries()) {
    if (i > 0 && i % YIELD_EVERY === 0) await nextTurn();
    const memberNo = numbers.get(combo.provinceCode)?.pop();
    if (!memberNo) throw new Error('seed: ran out of member numbers');
    rows.push({
      id: uuidv7(),
      memberNo,
      provinceCode: combo.provinceCode,
      orgId: combo.orgId,
      person: encryptPerson(p, person),
      newForm: isNewFormTrade(combo.trade),
      joinedAt,
      source: 'seed',
      importId: null,
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Where people work and which union takes them: every (trade, street, employer) combination is
// placed once by the module's own rule, then members are drawn from the combinations.

interface Combo {
  trade: Trade;
  street: Region;
  employer: Org | null;
  orgId: string;
  provinceCode: string;
}

// Platform work: the stations of the delivery, express and ride-hailing platforms have their own
// unions (the demo's 饿了么 hub), so part of these trades' workers is employed there.
const STATION_TRADES: readonly Trade[] = ['food_delivery', 'courier', 'ride_hailing'];
const STATION_SHARE = 0.3;

// The eight key groups (八大群体) first, then the other trades; roughly the mix of a county's roll.
const TRADE_WEIGHTS: Record<Trade, number> = {
  truck_driver: 9,
  courier: 15,
  care_worker: 4,
  domestic_worker: 6,
  mall_info_staff: 3,
  food_delivery: 20,
  real_estate_agent: 4,
  security_guard: 8,
  ride_hailing: 9,
  sanitation: 5,
  construction: 7,
  other: 10,
};

interface WorkplacePlan {
  pick(r: number): Combo;
}

async function planWorkplaces(db: Db, orgId: string | null): Promise<WorkplacePlan> {
  const within = orgId ? await findOrgById(db, orgId) : null;
  if (orgId && !within) throw new Error(`seed: organisation not found: ${orgId}`);
  const streets = within ? streetsUnder(within.regionCode) : DEMO_DISTRICTS.flatMap((d) => streetsUnder(d));
  if (streets.length === 0) throw new Error('seed: no streets (9-digit areas) to place members in');
  // An employer's own union given as --org: every generated worker is employed there.
  const ownEmployer = within?.kind === 'grassroots' && within.uscc ? within : null;

  const candidatesCache = new Map<string, Org[]>();
  const candidates = async (street: string, uscc: string | null): Promise<Org[]> => {
    const key = `${street}|${uscc ?? ''}`;
    let found = candidatesCache.get(key);
    if (!found) {
      found = await listPlacementCandidates(db, enclosingRegions(street), uscc);
      candidatesCache.set(key, found);
    }
    return found;
  };

  const combos: Combo[] = [];
  const weights: number[] = [];
  for (const street of streets) {
    const local = await candidates(street.code, null);
    const employers = ownEmployer
      ? [ownEmployer]
      : local
          .filter((o) => o.kind === 'grassroots' && o.uscc && o.regionCode === street.code)
          .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
    for (const trade of TRADES) {
      const options: { employer: Org | null; share: number }[] = ownEmployer
        ? [{ employer: ownEmployer, share: 1 }]
        : employers.length > 0 && STATION_TRADES.includes(trade)
          ? [
              { employer: null, share: 1 - STATION_SHARE },
              ...employers.map((e) => ({ employer: e, share: STATION_SHARE / employers.length })),
            ]
          : [{ employer: null, share: 1 }];
      for (const { employer, share } of options) {
        const input = { trade, workRegionCode: street.code, employerUscc: employer?.uscc ?? null };
        const pool = await candidates(street.code, input.employerUscc);
        const placement = choosePlacement(input, pool);
        const org = placement ? pool.find((o) => o.id === placement.orgId) : undefined;
        if (!org || (within && !org.path.startsWith(within.path))) continue;
        combos.push({ trade, street, employer, orgId: org.id, provinceCode: provinceOf(org) });
        weights.push(TRADE_WEIGHTS[trade] * share);
      }
    }
  }
  if (combos.length === 0) throw new Error('seed: no union takes workers there (is the demo tree seeded?)');
  return { pick: weightedPicker(combos, weights) };
}

/** The 9-digit streets and townships within a region code (itself, when it is one). */
function streetsUnder(code: string): Region[] {
  if (code.length >= 9) return listChildRegions(code.slice(0, 6)).filter((r) => r.code === code);
  if (code.length === 0) return [];
  return listChildRegions(code).flatMap((child) => (child.level === 'township' ? [child] : streetsUnder(child.code)));
}

function weightedPicker<T>(items: readonly T[], weights: readonly number[]): (r: number) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return (r) => {
    const target = r * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  };
}

// ---------------------------------------------------------------------------------------------
// People.

// Real county codes of 绍兴 (two of them retired: 绍兴县 and 上虞市, which IDs keep for life) and of
// other 浙江 prefectures.
const ID_REGIONS = [
  '330602',
  '330603',
  '330604',
  '330621',
  '330624',
  '330681',
  '330682',
  '330683',
  '330106',
  '330109',
  '330212',
  '330302',
  '330424',
  '330502',
  '330782',
  '331082',
  '330881',
  '331102',
];
// Sequence codes 001–999; the last digit's parity is the holder's gender.
const ID_SEQUENCES = 999;
const MIN_AGE = 18;
const MAX_AGE = 60;
const JOIN_WINDOW_YEARS = 3;

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157',
  '158', '159', '166', '173', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199',
]; // prettier-ignore

// Common surnames, weighted by their approximate share of the population (per mille).
const SURNAMES: readonly [string, number][] = [
  ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 45], ['杨', 31], ['黄', 23], ['赵', 22], ['吴', 20], ['周', 19],
  ['徐', 15], ['孙', 15], ['马', 13], ['朱', 13], ['胡', 12], ['郭', 11], ['何', 11], ['高', 10], ['林', 10], ['罗', 9],
  ['郑', 8], ['梁', 8], ['谢', 8], ['宋', 7], ['唐', 7], ['许', 6], ['韩', 6], ['冯', 6], ['邓', 6], ['曹', 6],
  ['彭', 5], ['曾', 5], ['肖', 5], ['田', 5], ['董', 5], ['袁', 4], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['余', 4], ['杜', 4], ['叶', 4], ['程', 4], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3], ['任', 3], ['沈', 3],
  ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3], ['汪', 3], ['范', 3], ['金', 3],
  ['石', 2], ['廖', 2], ['贾', 2], ['夏', 2], ['韦', 2], ['傅', 2], ['方', 2], ['邹', 2], ['孟', 2], ['熊', 2],
  ['秦', 2], ['邱', 2], ['江', 2], ['尹', 2], ['薛', 2], ['段', 2], ['雷', 2], ['侯', 2], ['龙', 2], ['史', 2],
  ['陶', 2], ['黎', 2], ['贺', 2], ['顾', 2], ['毛', 2], ['郝', 2], ['龚', 2], ['邵', 2], ['万', 2], ['钱', 2],
  ['严', 2], ['戴', 2], ['孔', 1], ['汤', 1], ['欧阳', 0.5], ['诸葛', 0.2], ['司马', 0.2],
]; // prettier-ignore
const GIVEN_MALE = Array.from('伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳峰建国成志文东海亮晨博昊然轩子宏德兵振');
const GIVEN_FEMALE = Array.from('芳娜敏静丽艳娟霞秀玲桂英红燕萍琳雪婷慧莹倩洁佳颖琪欣悦梅琴蓉兰凤月晶露瑶怡楠璐雯丹莉');
const ROADS = [
  '人民路', '解放路', '中兴路', '湖西路', '笛扬路', '鉴湖路', '群贤路', '金柯桥大道', '柯北大道', '环城西路',
  '胜利路', '延安路', '迪荡路', '二环北路', '越东路', '镜湖路', '育才路', '工业路', '创业路', '兴越路',
]; // prettier-ignore

const DAY_MS = 86_400_000;
const pickSurname = weightedPicker(
  SURNAMES.map(([s]) => s),
  SURNAMES.map(([, w]) => w),
);

/**
 * Draws people. The ID number (region, birth date, sequence) and the mobile number are each a
 * bijection of a counter, so no two people of one run share either; everything else comes from a
 * PRNG seeded with the seed value.
 */
class PersonGenerator {
  readonly random: () => number;
  private counter: number;
  private readonly idPermutation: Permutation;
  private readonly phonePermutation: Permutation;
  private readonly oldestBirthMs: number;
  private readonly birthDays: number;
  private readonly joinFromMs: number;

  constructor(
    seed: number,
    today: string,
    private readonly now: Date,
    startAt: number,
  ) {
    this.random = mulberry32(seed);
    this.counter = startAt;
    const todayMs = Date.parse(`${today}T00:00:00Z`);
    const youngest = yearsBefore(todayMs, MIN_AGE);
    // The day after one's 61st birthday one is 60 still: the oldest is born the day after.
    this.oldestBirthMs = yearsBefore(todayMs, MAX_AGE + 1) + DAY_MS;
    this.birthDays = Math.round((youngest - this.oldestBirthMs) / DAY_MS) + 1;
    this.idPermutation = new Permutation(ID_REGIONS.length * this.birthDays * ID_SEQUENCES, this.random);
    this.phonePermutation = new Permutation(100_000_000, this.random);
    this.joinFromMs = yearsBefore(now.getTime(), JOIN_WINDOW_YEARS);
  }

  next(combo: Combo): { person: PersonInput; joinedAt: Date } {
    const k = this.counter++;
    if (k >= this.idPermutation.size) throw new Error('seed: ID number space exhausted');
    const r = this.random;
    let x = this.idPermutation.at(k);
    const sequence = (x % ID_SEQUENCES) + 1;
    x = Math.floor(x / ID_SEQUENCES);
    const birthMs = this.oldestBirthMs + (x % this.birthDays) * DAY_MS;
    const region = ID_REGIONS[Math.floor(x / this.birthDays)] ?? '';
    const birthDate = new Date(birthMs).toISOString().slice(0, 10);
    const first17 = `${region}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
    const gender = sequence % 2 === 1 ? 'male' : 'female';

    const given = gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
    const choose = (list: readonly string[]) => list[Math.floor(r() * list.length)] ?? '';
    const name = pickSurname(r()) + choose(given) + (r() < 0.7 ? choose(given) : '');
    const phoneIndex = Math.floor(k / MOBILE_PREFIXES.length);
    const phone = `${MOBILE_PREFIXES[k % MOBILE_PREFIXES.length] ?? ''}${String(this.phonePermutation.at(phoneIndex)).padStart(8, '0')}`;
    const workAddress = r() < 0.7 ? `${combo.street.name}${choose(ROADS)}${1 + Math.floor(r() * 500)}号` : null;
    // Joined within the last three years, and never before the 18th birthday (seed members are adults).
    const from = Math.max(this.joinFromMs, yearsBefore(birthMs, -MIN_AGE) - 8 * 3_600_000);
    const joinedAt = new Date(from + Math.floor(r() * Math.max(0, this.now.getTime() - from)));
    return {
      person: {
        name,
        idNumber: first17 + idNumberCheckChar(first17),
        phone,
        gender,
        birthDate,
        trade: combo.trade,
        employerName: combo.employer ? combo.employer.name.replace(/工会$/, '') : null,
        employerUscc: combo.employer?.uscc ?? null,
        workRegionCode: combo.street.code,
        workAddress,
        workLat: null,
        workLng: null,
      },
      joinedAt,
    };
  }
}

/** The same calendar day `years` years earlier (29 February → 28 February). */
function yearsBefore(ms: number, years: number): number {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth(), 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

/** x ↦ (a·x + b) mod size with a coprime to size: a bijection of [0, size) that scatters a counter. */
class Permutation {
  private readonly a: number;
  private readonly b: number;

  constructor(
    readonly size: number,
    random: () => number,
  ) {
    if (size >= 2 ** 31) throw new Error('permutation too large');
    let a = 1 + Math.floor(random() * (size - 1));
    while (gcd(a, size) !== 1) a = (a % (size - 1)) + 1;
    this.a = a;
    this.b = Math.floor(random() * size);
  }

  at(x: number): number {
    // a·x can pass 2^53: multiply in two 16-bit halves of a to stay exact.
    const hi = ((x * Math.floor(this.a / 65_536)) % this.size) * 65_536;
    return (((hi + x * (this.a % 65_536)) % this.size) + this.b) % this.size;
  }
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A small fast PRNG (mulberry32): the same seed gives the same sequence on every platform. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
