// The stations' HTTP routes: the rider's nearest-station search (public: a worker not yet a member
// needs water too), and the console's placing and editing of a union's stations.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf, staffRoute, type Role } from '../../platform/access/access.js';
import { actorOf, requireStaff } from '../../platform/http/guard.js';
import { IdParams, Limit } from '../../platform/http/zod.js';
import { AMENITIES, STATION_KINDS, STATION_STATUSES } from './rules.js';
import { nearestStations } from './service/nearest.js';
import { getStation } from './service/read.js';
import { createStation, updateStation } from './service/write.js';

const staff = <const R extends Role>(role: R) => staffRoute('stations', role);

const Opening = z.strictObject({ opens: z.string().max(5), closes: z.string().max(5) });
const Hours = z.union([
  z.strictObject({ alwaysOpen: z.literal(true) }),
  z.strictObject({
    alwaysOpen: z.literal(false),
    days: z.partialRecord(z.enum(['1', '2', '3', '4', '5', '6', '7']), z.array(Opening).max(4)),
  }),
]);
const Point = z.strictObject({ lng: z.number(), lat: z.number() });
const Amenity = z.enum(AMENITIES);

const StationBody = z.strictObject({
  orgId: z.uuid(),
  name: z.string().trim().min(2).max(60),
  kind: z.enum(STATION_KINDS),
  host: z.string().trim().max(100).nullish(),
  address: z.string().trim().min(2).max(200),
  regionCode: z.string().regex(/^\d{6}(\d{3})?$/),
  /** Where the station is, as AMap or Tencent Maps give it (GCJ-02). */
  gcj02: Point,
  hours: Hours,
  amenities: z.array(Amenity).max(AMENITIES.length),
  amenityHours: z.partialRecord(Amenity, Hours).optional(),
  areaM2: z.number().int().min(1).max(100_000).nullish(),
  phone: z.string().trim().max(30).nullish(),
});

const StationResponse = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  kind: z.enum(STATION_KINDS),
  host: z.string().nullable(),
  address: z.string(),
  regionCode: z.string(),
  wgs84: Point,
  gcj02: Point,
  hours: Hours,
  amenities: z.array(Amenity),
  amenityHours: z.partialRecord(Amenity, Hours),
  areaM2: z.number().nullable(),
  phone: z.string().nullable(),
  status: z.enum(STATION_STATUSES),
});

const NearbyResponse = StationResponse.extend({ distanceM: z.number(), ridingMinutes: z.number(), openNow: z.boolean() });

const NearestQuery = z.strictObject({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
  datum: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  amenity: z.union([Amenity, z.array(Amenity).max(AMENITIES.length)]).optional(),
  openNow: z.stringbool().default(false),
  limit: Limit(50, 10),
});

export const stationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.platform.db;

  app.get(
    '/api/member/stations/nearest',
    {
      config: { access: { auth: 'public' } },
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

  app.get(
    '/api/console/stations/:stationId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'getStation',
        summary: '驿站详情',
        params: IdParams('stationId'),
        response: { 200: StationResponse },
      },
    },
    async (req) => getStation(db, scopeOf(requireStaff(req)), req.params.stationId),
  );

  app.post(
    '/api/console/stations',
    {
      config: staff('operator'),
      schema: {
        tags: ['stations'],
        operationId: 'createStation',
        summary: '新建驿站（坐标按高德/腾讯地图的 GCJ-02 填写）',
        body: StationBody,
        response: { 201: StationResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await createStation(db, actorOf(req), scopeOf(requireStaff(req)), req.body)),
  );

  app.put(
    '/api/console/stations/:stationId',
    {
      config: staff('operator'),
      schema: {
        tags: ['stations'],
        operationId: 'updateStation',
        summary: '修改驿站',
        params: IdParams('stationId'),
        body: StationBody,
        response: { 200: StationResponse },
      },
    },
    async (req) => updateStation(db, actorOf(req), scopeOf(requireStaff(req)), req.params.stationId, req.body),
  );
};
