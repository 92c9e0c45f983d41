// The console's placing and editing of a union's stations.
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { IdParams, Limit, Reason } from '../../../platform/http/zod.js';
import { AMENITIES, STATION_KINDS, STATION_STATUSES } from '../rules.js';
import { getStation, listStations } from '../service/read.js';
import { changeStationStatus, createStation, updateStation } from '../service/write.js';
import { staff, type StationsApp } from './access.js';
import { StationBody, StationResponse } from './contracts.js';

const StationListQuery = z.strictObject({
  orgId: z.uuid().optional(),
  kind: z.enum(STATION_KINDS).optional(),
  status: z.enum(STATION_STATUSES).optional(),
  amenity: z.enum(AMENITIES).optional(),
  q: z.string().max(60).optional(),
  cursor: z.string().max(80).optional(),
  limit: Limit(200, 50),
});

export function registerConsoleRoutes(app: StationsApp): void {
  const db = app.platform.db;

  app.get(
    '/api/console/stations',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'listStations',
        summary: '驿站列表（本级及下级工会的驿站，可按类型、状态、设施和名称筛选）',
        querystring: StationListQuery,
        response: { 200: z.object({ items: z.array(StationResponse), nextCursor: z.string().nullable(), total: z.number() }) },
      },
    },
    async (req) => listStations(db, scopeOf(requireStaff(req)), req.query),
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

  app.post(
    '/api/console/stations/:stationId/status',
    {
      config: { ...staff('operator'), problems: [409] },
      schema: {
        tags: ['stations'],
        operationId: 'changeStationStatus',
        summary: '暂停开放、恢复开放或永久关闭驿站（须填写原因，记入审计；只有开放的驿站能被骑手找到）',
        params: IdParams('stationId'),
        body: z.strictObject({ status: z.enum(STATION_STATUSES), reason: Reason }),
        response: { 200: StationResponse },
      },
    },
    async (req) => changeStationStatus(db, actorOf(req), scopeOf(requireStaff(req)), req.params.stationId, req.body),
  );
}
