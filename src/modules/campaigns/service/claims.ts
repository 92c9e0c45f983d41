// Claiming a coupon: the daily race of tens of thousands of members in the same second (ADR 0012).
// Claims are gathered while the previous batch commits and answered together: one transaction per
// batch, in which the campaign's row lock orders every batch of every instance, the per-member limit is
// also a unique index, and each member hears their own outcome only after the commit that holds it.
import { randomInt } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Platform } from '../../../platform/context.js';
import { InvalidatedCache, listenerStateOf } from '../../../platform/cache/changes.js';
import { consumeSmsCode, requestActionCode } from '../../../platform/auth/member-sign-in.js';
import { countHitsMany, fixedWindowStart, type RateRule } from '../../../platform/auth/rate-limit.js';
import { pgArray } from '../../../platform/db/arrays.js';
import { isTransientConflict } from '../../../platform/db/errors.js';
import { pooledUuidv7 } from '../../../platform/db/columns.js';
import { afterCommit, inTransaction, queryRows, type Db, type Tx } from '../../../platform/db/tx.js';
import { isAppError, type AppError } from '../../../platform/errors/app-error.js';
import { t } from '../../../platform/i18n/i18n.js';
import { evaluateEligibility, getMemberSnapshotsByAccounts, type MemberSnapshot } from '#modules/members';
import { campaignErrors } from '../errors.js';
import { allocateBatch, claimWindow, couponExpiresAt, limitPeriod, nextRelease, roomToday, type BatchClaim } from '../rules.js';
import { campaignDays, campaigns, claimFlags, coupons } from '../schema.js';
import { campaignTerms, ruleOf, type CampaignRow } from './campaigns.js';
import { accountsWithChannelUser } from './channel.js';
import type { MemberCoupon } from './member.js';

export interface ClaimRequest {
  accountId: string;
  campaignId: string;
  ip: string;
  deviceId: string | null;
  now: Date;
}

/**
 * What a claim of a campaign that requires a fresh SMS code brings besides: the account's phone and the
 * code. The phone is asked for only then: decrypting it on every press of the burst cost more than the claim.
 */
export interface ClaimCode {
  phone: () => string | null;
  smsCode: string | null | undefined;
}

/** The largest batch one transaction takes: large enough to amortise a commit, small enough to answer in tens of ms. */
const MAX_BATCH = 1000;

// Per account and device the limits are tight (a person presses a few times); per address loose (config).
const accountRule = (accountId: string): RateRule => ({ bucket: `claim:account:${accountId}`, window: { seconds: 60 }, limit: 10 });
const deviceRule = (deviceId: string): RateRule => ({ bucket: `claim:device:${deviceId}`, window: { seconds: 60 }, limit: 30 });
const ipRule = (ip: string, limit: number): RateRule => ({ bucket: `claim:ip:${ip}`, window: { seconds: 60 }, limit });

// ---------------------------------------------------------------------------------------------
// The campaigns claims look at, cached per instance: every claim reads its campaign, and a change of
// status reaches every instance through the 'campaigns' topic. The batch re-reads the row under its lock.

const liveCaches = new WeakMap<Db, InvalidatedCache<CampaignRow | null>>();

export function enableCampaignCache(db: Db): () => void {
  const cache = new InvalidatedCache<CampaignRow | null>(['campaigns', 'orgs'], {
    maxEntries: 10_000,
    ttlMs: 60_000,
    listener: listenerStateOf(db),
  });
  liveCaches.set(db, cache);
  return () => {
    cache.dispose();
    liveCaches.delete(db);
  };
}

export async function readCampaign(db: Db, id: string): Promise<CampaignRow | null> {
  const load = async () => (await db.select().from(campaigns).where(eq(campaigns.id, id)).limit(1))[0] ?? null;
  const cache = liveCaches.get(db);
  return cache ? cache.getPresent(id, load) : load();
}

