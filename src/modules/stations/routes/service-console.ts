// The union's side of station services: its catalogue, service days and events, the orders to handle,
// the printed check-in QR, and the demand dashboard.
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { Day, IdParams, Limit, Reason } from '../../../platform/http/zod.js';
import { shanghaiDay } from '../../../platform/db/columns.js';
import { ORDER_STATUSES, SERVICE_CATEGORIES } from '../rules.js';
import { createService, listServices, updateService } from '../service/catalogue.js';
import { demandDashboard } from '../service/dashboard.js';
import { cancelEvent, createEvent, listStationEvents } from '../service/events.js';
import { getOrder, listOrders, stepOrder } from '../service/orders.js';
import { checkInCode, stationVisitsByDay } from '../service/visits.js';
import { staff, type StationsApp } from './access.js';
import { ConsoleOrderResponse, EventBody, EventDayResponse, EventResponse, ServiceBody, ServiceResponse } from './service-contracts.js';

const DayRange = z.strictObject({ from: Day.optional(), to: Day.optional() });

/** [from, to], by default the 30 days up to today (Asia/Shanghai). */
function dayRange(query: { from?: string | undefined; to?: string | undefined }, ahead = false): { from: string; to: string } {
  const today = new Date();
  const shift = (days: number) => shanghaiDay(new Date(today.getTime() + days * 86_400_000));
  return ahead ? { from: query.from ?? shift(0), to: query.to ?? shift(30) } : { from: query.from ?? shift(-29), to: query.to ?? shift(0) };
}

