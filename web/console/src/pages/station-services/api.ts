// The console's station-services API (src/modules/stations/routes/service-console.ts): the unions'
// catalogue, service days and events per station, the orders to handle, the printed check-in code,
// visits per day and the demand dashboard. Every type is the server's, generated from its OpenAPI document.
import { client } from '../../../../shared/api-client.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../shared/api-types.ts';

const SV = '/api/console/station-services' as const;
const OR = '/api/console/station-orders' as const;
const ST = '/api/console/stations' as const;

export type StationService = ApiResponse<'/api/console/station-services', 'get'>['items'][number];
export type ServiceCategory = StationService['category'];
export type CreateServiceBody = ApiBody<'/api/console/station-services', 'post'>;
export type UpdateServiceBody = ApiBody<'/api/console/station-services/{serviceId}', 'put'>;

export type EventDay = ApiResponse<'/api/console/stations/{stationId}/events', 'get'>['items'][number];
export type StationEvent = EventDay['event'];
export type EventKind = StationEvent['kind'];
export type Recurrence = NonNullable<StationEvent['recurrence']>;
export type EventBody = ApiBody<'/api/console/stations/{stationId}/events', 'post'>;

export type StationOrder = ApiResponse<'/api/console/station-orders/{orderId}', 'get'>;
export type OrderPage = ApiResponse<'/api/console/station-orders', 'get'>;
export type OrderStatus = StationOrder['status'];
export type OrderStep = ApiBody<'/api/console/station-orders/{orderId}/steps', 'post'>;

export type CheckInCode = ApiResponse<'/api/console/stations/{stationId}/check-in-code', 'get'>;
export type VisitDay = ApiResponse<'/api/console/stations/{stationId}/visits', 'get'>['items'][number];
export type Dashboard = ApiResponse<'/api/console/station-dashboard', 'get'>;
export type DashboardQuery = ApiQuery<'/api/console/station-dashboard', 'get'>;

/** A station as the list finds it (the picker's options). */
export type StationSummary = ApiResponse<'/api/console/stations', 'get'>['items'][number];

/** The queue's tabs, in the order staff work them: what waits first. */
export const ORDER_STATUSES = ['ordered', 'accepted', 'done', 'cancelled'] as const satisfies readonly OrderStatus[];

export const SERVICE_CATEGORIES = [
  'job_guidance',
  'legal_aid',
  'counselling',
  'youth_social',
  'technical_help',
  'health',
  'social_insurance',
  'phone_care',
  'other',
] as const satisfies readonly ServiceCategory[];

export const stationServicesApi = {
  services: () => client.get(SV),
  createService: (body: CreateServiceBody) => client.post(SV, { body }),
  updateService: (serviceId: string, body: UpdateServiceBody) => client.put(`${SV}/{serviceId}`, { params: { serviceId }, body }),

  events: (stationId: string, range: { from: string; to: string }) =>
    client.get(`${ST}/{stationId}/events`, { params: { stationId }, query: range }),
  createEvent: (stationId: string, body: EventBody) => client.post(`${ST}/{stationId}/events`, { params: { stationId }, body }),
  cancelEvent: (eventId: string, reason: string) =>
    client.post('/api/console/station-events/{eventId}/cancel', { params: { eventId }, body: { reason } }),

  /** A page of the subtree's orders, newest first; `cursor` is the page before's `nextCursor`. */
  orders: (query: { status?: OrderStatus | undefined; stationId?: string | undefined }, cursor: string | undefined, limit = 50) =>
    client.get(OR, {
      query: {
        limit,
        ...(query.status ? { status: query.status } : {}),
        ...(query.stationId ? { stationId: query.stationId } : {}),
        ...(cursor ? { cursor } : {}),
      },
    }),
  order: (orderId: string) => client.get(`${OR}/{orderId}`, { params: { orderId } }),
  step: (orderId: string, body: OrderStep) => client.post(`${OR}/{orderId}/steps`, { params: { orderId }, body }),

  checkInCode: (stationId: string) => client.get(`${ST}/{stationId}/check-in-code`, { params: { stationId } }),
  visits: (stationId: string, range: { from: string; to: string }) =>
    client.get(`${ST}/{stationId}/visits`, { params: { stationId }, query: range }),
  dashboard: (query: DashboardQuery) => client.get('/api/console/station-dashboard', { query }),

  /** Stations of the subtree whose name, host or address holds `q` (the pickers). */
  findStations: (q: string, limit = 20) => client.get(ST, { query: { limit, ...(q ? { q } : {}) } }),
  station: (stationId: string) => client.get(`${ST}/{stationId}`, { params: { stationId } }),
};