/** The error a closed window gives: the H5 shows its countdown from `at`. */
export function closedWindowError(row: CampaignRow, now: Date): AppError | null {
  const window = claimWindow(campaignTerms(row), now);
  if (window.open) return null;
  if (window.why === 'not_started') return campaignErrors.notStarted({ at: formatShanghai(window.releaseAt) });
  if (window.why === 'paused') return campaignErrors.paused();
  if (window.why === 'ended') return campaignErrors.ended();
  return campaignErrors.notFound();
}

/** The days known to have no coupons left, by campaign: only ever the latest day seen. */
const soldOutDays = new Map<string, string>();
/** Bumped whenever a day is added to soldOutDays: a queue swept at this count holds none of its claims. */
let soldOutCount = 0;

// Each campaign row's next release after a sold-out day, as the answer shows it: formatting the
// date cost more than the rest of a sold-out answer.
const nextReleaseShown = new WeakMap<CampaignRow, { day: string; at: string | null }>();

/** The answer to a claim of a `day` that has no coupons left: when the next ones are released, if ever. */
function soldOutError(row: CampaignRow, day: string, now: Date): AppError {
  let shown = nextReleaseShown.get(row);
  if (shown?.day !== day) {
    const at = nextRelease(campaignTerms(row), now);
    shown = { day, at: at ? formatShanghai(at) : null };
    nextReleaseShown.set(row, shown);
  }
  return shown.at ? campaignErrors.soldOut({ at: shown.at }) : campaignErrors.ended();
}

const SHANGHAI_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const formatShanghai = (at: Date): string => SHANGHAI_TIME.format(at);

// ---------------------------------------------------------------------------------------------

/** What a granted claim is answered with: the coupon as the batch wrote it. */
export interface GrantedCoupon {
  id: string;
  campaignId: string;
  code: string;
  thresholdFen: number;
  discountFen: number;
  issuedAt: Date;
  expiresAt: Date;
}

/** A claim already refused, when its campaign's day sells out while it waits in the queue. */
export interface SoldOutCheck {
  day: string;
  answer: () => AppError;
}

interface Pending extends ClaimRequest {
  soldOut: SoldOutCheck | undefined;
  /** Set when the claim was answered sold out before its batch took its campaign's lock: the batch leaves it alone. */
  answered: AppError | undefined;
  resolve(coupon: GrantedCoupon): void;
  reject(error: unknown): void;
}

/** A batch on its way: its claims, and the campaigns whose lock its transaction has been given. */
interface InFlight {
  claims: Pending[];
  locked: Set<string>;
}

/**
 * Gathers claims and writes them a batch at a time, in two stages: a batch first reads what needs no
 * lock (the members, blocked accounts) and counts its rate limits, then takes the campaign's lock for
 * its writes. One batch prepares while the one before it writes, and the next batch starts only once
 * the preparing one has moved on, or once a full batch is waiting: claims that arrive meanwhile wait
 * for it, so under load the batches grow and the commits per claim fall, while alone a claim is its
 * own batch and waits for nothing. (Starting a batch whenever fewer than two were in flight made every
 * third batch a claim or two, which then held a stage for a whole round while a thousand waited behind
 * it; waiting for the preparing batch with a full one queued left the event loop idle a quarter of the
 * time at the release.)
 */
export class ClaimBatcher {
  private queue: Pending[] = [];
  private preparing = 0;
  private scheduled = false;
  private sweptAt = 0;
  private writing = 0;
  private readonly inFlight = new Set<InFlight>();
  private readonly firstPresses = new FirstPresses();

  constructor(
    private readonly db: Db,
    private readonly p: Platform,
  ) {}

  claim(request: ClaimRequest, soldOut?: SoldOutCheck): Promise<GrantedCoupon> {
    return new Promise((resolve, reject) => {
      const { accountId, campaignId, ip, deviceId, now } = request;
      this.queue.push({ accountId, campaignId, ip, deviceId, now, soldOut, answered: undefined, resolve, reject });
      this.schedule();
    });
  }

