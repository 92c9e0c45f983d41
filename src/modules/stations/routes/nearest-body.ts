// The nearest-station answer, written fast: each station's JSON is made once, by the response schema,
// when the index takes the station in (stationJson), and an answer is those bytes put one after the
// other with what the search adds (nearestBody) — no object built, validated or stringified per
// request. The bytes are what zod's serializer would write for the same answer (nearest.test.ts).
import { z } from 'zod';
import type { Db } from '../../../platform/db/tx.js';
import type { LngLat } from '../../../platform/geo/coords.js';
import {
  enableNearestIndex,
  NearestIndex,
  stationJsonLength,
  writeStationJson,
  type IndexedStation,
  type OwnFields,
  type StationSerialiser,
} from '../service/nearest-index.js';
import type { Station } from '../service/read.js';
import { NearbyResponse, Point, StationResponse } from './contracts.js';

export const NearestResponse = z.object({
  /** Where the search was made from, in both datums: the rider's marker on either kind of tiles. */
  origin: z.object({ wgs84: Point, gcj02: Point }),
  ridingSpeedKmh: z.number(),
  items: z.array(NearbyResponse),
});

// The fields many stations have alike, kept once in the index for all of them; they must follow one
// another in StationResponse, and the station's own fields come before and after them.
const SHARED_FIELDS = ['hours', 'amenities', 'amenityHours'] as const;
const FIELDS = Object.keys(StationResponse.shape) as (keyof Station)[];
const firstShared = FIELDS.indexOf(SHARED_FIELDS[0]);
if (FIELDS.slice(firstShared, firstShared + SHARED_FIELDS.length).join() !== SHARED_FIELDS.join()) {
  throw new Error('nearest-body: the shared fields must follow one another in StationResponse');
}
const HEAD_FIELDS = FIELDS.slice(0, firstShared) as (keyof OwnFields)[];
const TAIL_FIELDS = FIELDS.slice(firstShared + SHARED_FIELDS.length) as (keyof OwnFields)[];
const SharedResponse = StationResponse.pick({ hours: true, amenities: true, amenityHours: true });

