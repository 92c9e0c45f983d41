// The nearest-station index of one app instance (ADR 0016): every open station's point on the unit
// sphere, amenities, week of openings and JSON (made once), in an octree searched in memory. The
// tables stay the source: the index is loaded from them in pages on first use, follows each station
// written on any instance through the change notifications of ADR 0007 ('stations', subject: its id),
// and answers only while it knows of no change it has not applied — until then, and while the
// listener is down, the search asks the database (service/nearest.ts).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql, type SQL } from 'drizzle-orm';
import { listenerStateOf, onChange, type ListenerState } from '../../../platform/cache/changes.js';
import { queryRows, type Db } from '../../../platform/db/tx.js';
import { AMENITIES, type Amenity } from '../rules.js';
import { stationOpenings, stations } from '../schema.js';
import { NearestTree, type TreeEntry, type TreeHits } from './nearest-tree.js';
import { toStation, type Station } from './read.js';

/** The fields many stations have alike (the same week, the same amenities): kept once for all of them. */
export type SharedFields = Pick<Station, 'hours' | 'amenities' | 'amenityHours'>;
export type OwnFields = Omit<Station, keyof SharedFields>;

/**
 * A station's JSON as the H5 gets it, made by the routes (the response's schema is theirs) and handed
 * to the index: the object without its closing brace is `head + shared + tail`, `shared` being the
 * shared fields' run (made once per distinct set), `head` and `tail` the station's own fields around it.
 */
export interface StationSerialiser {
  shared(fields: SharedFields): string;
  own(station: OwnFields): { head: string; tail: string };
}

/** One open station in the index. */
export interface IndexedStation extends TreeEntry {
  /** The station's own week ('' openings): [start, end, start, end, …] in minutes of the week. */
  readonly open: Int32Array;
  /** Its week of openings (the station's and its amenities'), by number: stations alike share one (TreeEntry.group). */
  readonly group: number;
  /**
   * Its JSON without the closing brace: head + shared + tail (StationSerialiser), each a whole Buffer —
   * copying part of one makes a view object per copy, a tenth of an answer's CPU. The shared run, and
   * the tail when alike (no phone, no area), are one Buffer for every station that has them.
   */
  readonly head: Buffer;
  readonly shared: Buffer;
  readonly tail: Buffer;
}

const AMENITY_BIT = new Map<string, number>(AMENITIES.map((a, i) => [a, i]));

/** The bits of these amenities (AMENITIES' order); names outside the catalogue count for nothing. */
export function amenityMask(amenities: readonly string[]): number {
  let mask = 0;
  for (const a of amenities) {
    const i = AMENITY_BIT.get(a);
    if (i !== undefined) mask |= 1 << i;
  }
  return mask;
}

function covers(spans: Int32Array, minute: number): boolean {
  for (let i = 0; i < spans.length; i += 2) if ((spans[i] as number) <= minute && minute < (spans[i + 1] as number)) return true;
  return false;
}

/** Whether the station itself is open at this minute of the week. */
export function openAt(e: IndexedStation, minute: number): boolean {
  return covers(e.open, minute);
}

/**
 * The test the SQL makes for "open now": for each amenity asked for, by its own hours when it has
 * some, else by the station's; with none asked for, by the station's.
 */
function openForAll(week: Week, amenities: readonly number[], minute: number): boolean {
  if (amenities.length === 0) return covers(week.open, minute);
  for (const i of amenities) {
    const own = (week.own >> i) & 1 ? week.ownSpans?.[i] : undefined;
    if (!covers(own ?? week.open, minute)) return false;
  }
  return true;
}

/** Writes the station's JSON (without its closing brace) into `out` at `at`; returns where it ends. */
export function writeStationJson(e: IndexedStation, out: Buffer, at: number): number {
  out.set(e.head, at);
  let pos = at + e.head.length;
  out.set(e.shared, pos);
  pos += e.shared.length;
  out.set(e.tail, pos);
  return pos + e.tail.length;
}

export const stationJsonLength = (e: IndexedStation): number => e.head.length + e.shared.length + e.tail.length;