  /**
   * The claims read in one turn of the event loop start together: at the release a thousand arrive in
   * one turn, and a batch begun by the first of them alone would hold the rest for a whole round.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /**
   * Once a day has sold out, its claims still queued are answered at once, whatever the stages are
   * doing (behind a full queue they would wait a round or two to hear it), and so are those of batches
   * not yet given their campaign's lock: whenever they get it, it will be after the commit that sold
   * the day out, so they could only answer the same, later (at the release the sold-out presses that
   * follow flood the event loop every batch waits on).
   */
  private sweep(): void {
    if (this.sweptAt === soldOutCount) return;
    this.sweptAt = soldOutCount;
    this.queue = this.queue.filter((claim) => !answerSoldOut(claim));
    for (const { claims, locked } of this.inFlight) {
      for (const claim of claims) if (!locked.has(claim.campaignId)) answerSoldOut(claim);
    }
  }

  private pump(): void {
    this.sweep();
    // A batch waiting for the lock behind another of this instance's would only hold the next one's claims.
    if (this.writing > 1) return;
    // One batch prepares at a time, gathering what arrives meanwhile; but a full batch already waiting
    // starts its own at once: it would gain nothing by waiting, and the event loop would idle on both.
    if (this.preparing > 1 || (this.preparing === 1 && this.queue.length < MAX_BATCH)) return;
    const claims = this.queue.splice(0, MAX_BATCH);
    if (claims.length === 0) return;
    const batch: InFlight = { claims, locked: new Set() };
    this.inFlight.add(batch);
    this.preparing += 1;
    let stage: 'preparing' | 'writing' = 'preparing';
    void this.run(batch, () => {
      this.preparing -= 1;
      this.writing += 1;
      stage = 'writing';
      this.pump();
    }).finally(() => {
      this.inFlight.delete(batch);
      if (stage === 'preparing') this.preparing -= 1;
      else this.writing -= 1;
      this.pump();
    });
  }

  private async run(inFlight: InFlight, prepared: () => void): Promise<void> {
    const batch = inFlight.claims;
    let outcomes: (GrantedCoupon | AppError)[];
    try {
      const now = batch[batch.length - 1]?.now ?? new Date();
      const ready = await retryConflicts(() => prepareBatch(this.db, this.p, batch, now, this.firstPresses));
      // The claims of a day that sold out while this batch prepared hear so now, not after a write.
      batch.forEach((claim, i) => {
        if (answerSoldOut(claim)) ready.refused[i] ??= claim.answered;
      });
      prepared();
      outcomes = ready.refused.every(Boolean)
        ? (ready.refused as AppError[])
        : await retryConflicts(() => inTransaction(this.db, (tx) => writeBatch(tx, inFlight, ready, now)));
    } catch (error) {
      // Nothing of the batch committed: every member in it may simply press again.
      this.p.log.error({ err: error, claims: batch.length }, 'claim batch failed');
      for (const claim of batch) claim.reject(isAppError(error) ? error : campaignErrors.busy({ seconds: 1 }));
      return;
    }
    batch.forEach((claim, i) => {
      const outcome = outcomes[i] as GrantedCoupon | AppError;
      if (isAppError(outcome)) claim.reject(outcome);
      else claim.resolve(outcome);
    });
  }
}

/** Answers a claim whose day has sold out since it was queued; true when it has been answered so. */
function answerSoldOut(claim: Pending): boolean {
  const { soldOut } = claim;
  if (!claim.answered && soldOut && soldOutDays.get(claim.campaignId) === soldOut.day) {
    claim.answered = soldOut.answer();
    claim.reject(claim.answered);
  }
  return claim.answered !== undefined;
}

/**
 * Runs again what PostgreSQL rolled back for a deadlock or a serialization failure (the batches lock
 * in a fixed order, so this is the rare case, not the path): nothing of it committed, so it is safe.
 */
async function retryConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 3 || !isTransientConflict(error)) throw error;
    }
  }
}

const batchers = new WeakMap<Db, ClaimBatcher>();

