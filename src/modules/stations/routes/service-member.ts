// The rider's side of station services: a station's page (what it offers and what is coming), the
// service days and events nearby, signing up, ordering a service and rating it, and checking in.
import { z } from 'zod';
import { requireMember } from '../../../platform/http/guard.js';
import { Day, IdParams } from '../../../platform/http/zod.js';
import { shanghaiDay } from '../../../platform/db/columns.js';
import { stationServiceErrors } from '../errors.js';
import { servicesOffered } from '../service/catalogue.js';
import { cancelSignUp, listMemberSignUps, signUp, stationEventDays, upcomingNear } from '../service/events.js';
import { cancelOwnOrder, listMemberOrders, placeOrder, rateOrder } from '../service/orders.js';
import { findOpenStation } from '../service/read.js';
import { checkIn } from '../service/visits.js';
import { member, open, type StationsApp } from './access.js';
import { StationResponse } from './contracts.js';
import { EventDayResponse, OrderBody, OrderResponse, ServiceResponse } from './service-contracts.js';

const NearbyEventResponse = EventDayResponse.extend({
  station: z.object({ id: z.string(), name: z.string(), address: z.string(), distanceM: z.number() }),
});

const SignUpParams = z.strictObject({ eventId: z.uuid(), day: Day });

export function registerServiceMemberRoutes(app: StationsApp): void {
  const p = app.platform;
  const db = p.db;

  app.get(
    '/api/member/stations/:stationId',
    {
      config: open,
      schema: {
        tags: ['stations'],
        operationId: 'memberStation',
        summary: '驿站页：驿站信息、可预约的服务、今后两周的服务日和活动',
        params: IdParams('stationId'),
        response: {
          200: z.object({ station: StationResponse, services: z.array(ServiceResponse), events: z.array(EventDayResponse) }),
        },
      },
    },
    async (req) => {
      const station = await findOpenStation(db, req.params.stationId);
      if (!station) throw stationServiceErrors.stationGone();
      const today = new Date();
      const [services, events] = await Promise.all([
        servicesOffered(db, station.orgId),
        stationEventDays(db, station.id, shanghaiDay(today), shanghaiDay(new Date(today.getTime() + 14 * 86_400_000))),
      ]);
      return { station, services, events };
    },
  );

  app.get(
    '/api/member/station-events/nearby',
    {
      config: open,
      schema: {
        tags: ['stations'],
        operationId: 'nearbyStationEvents',
        summary: '附近 5 公里内驿站今后两周的服务日和活动',
        querystring: z.strictObject({
          lng: z.coerce.number().min(-180).max(180),
          lat: z.coerce.number().min(-90).max(90),
          datum: z.enum(['wgs84', 'gcj02']).default('wgs84'),
        }),
        response: { 200: z.object({ items: z.array(NearbyEventResponse) }) },
      },
    },
    async (req) => ({ items: await upcomingNear(db, { at: { lng: req.query.lng, lat: req.query.lat }, datum: req.query.datum }) }),
  );

  app.get(
    '/api/member/station-signups',
    {
      config: member,
      schema: {
        tags: ['stations'],
        operationId: 'myStationSignUps',
        summary: '我报名的服务日和活动（今天及以后）',
        response: { 200: z.object({ items: z.array(z.object({ eventId: z.string(), day: z.string() })) }) },
      },
    },
    async (req) => ({ items: await listMemberSignUps(db, requireMember(req).accountId) }),
  );

  app.put(
    '/api/member/station-events/:eventId/days/:day/signup',
    {
      config: member,
      schema: {
        tags: ['stations'],
        operationId: 'signUpStationEvent',
        summary: '报名某天的服务日或活动（重复报名不重复占名额）',
        params: SignUpParams,
        response: { 200: EventDayResponse },
      },
    },
    async (req) => signUp(db, requireMember(req).accountId, req.params.eventId, req.params.day),
  );

  app.delete(
    '/api/member/station-events/:eventId/days/:day/signup',
    {
      config: member,
      schema: {
        tags: ['stations'],
        operationId: 'cancelStationEventSignUp',
        summary: '取消报名',
        params: SignUpParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await cancelSignUp(db, requireMember(req).accountId, req.params.eventId, req.params.day);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/member/stations/:stationId/orders',
    {
      config: member,
      schema: {
        tags: ['stations'],
        operationId: 'placeStationOrder',
        summary: '预约驿站服务（数字化点单）：选服务和时段；受理后短信通知',
        params: IdParams('stationId'),
        body: OrderBody,
        response: { 201: OrderResponse },
      },
    },
    async (req, reply) => {
      const me = requireMember(req);
      const order = await placeOrder(p, { accountId: me.accountId, phone: me.phone }, { ...req.body, stationId: req.params.stationId });
      return reply.code(201).send(order);
    },
  );

  app.get(
    '/api/member/station-orders',
    {
      config: member,
      schema: {
        tags: ['stations'],
        operationId: 'myStationOrders',
        summary: '我的服务预约',
        response: { 200: z.object({ items: z.array(OrderResponse) }) },
      },
    },
    async (req) => ({ items: await listMemberOrders(db, requireMember(req).accountId) }),
  );

  app.post(
    '/api/member/station-orders/:orderId/cancel',
    {
      config: member,
      schema: {
        tags: ['stations'],
        operationId: 'cancelMyStationOrder',
        summary: '取消我的预约（完成前）',
        params: IdParams('orderId'),
        response: { 200: OrderResponse },
      },
    },
    async (req) => cancelOwnOrder(db, requireMember(req).accountId, req.params.orderId),
  );

  app.post(
    '/api/member/station-orders/:orderId/rating',
    {
      config: member,
      schema: {
        tags: ['stations'],
        operationId: 'rateStationOrder',
        summary: '评价已完成的服务（1–5 星，一次）',
        params: IdParams('orderId'),
        body: z.strictObject({ stars: z.number().int().min(1).max(5), comment: z.string().trim().max(200).nullish() }),
        response: { 200: OrderResponse },
      },
    },
    async (req) => rateOrder(db, requireMember(req).accountId, req.params.orderId, req.body),
  );

  app.post(
    '/api/member/station-check-ins',
    {
      config: member,
      schema: {
        tags: ['stations'],
        operationId: 'checkInAtStation',
        summary: '扫驿站二维码签到（每人每站每天计一次）',
        body: z.strictObject({ code: z.string().min(1).max(1000) }),
        response: {
          200: z.object({
            station: z.object({ id: z.string(), name: z.string(), address: z.string() }),
            day: z.string(),
            counted: z.boolean(),
            visitsToday: z.number(),
          }),
        },
      },
    },
    async (req) => checkIn(p, requireMember(req).accountId, req.body.code),
  );
}
