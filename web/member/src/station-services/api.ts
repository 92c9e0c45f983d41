// The station services pages' calls: a station's page (public), the days coming up nearby (public),
// and the member's sign-ups, orders and check-ins.
import { client } from '../../../shared/api-client.ts';
import type { ApiResponse } from '../../../shared/api-types.ts';

export type StationPageData = ApiResponse<'/api/member/stations/{stationId}', 'get'>;
export type StationDetail = StationPageData['station'];
export type StationService = StationPageData['services'][number];
export type StationEventDay = StationPageData['events'][number];
export type NearbyEventDay = ApiResponse<'/api/member/station-events/nearby', 'get'>['items'][number];
export type SignUp = ApiResponse<'/api/member/station-signups', 'get'>['items'][number];
export type StationOrder = ApiResponse<'/api/member/station-orders', 'get'>['items'][number];
export type CheckIn = ApiResponse<'/api/member/station-check-ins', 'post'>;

// A station's page is asked for by its page and again by the order form a tap later: one answer
// serves both for a short while (places left and services change slowly; the server checks anyway).
const KEEP_MS = 30_000;
const pages = new Map<string, { at: number; answer: Promise<StationPageData> }>();

export const stationServicesApi = {
  stationPage: (stationId: string, { fresh = false }: { fresh?: boolean } = {}): Promise<StationPageData> => {
    const kept = pages.get(stationId);
    if (kept && !fresh && Date.now() - kept.at < KEEP_MS) return kept.answer;
    const answer = client.get('/api/member/stations/{stationId}', { params: { stationId } });
    pages.set(stationId, { at: Date.now(), answer });
    answer.catch(() => pages.delete(stationId));
    return answer;
  },
  /** Forgets a station's page (after a sign-up changes its places left). */
  forget: (stationId: string) => void pages.delete(stationId),
  nearbyEvents: (at: { lng: number; lat: number }, signal?: AbortSignal) =>
    client.get('/api/member/station-events/nearby', { query: { lng: at.lng, lat: at.lat, datum: 'wgs84' }, ...(signal ? { signal } : {}) }),
  signUps: () => client.get('/api/member/station-signups'),
  signUp: (eventId: string, day: string) =>
    client.put('/api/member/station-events/{eventId}/days/{day}/signup', { params: { eventId, day } }),
  cancelSignUp: (eventId: string, day: string) =>
    client.delete('/api/member/station-events/{eventId}/days/{day}/signup', { params: { eventId, day } }),
  placeOrder: (stationId: string, body: { serviceId: string; slotAt: string; note?: string | null }) =>
    client.post('/api/member/stations/{stationId}/orders', { params: { stationId }, body }),
  orders: () => client.get('/api/member/station-orders'),
  cancelOrder: (orderId: string) => client.post('/api/member/station-orders/{orderId}/cancel', { params: { orderId } }),
  rateOrder: (orderId: string, body: { stars: number; comment?: string | null }) =>
    client.post('/api/member/station-orders/{orderId}/rating', { params: { orderId }, body }),
  checkIn: (code: string) => client.post('/api/member/station-check-ins', { body: { code } }),
};