export function registerServiceConsoleRoutes(app: StationsApp): void {
  const p = app.platform;
  const db = p.db;

  app.get(
    '/api/console/station-services',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'listStationServices',
        summary: '驿站服务项目（本级、下级及上级工会提供的，可被会员预约）',
        response: { 200: z.object({ items: z.array(ServiceResponse) }) },
      },
    },
    async (req) => ({ items: await listServices(db, scopeOf(requireStaff(req))) }),
  );

  app.post(
    '/api/console/station-services',
    {
      config: staff('operator'),
      schema: {
        tags: ['stations'],
        operationId: 'createStationService',
        summary: '新增服务项目（本工会及下级的驿站都可预约）',
        body: ServiceBody.extend({ orgId: z.uuid() }),
        response: { 201: ServiceResponse },
      },
    },
    async (req, reply) => reply.code(201).send(await createService(db, actorOf(req), scopeOf(requireStaff(req)), req.body)),
  );

  app.put(
    '/api/console/station-services/:serviceId',
    {
      config: staff('operator'),
      schema: {
        tags: ['stations'],
        operationId: 'updateStationService',
        summary: '修改服务项目（停用后不能再预约，已有预约不受影响）',
        params: IdParams('serviceId'),
        body: ServiceBody,
        response: { 200: ServiceResponse },
      },
    },
    async (req) => updateService(db, actorOf(req), scopeOf(requireStaff(req)), req.params.serviceId, req.body),
  );

  app.get(
    '/api/console/stations/:stationId/events',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'listStationEvents',
        summary: '驿站的服务日和活动，按日期展开，含已报名人数（默认今后 30 天）',
        params: IdParams('stationId'),
        querystring: DayRange,
        response: { 200: z.object({ items: z.array(EventDayResponse) }) },
      },
    },
    async (req) => {
      const { from, to } = dayRange(req.query, true);
      return { items: await listStationEvents(db, scopeOf(requireStaff(req)), req.params.stationId, from, to) };
    },
  );

  app.post(
    '/api/console/stations/:stationId/events',
    {
      config: staff('operator'),
      schema: {
        tags: ['stations'],
        operationId: 'createStationEvent',
        summary: '安排服务日（如每月逢 7）或一次性活动',
        params: IdParams('stationId'),
        body: EventBody,
        response: { 201: EventResponse },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await createEvent(db, actorOf(req), scopeOf(requireStaff(req)), { ...req.body, stationId: req.params.stationId })),
  );

  app.post(
    '/api/console/station-events/:eventId/cancel',
    {
      config: staff('operator'),
      schema: {
        tags: ['stations'],
        operationId: 'cancelStationEvent',
        summary: '取消服务日或活动',
        params: IdParams('eventId'),
        body: z.strictObject({ reason: Reason }),
        response: { 200: EventResponse },
      },
    },
    async (req) => cancelEvent(db, actorOf(req), scopeOf(requireStaff(req)), req.params.eventId, req.body.reason),
  );

  app.get(
    '/api/console/station-orders',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'listStationOrders',
        summary: '会员在驿站的服务预约（本级及下级工会的驿站）',
        querystring: z.strictObject({
          status: z.enum(ORDER_STATUSES).optional(),
          stationId: z.uuid().optional(),
          cursor: z.string().max(80).optional(),
          limit: Limit(100, 50),
        }),
        response: { 200: z.object({ items: z.array(ConsoleOrderResponse), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => listOrders(p, scopeOf(requireStaff(req)), req.query),
  );

  app.get(
    '/api/console/station-orders/:orderId',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'getStationOrder',
        summary: '服务预约详情',
        params: IdParams('orderId'),
        response: { 200: ConsoleOrderResponse },
      },
    },
    async (req) => getOrder(p, scopeOf(requireStaff(req)), req.params.orderId),
  );

  app.post(
    '/api/console/station-orders/:orderId/steps',
    {
      config: staff('operator'),
      schema: {
        tags: ['stations'],
        operationId: 'stepStationOrder',
        summary: '受理（指派工作人员或志愿者）、完成或取消服务预约；会员收到短信',
        params: IdParams('orderId'),
        body: z.discriminatedUnion('action', [
          z.strictObject({
            action: z.literal('accept'),
            assigneeStaffId: z.uuid().nullish(),
            assigneeName: z.string().trim().min(2).max(30).nullish(),
          }),
          z.strictObject({ action: z.literal('complete') }),
          z.strictObject({ action: z.literal('cancel'), reason: Reason }),
        ]),
        response: { 200: ConsoleOrderResponse },
      },
    },
    async (req) => stepOrder(p, actorOf(req), scopeOf(requireStaff(req)), req.params.orderId, req.body),
  );

  app.get(
    '/api/console/stations/:stationId/check-in-code',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'stationCheckInCode',
        summary: '驿站签到二维码（打印张贴；会员用微信扫码即签到）',
        params: IdParams('stationId'),
        response: {
          200: z.object({
            stationId: z.string(),
            stationName: z.string(),
            orgName: z.string(),
            url: z.string(),
            token: z.string(),
            expiresAt: z.date(),
          }),
        },
      },
    },
    async (req) => checkInCode(p, scopeOf(requireStaff(req)), req.params.stationId, p.config.publicUrl ?? `${req.protocol}://${req.host}`),
  );

  app.get(
    '/api/console/stations/:stationId/visits',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'stationVisits',
        summary: '驿站每天的签到人数（默认最近 30 天）',
        params: IdParams('stationId'),
        querystring: DayRange,
        response: { 200: z.object({ items: z.array(z.object({ day: z.string(), visits: z.number() })) }) },
      },
    },
    async (req) => {
      const { from, to } = dayRange(req.query);
      return { items: await stationVisitsByDay(p, scopeOf(requireStaff(req)), req.params.stationId, from, to) };
    },
  );

  app.get(
    '/api/console/station-dashboard',
    {
      config: staff('viewer'),
      schema: {
        tags: ['stations'],
        operationId: 'stationDashboard',
        summary: '驿站服务看板：按服务和地区的预约需求、完成与评价、每天签到（默认最近 30 天）',
        querystring: DayRange.extend({ orgId: z.uuid().optional() }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            stations: z.object({ open: z.number(), total: z.number() }),
            orders: z.object({
              total: z.number(),
              byStatus: z.partialRecord(z.enum(ORDER_STATUSES), z.number()),
              ratedCount: z.number(),
              averageRating: z.number().nullable(),
            }),
            byCategory: z.array(z.object({ category: z.enum(SERVICE_CATEGORIES), orders: z.number(), done: z.number() })),
            byService: z.array(
              z.object({
                serviceId: z.string(),
                name: z.string(),
                category: z.enum(SERVICE_CATEGORIES),
                orders: z.number(),
                averageRating: z.number().nullable(),
              }),
            ),
            byArea: z.array(
              z.object({ regionCode: z.string(), name: z.string(), orders: z.number(), visits: z.number(), stations: z.number() }),
            ),
            visitsByDay: z.array(z.object({ day: z.string(), visits: z.number() })),
            topStations: z.array(z.object({ stationId: z.string(), name: z.string(), visits: z.number(), orders: z.number() })),
          }),
        },
      },
    },
    // From the standby when there is one (DATABASE_READ_URL): a dashboard may be a few seconds old.
    async (req) => demandDashboard(p.readDb(), scopeOf(requireStaff(req)), { orgId: req.query.orgId, ...dayRange(req.query) }),
  );
}
