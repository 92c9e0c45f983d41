// The stations a rider was last shown, by id: the station page opens from them, as there is no member
// route for one station yet. Kept in sessionStorage too, so a reload of the station page still works.
import type { NearbyStation } from './api.ts';

const KEY = 'gonghui.stations.seen';
const MAX = 50;
let seen: Map<string, NearbyStation> | null = null;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function load(): Map<string, NearbyStation> {
  if (seen) return seen;
  seen = new Map();
  try {
    const kept: unknown = JSON.parse(storage()?.getItem(KEY) ?? '[]');
    if (Array.isArray(kept))
      for (const station of kept as NearbyStation[]) if (typeof station?.id === 'string') seen.set(station.id, station);
  } catch {
    // unreadable: start afresh
  }
  return seen;
}

/** Keeps the stations of the latest answer (their distances are from where the rider was then). */
export function rememberStations(stations: readonly NearbyStation[]): void {
  const map = load();
  for (const station of stations) {
    map.delete(station.id);
    map.set(station.id, station);
  }
  while (map.size > MAX) map.delete(map.keys().next().value as string);
  try {
    storage()?.setItem(KEY, JSON.stringify([...map.values()]));
  } catch {
    // full or refused: the tab's memory still has them
  }
}

export function findSeenStation(id: string): NearbyStation | null {
  return load().get(id) ?? null;
}
