// The stations pages' calls: the map's settings and the nearest stations (both public: a worker who
// has not joined yet needs water too).
import { client } from '../../../shared/api-client.ts';
import { request } from '../../../shared/api.ts';
import type { ApiResponse } from '../../../shared/api-types.ts';
import type { Amenity } from './rules.ts';

export type NearestList = ApiResponse<'/api/member/stations/nearest', 'get'>;
export type NearbyStation = NearestList['items'][number];
export type MapSettings = ApiResponse<'/api/member/stations/map-settings', 'get'>;
export type LngLat = NearbyStation['wgs84'];

export interface NearestQuery {
  /** Where the rider is, as the browser's geolocation gives it (WGS-84). */
  at: LngLat;
  amenities: readonly Amenity[];
  openNow: boolean;
}

/** The same path the typed client would call, with `amenity` repeated once per amenity (its query type takes no lists). */
export function nearestPath(query: NearestQuery, limit = 10): string {
  const params = new URLSearchParams({ lng: String(query.at.lng), lat: String(query.at.lat), datum: 'wgs84', limit: String(limit) });
  for (const amenity of query.amenities) params.append('amenity', amenity);
  if (query.openNow) params.set('openNow', 'true');
  return `/api/member/stations/nearest?${params.toString()}`;
}

let settings: Promise<MapSettings> | null = null;

export const stationsApi = {
  nearest: (query: NearestQuery, signal?: AbortSignal) => request<NearestList>(nearestPath(query), signal ? { signal } : {}),
  /** Asked once per page load: the tile server and the riding circle do not change while a rider looks. */
  mapSettings: (): Promise<MapSettings> => {
    settings ??= client.get('/api/member/stations/map-settings').catch((error: unknown) => {
      settings = null;
      throw error;
    });
    return settings;
  },
};
