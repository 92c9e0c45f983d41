// The console's uniform standard and inspections (src/modules/stations/routes/inspections.ts), and the
// page of stations they are looked at from. Every type is the server's.
import { client } from '../../../../../shared/api-client.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../../shared/api-types.ts';
import { api } from '../../../../../shared/api.ts';

export type StationStandard = ApiResponse<'/api/console/station-standards/{orgId}', 'get'>;
export type StandardItem = StationStandard['items'][number];
export type Inspection = ApiResponse<'/api/console/station-inspections/{inspectionId}', 'get'>;
export type InspectionPage = ApiResponse<'/api/console/stations/{stationId}/inspections', 'get'>;
export type InspectionBody = ApiBody<'/api/console/stations/{stationId}/inspections', 'post'>;
export type InspectionAnswer = InspectionBody['results'][number];
export type ResultKind = InspectionAnswer['result'];
export type Conclusion = Inspection['conclusion'];
export type LastInspection = ApiResponse<'/api/console/station-inspections/latest', 'get'>['items'][number];
export type InspectedStation = ApiResponse<'/api/console/stations/{stationId}', 'get'>;
export type StationPage = ApiResponse<'/api/console/stations', 'get'>;
export type StationQuery = ApiQuery<'/api/console/stations', 'get'>;

export const RESULT_KINDS = ['pass', 'fail', 'not_applicable'] as const satisfies readonly ResultKind[];

export const inspectionsApi = {
  standard: (orgId: string) => client.get('/api/console/station-standards/{orgId}', { params: { orgId } }),
  setStandard: (orgId: string, items: StandardItem[]) =>
    client.put('/api/console/station-standards/{orgId}', { params: { orgId }, body: { items } }),
  clearStandard: (orgId: string) => client.delete('/api/console/station-standards/{orgId}', { params: { orgId } }),
  list: (stationId: string, cursor: string | undefined) =>
    client.get('/api/console/stations/{stationId}/inspections', { params: { stationId }, query: cursor ? { cursor } : {} }),
  record: (stationId: string, body: InspectionBody) =>
    client.post('/api/console/stations/{stationId}/inspections', { params: { stationId }, body }),
  get: (inspectionId: string) => client.get('/api/console/station-inspections/{inspectionId}', { params: { inspectionId } }),
  /** The latest inspection of each of these stations (those never inspected are absent). */
  latest: (stationIds: string[]) =>
    stationIds.length === 0
      ? Promise.resolve({ items: [] as LastInspection[] })
      : // The shared query helper writes one value per key; the ids go as stationId=…&stationId=….
        api.get<{ items: LastInspection[] }>(
          `/api/console/station-inspections/latest?${stationIds.map((id) => `stationId=${encodeURIComponent(id)}`).join('&')}`,
        ),
  station: (stationId: string) => client.get('/api/console/stations/{stationId}', { params: { stationId } }),
  stations: (query: StationQuery) => client.get('/api/console/stations', { query }),
};