/** A station as the index reads it: the shared fields and the openings as text, parsed once per distinct text. */
interface StationRow extends Record<string, unknown> {
  id: string;
  orgId: string;
  name: string;
  kind: Station['kind'];
  host: string | null;
  address: string;
  regionCode: string;
  lng: number;
  lat: number;
  areaM2: number | null;
  phone: string | null;
  status: Station['status'];
  hours: string;
  amenityHours: string;
  amenities: string;
  /** 'amenity start end,…' ('' for the station's own), or null when it has none. */
  openings: string | null;
  x: number;
  y: number;
  z: number;
}

/** Open stations in id order, `where` on `s`. */
function readStations(db: Db, where: SQL, limit: number): Promise<StationRow[]> {
  return queryRows<StationRow>(
    db,
    sql`select s.id, s.org_id as "orgId", s.name, s.kind, s.host, s.address, s.region_code as "regionCode", s.lng, s.lat,
               s.area_m2 as "areaM2", s.phone, s.status,
               s.hours::text as hours, s.amenity_hours::text as "amenityHours", array_to_json(s.amenities)::text as amenities,
               (select string_agg(o.amenity || ' ' || o.start_minute || ' ' || o.end_minute, ',' order by o.amenity, o.start_minute)
                  from ${stationOpenings} o where o.station_id = s.id) as openings,
               cube_ll_coord(s.position, 1) as x, cube_ll_coord(s.position, 2) as y, cube_ll_coord(s.position, 3) as z
          from ${stations} s
         where s.status = 'open' and ${where}
         order by s.id
         limit ${limit}`,
  );
}

export interface IndexLoad {
  stations: number;
  /** From the first page asked for to the index answering. */
  ms: number;
  pages: number;
  /**
   * How long a page took, the median and the longest: from asking for it to its stations being in —
   * on PGlite the stretch the load held the event loop (the query and the making of the entries).
   */
  medianStepMs: number;
  longestStepMs: number;
  /** Bytes of JSON kept (the stations' own, and the shared runs once each). */
  jsonBytes: number;
}

export interface IndexOptions {
  /**
   * Stations read per page at most (default 1,000). Pages are made smaller while a page takes longer
   * than `stepMs` (default 20): PGlite runs each page's query on the event loop, which no request
   * gets while it runs.
   */
  pageSize?: number;
  stepMs?: number;
  /** The database's listener: while it is down the index does not answer. */
  listener?: ListenerState;
}

// The first page is small (its time sizes the next ones); no page is smaller than MIN_PAGE.
const FIRST_PAGE = 200;
const MIN_PAGE = 50;
// After a failed load, the next one is tried no sooner than this; the database answers meanwhile.
const RETRY_AFTER_MS = 5_000;

export class NearestIndex {
  private tree: NearestTree<IndexedStation> | null = null;
  private byId = new Map<string, IndexedStation>();
  /** The shared fields' JSON and amenity bits, by their text in the table; the openings parsed, by theirs. */
  private sharedRuns = new Map<string, { json: Buffer; mask: number }>();
  private tails = new Map<string, Buffer>();
  /** Bytes of the stations' heads (the tails and shared runs are counted in their maps). */
  private headBytes = 0;
  private weeks = new Map<string, Week>();
  private weekList: Week[] = [];
  /** Bumped by a reset (and by dispose): a load or a reload begun before it is dropped. */
  private generation = 0;
  private loading: Promise<void> | null = null;
  private failedAt = 0;
  /** Stations changed while a load was under way: read again once it is done. */
  private changedDuringLoad: Set<string> | null = null;
  /** The latest reload asked for, per station; reloads under way. */
  private readonly reloads = new Map<string, number>();
  private reloadSeq = 0;
  private pendingReloads = 0;
  private readonly listener: ListenerState;
  private readonly pageSize: number;
  private readonly stepMs: number;
  private readonly unsubscribe: () => void;
  lastLoad: IndexLoad | null = null;

  constructor(
    private readonly db: Db,
    private readonly serialise: StationSerialiser,
    options: IndexOptions = {},
  ) {
    this.listener = options.listener ?? listenerStateOf(db);
    this.pageSize = options.pageSize ?? 1_000;
    this.stepMs = options.stepMs ?? 20;
    this.unsubscribe = onChange(['stations'], (topic, subject) => {
      if (topic === 'reset' || subject === '*') this.reset();
      else this.changed(subject);
    });
  }

  get size(): number {
    return this.byId.size;
  }

