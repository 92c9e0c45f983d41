// What a rider sees in the H5: the stations near them (public: a worker not yet a member needs water too).
import { z } from 'zod';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../../platform/geo/coords.js';
import { RIDING_CIRCLE_MINUTES } from '../rules.js';
import { nearestFromIndex, nearestStationsBySql } from '../service/nearest.js';
import { open, type StationsApp } from './access.js';
import { nearestBody, NearestResponse, stationJsonBytes, type NearbyItem } from './nearest-body.js';
import { NearestQuery, nearestQueryValidator } from './nearest-query.js';

const MapSettings = z.object({
  /** A Leaflet tile URL template, or null: no tiles, markers and the list only. */
  tileUrl: z.string().nullable(),
  /** The datum the tiles are drawn in: place markers by the station's coordinates in it. */
  tileDatum: z.enum(['gcj02', 'wgs84']),
  subdomains: z.array(z.string()),
  attribution: z.string(),
  ridingSpeedKmh: z.number(),
  ridingCircleMinutes: z.number(),
});

export function registerMemberRoutes(app: StationsApp): void {
  const db = app.platform.db;
  const config = app.platform.config;

  app.get(
    '/api/member/stations/map-settings',
    {
      config: open,
      schema: {
        tags: ['stations'],
        operationId: 'stationMapSettings',
        summary: '驿站地图的设置：底图地址及其坐标系、骑行速度',
        response: { 200: MapSettings },
      },
    },
    async () => ({
      tileUrl: config.mapTileUrl ?? null,
      tileDatum: config.mapTileDatum,
      subdomains: config.mapTileSubdomains ? config.mapTileSubdomains.split(',').map((s) => s.trim()) : [],
      attribution: config.mapTileAttribution,
      ridingSpeedKmh: config.ridingSpeedKmh,
      ridingCircleMinutes: RIDING_CIRCLE_MINUTES,
    }),
  );

  app.get(
    '/api/member/stations/nearest',
    {
      config: open,
      schema: {
        tags: ['stations'],
        operationId: 'nearestStations',
        summary: '附近的驿站：按距离排序，可按设施和“正在开放”筛选（经纬度可为 WGS-84 或 GCJ-02）',
        querystring: NearestQuery,
        response: { 200: NearestResponse },
      },
      // The H5's plain queries checked without zod (nearest-query.ts); anything else by zod.
      validatorCompiler: nearestQueryValidator,
    },
    async (req, reply) => {
      const { lng, lat, datum, amenity, openNow, limit } = req.query;
      const amenities = amenity === undefined ? [] : Array.isArray(amenity) ? amenity : [amenity];
      const speedKmh = app.platform.config.ridingSpeedKmh;
      const here = { lng, lat };
      const wgs84 = datum === 'gcj02' ? gcj02ToWgs84(here) : here;
      const gcj02 = datum === 'gcj02' ? here : wgs84ToGcj02(here);
      const query = { at: wgs84, datum: 'wgs84' as const, amenities, openNow, limit, speedKmh };
      // From the instance's index, each station's JSON made once (nearest-body.ts); from the database
      // while the index is loading or applying a change.
      const indexed = nearestFromIndex(db, query);
      const items: NearbyItem[] =
        indexed ??
        (await nearestStationsBySql(db, query)).map(({ distanceM, ridingMinutes, openNow: openThen, ...station }) => ({
          json: stationJsonBytes(station),
          distanceM,
          ridingMinutes,
          openNow: openThen,
        }));
      return reply
        .type('application/json; charset=utf-8')
        .header('x-stations-source', indexed ? 'memory' : 'database')
        .send(nearestBody({ wgs84, gcj02 }, speedKmh, items) as never);
    },
  );
}
