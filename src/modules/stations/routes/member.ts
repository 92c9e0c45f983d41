// What a rider sees in the H5: the stations near them (public: a worker not yet a member needs water too).
import { z } from 'zod';
import { Limit } from '../../../platform/http/zod.js';
import { AMENITIES } from '../rules.js';
import { nearestStations } from '../service/nearest.js';
import { open, type StationsApp } from './access.js';
import { Amenity, NearbyResponse } from './contracts.js';

const NearestQuery = z.strictObject({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  datum: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  amenity: z.union([Amenity, z.array(Amenity).max(AMENITIES.length)]).optional(),
  openNow: z.stringbool().default(false),
  limit: Limit(50, 10),
});

export function registerMemberRoutes(app: StationsApp): void {
  const db = app.platform.db;

  app.get(
    '/api/member/stations/nearest',
    {
      config: open,
      schema: {
        tags: ['stations'],
        operationId: 'nearestStations',
        summary: '附近的驿站：按距离排序，可按设施和“正在开放”筛选（经纬度可为 WGS-84 或 GCJ-02）',
        querystring: NearestQuery,
        response: { 200: z.object({ items: z.array(NearbyResponse) }) },
      },
    },
    async (req) => {
      const { lng, lat, datum, amenity, openNow, limit } = req.query;
      const amenities = amenity === undefined ? [] : Array.isArray(amenity) ? amenity : [amenity];
      return { items: await nearestStations(db, { at: { lng, lat }, datum, amenities, openNow, limit }) };
    },
  );
}