  /**
   * The tree when the index may answer: loaded, no change waiting to be applied, the listener up.
   * Otherwise null — and a load begins if none has.
   */
  current(): NearestTree<IndexedStation> | null {
    if (!this.listener.live) return null;
    if (this.tree) return this.pendingReloads === 0 ? this.tree : null;
    if (!this.loading && Date.now() - this.failedAt >= RETRY_AFTER_MS) void this.load().catch(() => undefined);
    return null;
  }

  /** Loads every open station (once: a call while a load is under way joins it). */
  load(): Promise<void> {
    this.loading ??= this.loadAll(this.generation).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** Resolves when the index answers from memory (loading it if need be). */
  async ready(): Promise<void> {
    while (!this.tree || this.pendingReloads > 0) {
      if (this.tree) await nextTurn();
      else await this.load();
    }
  }

  /** The nearest stations with every amenity asked for and, when `openAt` is a minute of the week, open then. */
  nearest(
    tree: NearestTree<IndexedStation>,
    point: readonly [number, number, number],
    options: { amenities: readonly Amenity[]; openAt: number | null; limit: number },
  ): TreeHits<IndexedStation> {
    const want = amenityMask(options.amenities);
    const minute = options.openAt;
    if (minute === null) return tree.nearest(point[0], point[1], point[2], options.limit, want);
    const indices = [...new Set(options.amenities)].map((a) => AMENITY_BIT.get(a) as number);
    // Stations share a few weeks of openings: each is asked once per search.
    const weeks = this.weekList;
    const open: (boolean | undefined)[] = [];
    return tree.nearest(
      point[0],
      point[1],
      point[2],
      options.limit,
      want,
      (g) => (open[g] ??= openForAll(weeks[g] as Week, indices, minute)),
    );
  }

  dispose(): void {
    this.unsubscribe();
    this.generation++;
    this.clear();
  }

  private clear(): void {
    this.tree = null;
    this.byId = new Map();
    this.sharedRuns = new Map();
    this.tails = new Map();
    this.headBytes = 0;
    this.weeks = new Map();
    this.weekList = [];
    this.changedDuringLoad = null;
    this.reloads.clear();
    this.pendingReloads = 0;
  }

  /** Notifications may have been lost (or the database was put back): forget everything, load again on next use. */
  private reset(): void {
    this.generation++;
    this.clear();
  }

  private changed(id: string): void {
    if (this.tree) void this.reload(id);
    else this.changedDuringLoad?.add(id);
  }

  private async loadAll(generation: number): Promise<void> {
    const began = performance.now();
    const tree = new NearestTree<IndexedStation>();
    this.changedDuringLoad = new Set();
    let after = '00000000-0000-0000-0000-000000000000';
    let pages = 0;
    const steps: number[] = [];
    let page = Math.min(this.pageSize, FIRST_PAGE);
    try {
      for (;;) {
        const asked = performance.now();
        const rows = await readStations(this.db, sql`s.id > ${after}`, page);
        if (generation !== this.generation) return;
        for (const row of rows) {
          const entry = this.entry(row);
          tree.insert(entry);
          this.byId.set(entry.id, entry);
        }
        pages++;
        const stepMs = performance.now() - asked;
        steps.push(stepMs);
        if (rows.length < page) break;
        page = Math.max(MIN_PAGE, Math.min(this.pageSize, Math.round((page * this.stepMs) / Math.max(stepMs, 1))));
        after = (rows[rows.length - 1] as StationRow).id;
        // Let the requests that came in meanwhile through before the next page (PGlite holds the loop while it reads).
        await nextTurn();
        if (generation !== this.generation) return;
      }
    } catch (error) {
      if (generation === this.generation) {
        this.failedAt = Date.now();
        this.clear();
      }
      throw error;
    }
    const changed = this.changedDuringLoad;
    this.changedDuringLoad = null;
    this.tree = tree;
    for (const id of changed) void this.reload(id);
    this.lastLoad = {
      stations: tree.size,
      ms: performance.now() - began,
      pages,
      medianStepMs: [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)] ?? 0,
      longestStepMs: Math.max(0, ...steps),
      jsonBytes:
        this.headBytes +
        [...this.tails.values()].reduce((n, tail) => n + tail.length, 0) +
        [...this.sharedRuns.values()].reduce((n, run) => n + run.json.length, 0),
    };
  }

