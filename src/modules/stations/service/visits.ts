// Check-in: each station has a printed QR (a signed token of the shared scheme, ADR 0013, naming the
// station); a member who scans it is counted once per station and day.
import { and, count, eq, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { Platform } from '../../../platform/context.js';
import { shanghaiDay } from '../../../platform/db/columns.js';
import { inTransaction } from '../../../platform/db/tx.js';
import { defineTokenType, tokenKeyring } from '../../../platform/tokens/keyring.js';
import { stationServiceErrors } from '../errors.js';
import { stationVisits, stations } from '../schema.js';
import { findOrgById } from '#modules/orgs';
import { getStation } from './read.js';

const CHECK_IN_TOKEN = defineTokenType({
  type: 'station-check-in',
  prefix: 'GHS1',
  readClaims: (payload) => (typeof payload.s === 'string' && /^[0-9a-f-]{36}$/.test(payload.s) ? { s: payload.s } : null),
});

/** A printed sign stays on the wall for years; a new print is one click when the keys are rotated. */
const CHECK_IN_CODE_TTL_SECONDS = 5 * 366 * 86_400;

export interface CheckInCode {
  stationId: string;
  stationName: string;
  /** The union whose station it is, for the poster. */
  orgName: string;
  /** What the QR holds: the H5's check-in page with the token, so WeChat's scanner opens it directly. */
  url: string;
  token: string;
  expiresAt: Date;
}

/** The QR to print for a station of the staff member's subtree; `origin` is where the H5 is served (GONGHUI_PUBLIC_URL, else the request's). */
export async function checkInCode(
  p: Pick<Platform, 'db' | 'config'>,
  scope: Scope,
  stationId: string,
  origin: string,
  now = new Date(),
): Promise<CheckInCode> {
  const station = await getStation(p.db, scope, stationId);
  const issued = tokenKeyring(p, CHECK_IN_TOKEN).issue({ s: station.id }, now, CHECK_IN_CODE_TTL_SECONDS);
  const base = origin.replace(/\/+$/, '');
  const org = await findOrgById(p.db, station.orgId);
  return {
    stationId: station.id,
    stationName: station.name,
    orgName: org?.name ?? '',
    url: `${base}/stations/check-in?c=${encodeURIComponent(issued.token)}`,
    ...issued,
  };
}

export interface CheckIn {
  station: { id: string; name: string; address: string };
  day: string;
  /** False when the member had already checked in here today: counted once. */
  counted: boolean;
  visitsToday: number;
}

/** A member's scan of a station's printed QR. */
export async function checkIn(p: Pick<Platform, 'db' | 'config'>, accountId: string, token: string, now = new Date()): Promise<CheckIn> {
  const check = tokenKeyring(p, CHECK_IN_TOKEN).verifyOnline(token, now);
  if (!check.ok) throw stationServiceErrors.checkInCodeInvalid();
  const day = shanghaiDay(now);
  return inTransaction(p.db, async (tx) => {
    const [station] = await tx
      .select({ id: stations.id, name: stations.name, address: stations.address, status: stations.status })
      .from(stations)
      .where(eq(stations.id, check.claims.s));
    if (!station) throw stationServiceErrors.stationGone();
    if (station.status !== 'open') throw stationServiceErrors.stationNotOpen({ station: station.name });
    const inserted = await tx
      .insert(stationVisits)
      .values({ stationId: station.id, day, accountId, at: now })
      .onConflictDoNothing()
      .returning({ at: stationVisits.at });
    const [visits] = await tx
      .select({ n: count() })
      .from(stationVisits)
      .where(and(eq(stationVisits.stationId, station.id), eq(stationVisits.day, day)));
    return {
      station: { id: station.id, name: station.name, address: station.address },
      day,
      counted: inserted.length > 0,
      visitsToday: visits?.n ?? 0,
    };
  });
}

/** Visits to one station of the subtree per day, over [from, to]. */
export async function stationVisitsByDay(
  p: Pick<Platform, 'db'>,
  scope: Scope,
  stationId: string,
  from: string,
  to: string,
): Promise<{ day: string; visits: number }[]> {
  await getStation(p.db, scope, stationId);
  return p.db
    .select({ day: stationVisits.day, visits: count() })
    .from(stationVisits)
    .where(and(eq(stationVisits.stationId, stationId), sql`${stationVisits.day} between ${from} and ${to}`))
    .groupBy(stationVisits.day)
    .orderBy(stationVisits.day);
}