/** The instance's batcher for this database (one per process and database). */
export function claimBatcher(p: Platform): ClaimBatcher {
  let batcher = batchers.get(p.db);
  if (!batcher) {
    batcher = new ClaimBatcher(p.db, p);
    batchers.set(p.db, batcher);
  }
  return batcher;
}

/**
 * Claims one coupon for the member behind an H5 account. What can be refused without the database
 * (no such campaign, not yet released, over) is refused at once; the rest joins the next batch.
 */
export async function claimCoupon(
  p: Platform,
  request: ClaimRequest,
  code: ClaimCode = { phone: () => null, smsCode: null },
): Promise<MemberCoupon> {
  const row = await readCampaign(p.db, request.campaignId);
  if (!row || row.status === 'draft' || row.status === 'pending') throw campaignErrors.notFound();
  const window = claimWindow(campaignTerms(row), request.now);
  if (!window.open) throw closedWindowError(row, request.now) ?? campaignErrors.notFound();
  if (soldOutDays.get(row.id) === window.day) throw soldOutError(row, window.day, request.now);
  if (row.requireSmsCode) await consumeClaimCode(p, row.id, window.releasedAt, request.now, code);
  const coupon = await claimBatcher(p).claim(request, { day: window.day, answer: () => soldOutError(row, window.day, request.now) });
  // Answered from what the batch wrote, and the campaign's name from the cache: no read per claim.
  return {
    id: coupon.id,
    campaignId: coupon.campaignId,
    campaignName: row.name,
    code: coupon.code,
    thresholdFen: coupon.thresholdFen,
    discountFen: coupon.discountFen,
    status: 'issued',
    issuedAt: coupon.issuedAt,
    expiresAt: coupon.expiresAt,
    redeemedAt: null,
  };
}

const codePurpose = (campaignId: string) => `campaign_claim:${campaignId}`;

/**
 * A campaign that requires it takes a code sent to the member's phone after today's release: a script
 * holding a thousand accounts' sessions would also need their thousand phones, at that minute.
 */
async function consumeClaimCode(p: Platform, campaignId: string, releasedAt: Date, now: Date, code: ClaimCode): Promise<void> {
  const phone = code.smsCode ? code.phone() : null;
  if (!code.smsCode || !phone) throw campaignErrors.smsCodeRequired();
  const { smsCode } = code;
  // The attempt is counted even when wrong: the error is thrown after the transaction commits.
  const refused = await inTransaction(p.db, (tx) =>
    consumeSmsCode(tx, p, { phone, purpose: codePurpose(campaignId), code: smsCode, now, issuedFrom: releasedAt }),
  );
  if (refused) throw campaignErrors.smsCodeInvalid({}, { cause: refused });
}

/** Sends the claim code to the account's phone; only once today's coupons are released. */
export async function requestClaimCode(
  p: Platform,
  input: { campaignId: string; phone: string | null; ip: string; now: Date },
): Promise<{ expiresInSeconds: number }> {
  const row = await readCampaign(p.db, input.campaignId);
  if (!row || row.status === 'draft' || row.status === 'pending') throw campaignErrors.notFound();
  const window = claimWindow(campaignTerms(row), input.now);
  if (!window.open) throw closedWindowError(row, input.now) ?? campaignErrors.notFound();
  if (!input.phone) throw campaignErrors.notAMember();
  const deps = { db: p.db, cipher: p.cipher, blindIndex: p.blindIndex, sms: p.sms, sessionTtlMs: 0 };
  return requestActionCode(deps, {
    phone: input.phone,
    purpose: codePurpose(row.id),
    template: 'campaign_claim_code',
    params: { campaign: row.name },
    ip: input.ip,
    now: input.now,
  });
}

// ---------------------------------------------------------------------------------------------
// One batch: a handful of statements however many claims it holds.

interface PreparedBatch {
  members: ReadonlyMap<string, MemberSnapshot>;
  /** Each claim's refusal decided before the lock (rate limited, not a member, blocked), or undefined. */
  refused: (AppError | undefined)[];
}