/** `"key":value` of each field, joined by commas: what JSON.stringify writes of an object with just these fields, without its braces. */
function members(value: object, keys: readonly string[]): string {
  let out = '';
  for (const key of keys) {
    const field = (value as Record<string, unknown>)[key];
    // As JSON.stringify does: a field without a value is not written.
    if (field === undefined) continue;
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(field)}`;
  }
  return out;
}

/**
 * A station's JSON by the response schema, in the index's three runs. The shared fields go through
 * the schema (their key order: jsonb keeps its own); the station's own fields are scalars and points
 * made by toStation, written in the schema's order.
 */
export const stationSerialiser: StationSerialiser = {
  shared: (fields) => `,${members(SharedResponse.parse(fields), SHARED_FIELDS)}`,
  own: (station) => {
    const tail = members(station, TAIL_FIELDS);
    return { head: `{${members(station, HEAD_FIELDS)}`, tail: tail === '' ? '' : `,${tail}` };
  },
};

/** A station's JSON by the response schema, without its closing brace, in the index's three runs. */
export function stationJson(station: Station): { head: string; shared: string; tail: string } {
  const { hours, amenities, amenityHours, ...own } = station;
  return { ...stationSerialiser.own(own), shared: stationSerialiser.shared({ hours, amenities, amenityHours }) };
}

/** A station of the answer: as the index holds it, or (from the database) its JSON made now. */
export type NearbyItem = { distanceM: number; ridingMinutes: number; openNow: boolean } & ({ station: IndexedStation } | { json: Buffer });

const point = (p: LngLat) => `{"lng":${p.lng},"lat":${p.lat}}`;

// What the search adds to each station, around two whole numbers; written byte by byte (a string
// per station, written into the answer, cost a third of the answer's making).
const DISTANCE = Buffer.from(',"distanceM":');
const RIDING = Buffer.from(',"ridingMinutes":');
const OPEN = Buffer.from(',"openNow":true}');
const CLOSED = Buffer.from(',"openNow":false}');

const small = (n: number) => Number.isInteger(n) && n >= 0 && n < 10_000;
const digitsOf = (n: number): number => (!small(n) ? String(n).length : n < 10 ? 1 : n < 100 ? 2 : n < 1_000 ? 3 : 4);

/** Writes a number as JSON does; returns where it ends. */
function writeNumber(out: Buffer, at: number, n: number): number {
  if (!small(n)) return at + out.write(String(n), at, 'latin1');
  const end = at + digitsOf(n);
  for (let m = n, pos = end; pos > at; m = Math.floor(m / 10)) out[--pos] = 48 + (m % 10);
  return end;
}

// Answers are cut from slabs, as Node pools its small Buffers: an answer of 7 kB is beyond Node's pool,
// and a buffer of its own each time (an ArrayBuffer, and memory outside the heap for the GC to track)
// cost more than writing it. A slab is never written twice: a new one follows the full one, and the
// old one goes once the last answer cut from it has been sent.
const SLAB_BYTES = 256 * 1024;
let slab = Buffer.allocUnsafeSlow(0);
let slabUsed = 0;

function take(length: number): Buffer {
  if (slabUsed + length > slab.length) {
    slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, length));
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + length);
  // Each answer starts on an 8-byte boundary, as the pool's do.
  slabUsed += (length + 7) & ~7;
  return out;
}

/** The answer's bytes: `{"origin":…,"ridingSpeedKmh":…,"items":[…]}`, as NearestResponse has it. */
export function nearestBody(origin: { wgs84: LngLat; gcj02: LngLat }, ridingSpeedKmh: number, items: readonly NearbyItem[]): Buffer {
  // Numbers as JSON.stringify writes them (both use Number's toString); the rest is ASCII.
  const start = `{"origin":{"wgs84":${point(origin.wgs84)},"gcj02":${point(origin.gcj02)}},"ridingSpeedKmh":${ridingSpeedKmh},"items":[`;
  let length = start.length + 2 + Math.max(0, items.length - 1);
  for (const item of items) {
    length += 'station' in item ? stationJsonLength(item.station) : item.json.length;
    length += DISTANCE.length + digitsOf(item.distanceM) + RIDING.length + digitsOf(item.ridingMinutes);
    length += item.openNow ? OPEN.length : CLOSED.length;
  }
  const out = take(length);
  let at = out.write(start, 0, 'latin1');
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as NearbyItem;
    if (i > 0) out[at++] = 0x2c; // ','
    if ('station' in item) at = writeStationJson(item.station, out, at);
    else {
      out.set(item.json, at);
      at += item.json.length;
    }
    out.set(DISTANCE, at);
    at = writeNumber(out, at + DISTANCE.length, item.distanceM);
    out.set(RIDING, at);
    at = writeNumber(out, at + RIDING.length, item.ridingMinutes);
    const open = item.openNow ? OPEN : CLOSED;
    out.set(open, at);
    at += open.length;
  }
  out[at++] = 0x5d; // ']'
  out[at] = 0x7d; // '}'
  return out;
}

/** A station read from the database, as nearestBody takes it. */
export function stationJsonBytes(station: Station): Buffer {
  const { head, shared, tail } = stationJson(station);
  return Buffer.from(head + shared + tail);
}

/** The module's cache hook: the nearest-station index of an app's database handle, holding this route's JSON. */
export const enableStationIndex = (db: Db): (() => void) => enableNearestIndex(db, stationSerialiser);

/** A nearest-station index of its own, attached to no app (the benchmark loads one to weigh it); dispose() it after. */
export const openStationIndex = (db: Db): NearestIndex => new NearestIndex(db, stationSerialiser);