  /** Reads one station again and puts it in (or takes it out when it is no longer open). */
  private async reload(id: string): Promise<void> {
    const generation = this.generation;
    const seq = ++this.reloadSeq;
    this.reloads.set(id, seq);
    this.pendingReloads++;
    try {
      const rows = await readStations(this.db, sql`s.id = ${id}`, 1);
      // A reset since, or a later reload of the same station (begun after a later change): theirs to apply.
      if (generation !== this.generation || this.reloads.get(id) !== seq || !this.tree) return;
      const old = this.byId.get(id);
      if (old) {
        this.tree.remove(old);
        this.byId.delete(id);
      }
      for (const row of rows) {
        const entry = this.entry(row);
        this.tree.insert(entry);
        this.byId.set(entry.id, entry);
      }
    } catch {
      // The station could not be read: what the index holds of it may be stale, so it is loaded again.
      if (generation === this.generation) this.reset();
    } finally {
      if (generation === this.generation) {
        this.pendingReloads--;
        if (this.reloads.get(id) === seq) this.reloads.delete(id);
      }
    }
  }

  private entry(row: StationRow): IndexedStation {
    const sharedKey = `${row.hours}\n${row.amenities}\n${row.amenityHours}`;
    let shared = this.sharedRuns.get(sharedKey);
    if (!shared) {
      const fields: SharedFields = {
        hours: JSON.parse(row.hours) as Station['hours'],
        amenities: JSON.parse(row.amenities) as Station['amenities'],
        amenityHours: JSON.parse(row.amenityHours) as Station['amenityHours'],
      };
      this.sharedRuns.set(sharedKey, (shared = { json: Buffer.from(this.serialise.shared(fields)), mask: amenityMask(fields.amenities) }));
    }
    // toStation places it in both datums as everywhere else; the shared fields are not its business here.
    const {
      hours: _h,
      amenities: _a,
      amenityHours: _m,
      ...own
    } = toStation({ ...row, hours: { alwaysOpen: true }, amenityHours: {}, amenities: [] });
    const json = this.serialise.own(own);
    const head = Buffer.from(json.head);
    this.headBytes += head.length;
    let tail = this.tails.get(json.tail);
    if (!tail) this.tails.set(json.tail, (tail = Buffer.from(json.tail)));
    const week = this.week(row.openings ?? '');
    return {
      id: row.id,
      x: row.x,
      y: row.y,
      z: row.z,
      mask: shared.mask,
      open: week.open,
      group: week.id,
      head,
      shared: shared.json,
      tail,
    };
  }

  /** A station's openings ('amenity start end,…' in amenity and start order), parsed once per distinct week. */
  private week(text: string): Week {
    let week = this.weeks.get(text);
    if (week) return week;
    const spans = new Map<string, number[]>();
    for (const opening of text === '' ? [] : text.split(',')) {
      const [amenity = '', start, end] = opening.split(' ');
      let list = spans.get(amenity);
      if (!list) spans.set(amenity, (list = []));
      list.push(Number(start), Number(end));
    }
    let own = 0;
    let ownSpans: (Int32Array | undefined)[] | null = null;
    for (const [amenity, list] of spans) {
      const i = AMENITY_BIT.get(amenity);
      if (amenity === '' || i === undefined) continue;
      own |= 1 << i;
      (ownSpans ??= [])[i] = Int32Array.from(list);
    }
    week = { id: this.weekList.length, open: Int32Array.from(spans.get('') ?? []), own, ownSpans };
    this.weeks.set(text, week);
    this.weekList.push(week);
    return week;
  }
}

/** A week of openings: the station's own spans, and those of its amenities with hours of their own. */
interface Week {
  id: number;
  open: Int32Array;
  own: number;
  ownSpans: (Int32Array | undefined)[] | null;
}

const indexes = new WeakMap<Db, NearestIndex>();

/** Turns the nearest-station index on for the app's database handle; returns what turns it off. */
export function enableNearestIndex(db: Db, serialise: StationSerialiser, options: IndexOptions = {}): () => void {
  const index = new NearestIndex(db, serialise, options);
  indexes.get(db)?.dispose();
  indexes.set(db, index);
  return () => {
    index.dispose();
    if (indexes.get(db) === index) indexes.delete(db);
  };
}

export function nearestIndexFor(db: Db): NearestIndex | undefined {
  return indexes.get(db);
}