/**
 * What a batch learns without the campaign's lock: the members behind the accounts, the blocked
 * accounts, and its rate limits — counted in their own statement, committed whatever happens to the
 * batch (a refused or failed press still counts against a script).
 */
async function prepareBatch(db: Db, p: Platform, batch: readonly Pending[], now: Date, firstPresses: FirstPresses): Promise<PreparedBatch> {
  const accountIds = batch.map((c) => c.accountId);
  // Three independent statements, on three of the pool's connections at once: the stage takes the longest, not the sum.
  const [members, blocked, limited] = await Promise.all([
    getMemberSnapshotsByAccounts(db, accountIds),
    blockedAccounts(db, accountIds),
    rateLimited(db, p, batch, now, firstPresses),
  ]);
  const refused = batch.map((claim, i) => {
    const member = members.get(claim.accountId);
    const wait = limited[i];
    if (wait !== null && wait !== undefined) return campaignErrors.rateLimited({ seconds: wait });
    if (!member) return campaignErrors.notAMember();
    if (member.status !== 'active') return campaignErrors.memberInactive();
    if (blocked.has(claim.accountId)) return campaignErrors.accountBlocked();
    return undefined;
  });
  return { members, refused };
}

async function writeBatch(tx: Tx, inFlight: InFlight, prepared: PreparedBatch, now: Date): Promise<(GrantedCoupon | AppError)[]> {
  const batch = inFlight.claims;
  const outcomes: (GrantedCoupon | AppError | undefined)[] = [...prepared.refused];
  // The claims still standing, by campaign; campaigns are locked in id order (no deadlock between instances).
  const byCampaign = new Map<string, number[]>();
  batch.forEach((claim, i) => {
    if (outcomes[i] !== undefined) return;
    const indexes = byCampaign.get(claim.campaignId);
    if (indexes) indexes.push(i);
    else byCampaign.set(claim.campaignId, [i]);
  });
  for (const campaignId of [...byCampaign.keys()].sort()) {
    await claimFromCampaign(tx, campaignId, byCampaign.get(campaignId) ?? [], inFlight, prepared.members, outcomes, now);
  }
  return outcomes.map((o) => o ?? campaignErrors.busy({ seconds: 1 }));
}

async function blockedAccounts(db: Db, accountIds: readonly string[]): Promise<Set<string>> {
  const rows = await db
    .select({ accountId: claimFlags.accountId })
    .from(claimFlags)
    .where(and(eq(claimFlags.status, 'blocked'), sql`${claimFlags.accountId} = any(${pgArray([...new Set(accountIds)])}::uuid[])`));
  return new Set(rows.map((r) => r.accountId));
}

/**
 * The account and device buckets this instance has seen pressed in the current minute. A person's
 * first press of a minute cannot be over a limit of ten: it is admitted without a counter row, and the
 * counter then admits one fewer, so on one instance the limit is exact. At the release every member
 * presses once, and two of the three rows a claim wrote were these. With N instances a script gets at
 * most N − 1 presses a minute more than the limit; the address's counter, shared by many accounts, is
 * always counted. Bounded: past `cap` buckets a minute every press is counted.
 */
export class FirstPresses {
  private windowStart = 0;
  private seen = new Set<string>();

  constructor(private readonly cap = 200_000) {}

  /** True when this is the bucket's first press on this instance in the window that starts at `windowStart` (ms). */
  take(bucket: string, windowStart: number): boolean {
    if (windowStart !== this.windowStart) {
      if (windowStart < this.windowStart) return false;
      this.windowStart = windowStart;
      this.seen = new Set();
    }
    if (this.seen.has(bucket) || this.seen.size >= this.cap) return false;
    this.seen.add(bucket);
    return true;
  }
}

