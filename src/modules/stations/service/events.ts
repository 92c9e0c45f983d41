// Service days (温州: 逢"7" — job guidance, legal aid, counselling …) and one-off events (a free film, a
// health check) at stations: the union schedules them, riders see what is coming near them and sign up.
import { and, asc, count, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { shanghaiDay } from '../../../platform/db/columns.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import type { LngLat } from '../../../platform/geo/coords.js';
import { stationServiceErrors } from '../errors.js';
import { checkEvent, eventDays, minuteOf, type EventKind, type Recurrence } from '../rules.js';
import { shanghaiClock } from '../../../platform/time/shanghai.js';
import { stationEventSignups, stationEvents, stations } from '../schema.js';
import { nearestStations } from './nearest.js';
import { getStation, inScope } from './read.js';

export interface EventInput {
  stationId: string;
  kind: EventKind;
  title: string;
  topics: string[];
  description?: string | null;
  /** Null for a one-off on `fromDay`. */
  recurrence: Recurrence | null;
  fromDay: string;
  untilDay?: string | null;
  starts: string;
  ends: string;
  capacity?: number | null;
}

export interface StationEvent {
  id: string;
  stationId: string;
  kind: EventKind;
  title: string;
  topics: string[];
  description: string | null;
  recurrence: Recurrence | null;
  fromDay: string;
  untilDay: string | null;
  starts: string;
  ends: string;
  capacity: number | null;
  status: 'scheduled' | 'cancelled';
}

type EventRow = typeof stationEvents.$inferSelect;

const toEvent = (r: EventRow): StationEvent => ({
  id: r.id,
  stationId: r.stationId,
  kind: r.kind,
  title: r.title,
  topics: r.topics,
  description: r.description,
  recurrence: r.recurrence,
  fromDay: r.fromDay,
  untilDay: r.untilDay,
  starts: r.starts,
  ends: r.ends,
  capacity: r.capacity,
  status: r.status,
});

export async function createEvent(db: Db, actor: Actor, scope: Scope, input: EventInput): Promise<StationEvent> {
  const untilDay = input.recurrence ? (input.untilDay ?? null) : input.fromDay;
  const problems = checkEvent({ ...input, untilDay });
  if (problems.length > 0) throw stationServiceErrors.eventInvalid({ count: problems.length }, { errors: problems });
  return inTransaction(db, async (tx) => {
    const station = await getStation(tx, scope, input.stationId);
    const [row] = await tx
      .insert(stationEvents)
      .values({
        stationId: station.id,
        kind: input.kind,
        title: input.title,
        topics: input.topics,
        description: input.description ?? null,
        recurrence: input.recurrence,
        fromDay: input.fromDay,
        untilDay,
        starts: input.starts,
        ends: input.ends,
        capacity: input.capacity ?? null,
        createdBy: actor.id,
      })
      .returning();
    if (!row) throw new Error('event insert returned nothing');
    await recordAudit(tx, actor, { action: 'stations.event_created', targetType: 'station_event', targetId: row.id, orgId: station.orgId });
    return toEvent(row);
  });
}

async function scopedEvent(db: Db, scope: Scope, id: string, forUpdate = false): Promise<EventRow & { orgId: string }> {
  const query = db
    .select({ event: stationEvents, orgId: stations.orgId })
    .from(stationEvents)
    .innerJoin(stations, eq(stations.id, stationEvents.stationId))
    .where(and(eq(stationEvents.id, id), inScope(scope)));
  const [row] = forUpdate ? await query.for('update', { of: stationEvents }) : await query;
  if (!row) throw stationServiceErrors.eventNotFound();
  return { ...row.event, orgId: row.orgId };
}

export async function cancelEvent(db: Db, actor: Actor, scope: Scope, id: string, reason: string): Promise<StationEvent> {
  return inTransaction(db, async (tx) => {
    const event = await scopedEvent(tx, scope, id, true);
    const [row] = await tx.update(stationEvents).set({ status: 'cancelled' }).where(eq(stationEvents.id, id)).returning();
    await recordAudit(tx, actor, {
      action: 'stations.event_cancelled',
      targetType: 'station_event',
      targetId: id,
      orgId: event.orgId,
      reason,
    });
    return toEvent(row as EventRow);
  });
}

export interface EventDay {
  event: StationEvent;
  day: string;
  taken: number;
}

/** A station's events with their days over [from, to] and the places taken on each, for the console. */
export async function listStationEvents(db: Db, scope: Scope, stationId: string, from: string, to: string): Promise<EventDay[]> {
  await getStation(db, scope, stationId);
  const rows = await db
    .select()
    .from(stationEvents)
    .where(
      and(
        eq(stationEvents.stationId, stationId),
        lte(stationEvents.fromDay, to),
        or(isNull(stationEvents.untilDay), gte(stationEvents.untilDay, from)),
      ),
    )
    .orderBy(asc(stationEvents.fromDay));
  return withTaken(db, rows.map(toEvent), from, to);
}

async function withTaken(db: Db, events: StationEvent[], from: string, to: string): Promise<EventDay[]> {
  if (events.length === 0) return [];
  const counts = await db
    .select({ eventId: stationEventSignups.eventId, day: stationEventSignups.day, n: count() })
    .from(stationEventSignups)
    .where(
      and(
        inArray(
          stationEventSignups.eventId,
          events.map((e) => e.id),
        ),
        sql`${stationEventSignups.day} between ${from} and ${to}`,
      ),
    )
    .groupBy(stationEventSignups.eventId, stationEventSignups.day);
  const taken = new Map(counts.map((c) => [`${c.eventId}|${c.day}`, c.n]));
  return events
    .flatMap((event) => eventDays(event, from, to).map((day) => ({ event, day, taken: taken.get(`${event.id}|${day}`) ?? 0 })))
    .sort((a, b) => a.day.localeCompare(b.day) || a.event.starts.localeCompare(b.event.starts));
}

export interface NearbyEventDay extends EventDay {
  station: { id: string; name: string; address: string; distanceM: number };
  /** Whether the asking member holds a place. */
  signedUp: boolean;
}

/** What is coming at the stations near a rider over the next `days` days, soonest first. */
export async function upcomingNear(
  db: Db,
  query: { at: LngLat; datum: 'wgs84' | 'gcj02'; accountId?: string | null; days?: number; radiusM?: number; now?: Date },
): Promise<NearbyEventDay[]> {
  const now = query.now ?? new Date();
  const from = shanghaiDay(now);
  const to = shanghaiDay(new Date(now.getTime() + (query.days ?? 14) * 86_400_000));
  const near = (await nearestStations(db, { at: query.at, datum: query.datum, limit: 50, now })).filter(
    (s) => s.distanceM <= (query.radiusM ?? 5000),
  );
  if (near.length === 0) return [];
  const byId = new Map(near.map((s) => [s.id, s]));
  const rows = await db
    .select()
    .from(stationEvents)
    .where(
      and(
        inArray(stationEvents.stationId, [...byId.keys()]),
        eq(stationEvents.status, 'scheduled'),
        lte(stationEvents.fromDay, to),
        or(isNull(stationEvents.untilDay), gte(stationEvents.untilDay, from)),
      ),
    );
  const days = await withTaken(db, rows.map(toEvent), from, to);
  const mine = query.accountId
    ? new Set(
        (
          await db
            .select({ eventId: stationEventSignups.eventId, day: stationEventSignups.day })
            .from(stationEventSignups)
            .where(and(eq(stationEventSignups.accountId, query.accountId), gte(stationEventSignups.day, from)))
        ).map((s) => `${s.eventId}|${s.day}`),
      )
    : new Set<string>();
  // Today's occurrence that has already ended is not "coming": a rider could not sign up for it.
  return days
    .filter((d) => !isOver(d.event, d.day, now))
    .map((d) => {
      const s = byId.get(d.event.stationId);
      return {
        ...d,
        station: { id: d.event.stationId, name: s?.name ?? '', address: s?.address ?? '', distanceM: s?.distanceM ?? 0 },
        signedUp: mine.has(`${d.event.id}|${d.day}`),
      };
    });
}

/** Whether the event's day has gone by, or is today and has ended (Asia/Shanghai). */
function isOver(event: StationEvent, day: string, now: Date): boolean {
  const { day: today, minute } = shanghaiClock(now);
  return day < today || (day === today && (minuteOf(event.ends) ?? 0) <= minute);
}

/** A member takes a place at one day of an event: on one of its days, not past, while places are left. Again: no change. */
export async function signUp(db: Db, accountId: string, eventId: string, day: string, now = new Date()): Promise<EventDay> {
  return inTransaction(db, async (tx) => {
    // The event row is the lock that makes "places left" hold under a crowd signing up at once.
    const [row] = await tx
      .select({ event: stationEvents, stationStatus: stations.status, stationName: stations.name })
      .from(stationEvents)
      .innerJoin(stations, eq(stations.id, stationEvents.stationId))
      .where(eq(stationEvents.id, eventId))
      .for('update', { of: stationEvents });
    if (!row) throw stationServiceErrors.eventNotFound();
    const event = toEvent(row.event);
    if (event.status === 'cancelled') throw stationServiceErrors.eventCancelled();
    if (row.stationStatus !== 'open') throw stationServiceErrors.stationNotOpen({ station: row.stationName });
    if (isOver(event, day, now) || eventDays(event, day, day).length === 0) throw stationServiceErrors.eventNotOnDay({ day });
    const takenNow = async () =>
      (
        await tx
          .select({ n: count() })
          .from(stationEventSignups)
          .where(and(eq(stationEventSignups.eventId, eventId), eq(stationEventSignups.day, day)))
      )[0]?.n ?? 0;
    const [held] = await tx
      .select({ day: stationEventSignups.day })
      .from(stationEventSignups)
      .where(and(eq(stationEventSignups.eventId, eventId), eq(stationEventSignups.day, day), eq(stationEventSignups.accountId, accountId)));
    if (!held) {
      if (event.capacity !== null && (await takenNow()) >= event.capacity) throw stationServiceErrors.eventFull({ day });
      await tx.insert(stationEventSignups).values({ eventId, day, accountId });
    }
    return { event, day, taken: await takenNow() };
  });
}

/** A member gives their place back, before the day is over: a past day's count stays as it was. */
export async function cancelSignUp(db: Db, accountId: string, eventId: string, day: string, now = new Date()): Promise<void> {
  const [event] = await db.select().from(stationEvents).where(eq(stationEvents.id, eventId));
  if (!event) throw stationServiceErrors.eventNotFound();
  if (isOver(toEvent(event), day, now)) throw stationServiceErrors.eventNotOnDay({ day });
  await db
    .delete(stationEventSignups)
    .where(and(eq(stationEventSignups.eventId, eventId), eq(stationEventSignups.day, day), eq(stationEventSignups.accountId, accountId)));
}

/** An open station's scheduled days over [from, to], for its page in the H5. */
export async function stationEventDays(db: Db, stationId: string, from: string, to: string): Promise<EventDay[]> {
  const rows = await db
    .select()
    .from(stationEvents)
    .where(
      and(
        eq(stationEvents.stationId, stationId),
        eq(stationEvents.status, 'scheduled'),
        lte(stationEvents.fromDay, to),
        or(isNull(stationEvents.untilDay), gte(stationEvents.untilDay, from)),
      ),
    );
  return withTaken(db, rows.map(toEvent), from, to);
}

/** The days a member holds a place at, today and after. */
export async function listMemberSignUps(db: Db, accountId: string, now = new Date()): Promise<{ eventId: string; day: string }[]> {
  return db
    .select({ eventId: stationEventSignups.eventId, day: stationEventSignups.day })
    .from(stationEventSignups)
    .where(and(eq(stationEventSignups.accountId, accountId), gte(stationEventSignups.day, shanghaiDay(now))))
    .orderBy(asc(stationEventSignups.day));
}