/** Seconds to wait for each claim refused by a rate limit (null: admitted), counted for the whole batch in one go. */
async function rateLimited(
  db: Db,
  p: Platform,
  batch: readonly Pending[],
  now: Date,
  firstPresses: FirstPresses,
): Promise<(number | null)[]> {
  // Each claim's rules that are counted in the database: a person's first press of the minute is not.
  const counted = batch.map((c) => {
    const rules = [ipRule(c.ip, p.config.claimsPerIpPerMinute)];
    for (const rule of [accountRule(c.accountId), ...(c.deviceId ? [deviceRule(c.deviceId)] : [])]) {
      if (!firstPresses.take(rule.bucket, fixedWindowStart(rule, now).getTime())) rules.push({ ...rule, limit: rule.limit - 1 });
    }
    return rules;
  });
  const hits = new Map<string, { rule: RateRule; count: number }>();
  for (const rules of counted) {
    for (const rule of rules) hits.set(rule.bucket, { rule, count: (hits.get(rule.bucket)?.count ?? 0) + 1 });
  }
  const admitted = await countHitsMany(db, hits, now);
  // The first `admitted` claims of each bucket, in arrival order, are the ones it let through; a refused
  // claim may come back when the window that refused it ends.
  const used = new Map<string, number>();
  return counted.map((rules) => {
    let wait: number | null = null;
    for (const rule of rules) {
      const n = (used.get(rule.bucket) ?? 0) + 1;
      used.set(rule.bucket, n);
      if (n <= (admitted.get(rule.bucket) ?? 0)) continue;
      const seconds = rule.window === 'shanghai_day' ? 86_400 : rule.window.seconds;
      const left = Math.max(1, Math.ceil((fixedWindowStart(rule, now).getTime() + seconds * 1000 - now.getTime()) / 1000));
      wait = Math.max(wait ?? 0, left);
    }
    return wait;
  });
}

async function claimFromCampaign(
  tx: Tx,
  campaignId: string,
  standing: readonly number[],
  inFlight: InFlight,
  members: ReadonlyMap<string, MemberSnapshot>,
  outcomes: (GrantedCoupon | AppError | undefined)[],
  now: Date,
): Promise<void> {
  const batch = inFlight.claims;
  // The lock every batch of this campaign, on every instance, waits for: status and counters are exact here.
  const [row] = await tx.select().from(campaigns).where(eq(campaigns.id, campaignId)).for('update');
  // From here on none of these claims is answered by a sweep; those answered before stay answered.
  inFlight.locked.add(campaignId);
  const indexes = standing.filter((i) => {
    const answered = (batch[i] as Pending).answered;
    if (answered) outcomes[i] = answered;
    return !answered;
  });
  if (!row) {
    for (const i of indexes) outcomes[i] = campaignErrors.notFound();
    return;
  }
  const terms = campaignTerms(row);
  const window = claimWindow(terms, now);
  if (!window.open) {
    const closed = closedWindowError(row, now) ?? campaignErrors.notFound();
    for (const i of indexes) outcomes[i] = closed;
    return;
  }
  const day = window.day;
  // A channel's coupon goes to the member's identity in the channel: without one there is nowhere to send it.
  const reachable =
    row.channel === 'platform'
      ? null
      : await accountsWithChannelUser(
          tx,
          indexes.map((i) => (batch[i] as Pending).accountId),
        );
  const eligible: BatchClaim[] = [];
  for (const i of indexes) {
    const claim = batch[i] as Pending;
    const member = members.get(claim.accountId) as MemberSnapshot;
    const verdict = evaluateEligibility(ruleOf(row), member, day);
    if (!verdict.eligible) outcomes[i] = campaignErrors.notEligible({ reason: t(`campaigns.ineligible.${verdict.reason}`) });
    else if (reachable && !reachable.has(claim.accountId)) outcomes[i] = campaignErrors.channelUserMissing();
    else eligible.push({ index: i, memberId: member.memberId });
  }
  if (eligible.length === 0) return;

  const period = limitPeriod(terms, day);
  const memberIds = [...new Set(eligible.map((c) => c.memberId))];
  const { issuedToday, held } = await readClaimState(tx, campaignId, day, period, memberIds);
  const room = roomToday(terms, issuedToday, row.issuedFen);
  const allocation = allocateBatch(eligible, held, row.perMemberLimit, room);

  const expiresAt = couponExpiresAt(day, row.validDays);
  const msAfterRelease = Math.max(0, now.getTime() - window.releasedAt.getTime());
  const grants = allocation.flatMap((a) => (a.result === 'granted' ? [a] : []));
  const campaignStart = new Date(`${row.startsOn}T00:00:00+08:00`);
  const values: NewCoupon[] = grants.map((g) => {
    const claim = batch[g.index] as Pending;
    const member = members.get(claim.accountId) as MemberSnapshot;
    return {
      id: pooledUuidv7(),
      memberId: member.memberId,
      accountId: claim.accountId,
      slot: g.slot,
      code: couponCode(),
      orgId: member.unionId,
      trade: member.trade,
      regionCode: member.regionCode,
      joinedDuring: member.memberSince >= campaignStart,
      ip: claim.ip,
      deviceId: claim.deviceId,
    };
  });
  const shared: SharedCouponFields = {
    campaignId,
    period,
    day,
    thresholdFen: row.thresholdFen,
    discountFen: row.discountFen,
    issuedAt: now,
    expiresAt,
    msAfterRelease,
    channelState: row.channel === 'platform' ? 'none' : 'pending',
  };
  const issued = issuedToday + grants.length;
  const soldOut = grants.length > 0 && roomToday(terms, issued, row.issuedFen + grants.length * row.discountFen) === 0;
  const written = await insertCoupons(tx, shared, values, soldOut ? now : null);
  grants.forEach((g, k) => {
    const coupon = written.get(values[k]?.id ?? '');
    outcomes[g.index] = coupon
      ? {
          id: coupon.id,
          campaignId,
          code: coupon.code,
          thresholdFen: row.thresholdFen,
          discountFen: row.discountFen,
          issuedAt: now,
          expiresAt,
        }
      : campaignErrors.busy({ seconds: 1 });
  });
  // Once a day has no room it never has again (the quota and the budget only shrink): this instance
  // answers that day's later presses without a batch, once what made it so has committed.
  if (room - grants.length <= 0) {
    afterCommit(tx, () => {
      soldOutDays.set(campaignId, day);
      soldOutCount += 1;
    });
  }
  for (const a of allocation) {
    if (a.result === 'already_claimed') {
      outcomes[a.index] = campaignErrors.alreadyClaimed({ limit: t(`campaigns.limit.${row.perMemberPeriod}`, { n: row.perMemberLimit }) });
    } else if (a.result === 'sold_out') {
      outcomes[a.index] = soldOutError(row, day, now);
    }
  }
}

/**
 * What the allocation needs, read under the campaign's lock in one statement (each statement of a
 * batch waits its turn on a busy event loop): the day's counter and the coupons each member already
 * holds in the limit's period.
 */
async function readClaimState(
  tx: Tx,
  campaignId: string,
  day: string,
  period: string,
  memberIds: readonly string[],
): Promise<{ issuedToday: number; held: Map<string, number> }> {
  const [state] = await queryRows<{ issued: number | null; held: [string, number][] }>(
    tx,
    sql`select
          (select ${campaignDays.issued} from ${campaignDays} where ${campaignDays.campaignId} = ${campaignId} and ${campaignDays.day} = ${day}::date) as issued,
          coalesce((select json_agg(json_build_array(h.member_id, h.n)) from (
            select ${coupons.memberId} as member_id, count(*)::int as n from ${coupons}
            where ${coupons.campaignId} = ${campaignId} and ${coupons.period} = ${period}
              and ${coupons.memberId} = any(${pgArray(memberIds)}::uuid[])
            group by ${coupons.memberId}) h), '[]'::json) as held`,
  );
  return { issuedToday: state?.issued ?? 0, held: new Map(state?.held ?? []) };
}

/** Twelve random digits; the first is never 0, so the code keeps its length in any spreadsheet. */
function couponCode(): string {
  return `${randomInt(1, 10)}${String(randomInt(0, 100_000_000_000)).padStart(11, '0')}`;
}

/** What differs between the coupons of a batch; the rest (SharedCouponFields) is one value for all. */
interface NewCoupon {
  id: string;
  memberId: string;
  accountId: string;
  slot: number;
  code: string;
  orgId: string;
  trade: string;
  regionCode: string;
  joinedDuring: boolean;
  ip: string;
  deviceId: string | null;
}

interface SharedCouponFields {
  campaignId: string;
  period: string;
  day: string;
  thresholdFen: number;
  discountFen: number;
  issuedAt: Date;
  expiresAt: Date;
  msAfterRelease: number;
  channelState: 'none' | 'pending';
}

/**
 * Inserts the batch's coupons and counts them on the day's counter and the campaign's totals, in one
 * statement of a fixed shape (one array per column, `unnest`) whatever the batch's size, answering only
 * the ids written. A code that happens to be taken already (one in 10^11 per coupon held) is drawn
 * again rather than failing every claim of the batch; the counters add what each statement wrote.
 * `soldOutAt`: when this batch takes the day's last coupon, the time the statistics show.
 */
async function insertCoupons(
  tx: Tx,
  shared: SharedCouponFields,
  values: readonly NewCoupon[],
  soldOutAt: Date | null,
): Promise<Map<string, NewCoupon>> {
  const written = new Map<string, NewCoupon>();
  let pending = values;
  for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
    const column = (key: keyof NewCoupon) => pgArray(pending.map((v) => v[key]));
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`with written as (
            insert into ${coupons} (id, campaign_id, member_id, account_id, period, slot, day, code, threshold_fen, discount_fen,
              issued_at, expires_at, org_id, trade, region_code, joined_during, ms_after_release, ip, device_id, channel_state)
            select u.id, ${shared.campaignId}::uuid, u.member_id, u.account_id, ${shared.period}, u.slot, ${shared.day}::date, u.code,
              ${shared.thresholdFen}::int, ${shared.discountFen}::int, ${shared.issuedAt}::timestamptz, ${shared.expiresAt}::timestamptz,
              u.org_id, u.trade, u.region_code, u.joined_during, ${shared.msAfterRelease}::int, u.ip, u.device_id, ${shared.channelState}
            from unnest(${column('id')}::uuid[], ${column('memberId')}::uuid[], ${column('accountId')}::uuid[], ${column('slot')}::smallint[],
              ${column('code')}::text[], ${column('orgId')}::uuid[], ${column('trade')}::text[], ${column('regionCode')}::text[],
              ${column('joinedDuring')}::boolean[], ${column('ip')}::text[], ${column('deviceId')}::text[])
              as u(id, member_id, account_id, slot, code, org_id, trade, region_code, joined_during, ip, device_id)
            on conflict (code) do nothing
            returning id
          ),
          counted as (select count(*)::int as n from written),
          day_counter as (
            insert into ${campaignDays} (campaign_id, day, issued, sold_out_at)
            select ${shared.campaignId}::uuid, ${shared.day}::date, counted.n,
              case when counted.n = ${pending.length}::int then ${soldOutAt}::timestamptz end
            from counted where counted.n > 0
            on conflict (campaign_id, day) do update
              set issued = ${campaignDays}.issued + excluded.issued,
                  sold_out_at = coalesce(excluded.sold_out_at, ${campaignDays}.sold_out_at)
          ),
          totals as (
            update ${campaigns} set issued_count = issued_count + counted.n, issued_fen = issued_fen + counted.n * ${shared.discountFen}::bigint
            from counted where ${campaigns.id} = ${shared.campaignId}::uuid and counted.n > 0
          )
          select id from written`,
    );
    const done = new Set(rows.map((r) => r.id));
    for (const v of pending) if (done.has(v.id)) written.set(v.id, v);
    pending = pending.filter((v) => !done.has(v.id)).map((v) => ({ ...v, code: couponCode() }));
  }
  return written;
}
